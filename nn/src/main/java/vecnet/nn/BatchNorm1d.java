package vecnet.nn;

/**
 * Batch normalization of (N, C) input over N, per feature.
 *
 * <p>Thread safety: in eval mode forward only reads the running statistics and may run on many threads; in
 * training mode it writes them (and the batch counter) without synchronisation: one thread.
 */
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
