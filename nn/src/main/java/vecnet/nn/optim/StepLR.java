package vecnet.nn.optim;

/** lr = base · γ^⌊epoch / stepSize⌋ (γ defaults to 0.1 as in PyTorch). */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) {
            throw new IllegalArgumentException("stepSize must be >= 1, was " + stepSize);
        }
        if (!(gamma > 0 && gamma < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("gamma must be > 0 and finite, was " + gamma);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    protected double lrAt(double base, int epoch) {
        return base * Math.pow(gamma, epoch / stepSize);
    }
}
