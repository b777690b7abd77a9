package vecnet.examples;

/**
 * Sequential MNIST: an LSTM (hidden 128) reads each image row by row, 28 steps of 28 pixels, and a linear
 * layer classifies its final hidden state. Adam lr 1e-3, batch 64, cosine-annealed over 10 epochs,
 * cross-entropy; the target is at least 98% test accuracy. Options: {@link ImageClassification#OPTIONS}
 * ({@code --train-limit N --epochs E} for a quick run, {@code --scalar-steps N} to time the same step on the
 * scalar kernels in a child JVM).
 */
public final class SequentialMnist {
    static final ImageClassification.Recipe RECIPE = new ImageClassification.Recipe("mnist-lstm", "mnist",
            Models::lstm, Models.sampleShape("mnist-lstm"), 10, 64, 1e-3, "cosine", 0, 0);

    private SequentialMnist() {
    }

    public static void main(String[] args) throws Exception {
        ImageClassification.run(RECIPE, args, System.out);
    }
}
