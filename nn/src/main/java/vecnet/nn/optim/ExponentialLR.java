package vecnet.nn.optim;

/**
 * lr = base · γ^epoch.
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link LRScheduler}); step advances the epoch and writes the
 * optimizer's lr.
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = Check.positive("gamma", gamma);
    }

    @Override
    protected double lrAt(double base, int epoch) {
        return base * Math.pow(gamma, epoch);
    }
}
