package vecnet.nn.optim;

/**
 * lr = base · γ^⌊epoch / stepSize⌋ (γ defaults to 0.1 as in PyTorch).
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link LRScheduler}); step advances the epoch and writes the
 * optimizer's lr.
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        this.stepSize = Check.atLeastOne("stepSize", stepSize);
        this.gamma = Check.positive("gamma", gamma);
    }

    @Override
    protected double lrAt(double base, int epoch) {
        return base * Math.pow(gamma, epoch / stepSize);
    }
}
