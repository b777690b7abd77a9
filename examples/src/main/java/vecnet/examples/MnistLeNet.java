package vecnet.examples;

/**
 * Trains LeNet-5 on mnist (60k images, 10 epochs by default) and evaluates the 10k test images:
 * Adam lr 1e-3, batch 64, cosine-annealed learning rate, cross-entropy, training
 * images shifted by up to 2 pixels (RandomShift). Options: {@link ImageClassification#OPTIONS}.
 */
public final class MnistLeNet {
    static final ImageClassification.Recipe RECIPE = new ImageClassification.Recipe("mnist-lenet5", "mnist", Models::lenet5,
            Models.sampleShape("mnist-lenet5"), 10, 64, 1e-3, "cosine", 2, 20);

    private MnistLeNet() {
    }

    public static void main(String[] args) throws Exception {
        ImageClassification.run(RECIPE, args, System.out);
    }
}
