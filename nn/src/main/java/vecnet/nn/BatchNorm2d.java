package vecnet.nn;

/**
 * Batch normalization of NHWC input (N, H, W, C) over N, H, W, per channel.
 *
 * <p>Thread safety: in eval mode forward only reads the running statistics and may run on many threads; in
 * training mode it writes them (and the batch counter) without synchronisation: one thread.
 */
public final class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1);
    }

    public BatchNorm2d(int channels, double eps, double momentum) {
        super(Args.requirePositive("channels", channels), eps, momentum);
    }

    @Override
    int expectedRank() {
        return 4;
    }
}
