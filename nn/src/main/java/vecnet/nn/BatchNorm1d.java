package vecnet.nn;

/** Batch normalization of (N, C) input over N, per feature. */
public final class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1);
    }

    public BatchNorm1d(int features, double eps, double momentum) {
        super(features, eps, momentum);
    }

    @Override
    int expectedRank() {
        return 2;
    }
}
