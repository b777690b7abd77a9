package vecnet.examples;

/**
 * Trains the MLP 784-256-128-10 (ReLU) on mnist (60k images, 10 epochs by default) and evaluates the 10k test images:
 * Adam lr 1e-3, batch 64, cosine-annealed learning rate, cross-entropy. Options: {@link ImageClassification#OPTIONS}.
 */
public final class MnistMlp {
    static final ImageClassification.Recipe RECIPE = new ImageClassification.Recipe("mnist-mlp", "mnist", Models::mlp,
            Models.sampleShape("mnist-mlp"), 10, 64, 1e-3, "cosine", 0, 0);

    private MnistMlp() {
    }

    public static void main(String[] args) throws Exception {
        ImageClassification.run(RECIPE, args, System.out);
    }
}
