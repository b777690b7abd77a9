package vecnet.nn.optim;

/** lr = base · γ^epoch. */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        if (!(gamma > 0 && gamma < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("gamma must be > 0 and finite, was " + gamma);
        }
        this.gamma = gamma;
    }

    @Override
    protected double lrAt(double base, int epoch) {
        return base * Math.pow(gamma, epoch);
    }
}
