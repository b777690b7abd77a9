package vecnet.examples;

/**
 * Trains a two-convolution CNN with batch norm and dropout on fashion-mnist (60k images, 10 epochs by default) and evaluates the 10k test images:
 * Adam lr 1e-3, batch 64, cosine-annealed learning rate, cross-entropy. Options: {@link ImageClassification#OPTIONS}.
 */
public final class FashionCnn {
    static final ImageClassification.Recipe RECIPE = new ImageClassification.Recipe("fashion-cnn", "fashion-mnist", Models::fashionCnn,
            Models.sampleShape("fashion-cnn"), 10, 64, 1e-3, "cosine", 0, 0);

    private FashionCnn() {
    }

    public static void main(String[] args) throws Exception {
        ImageClassification.run(RECIPE, args, System.out);
    }
}
