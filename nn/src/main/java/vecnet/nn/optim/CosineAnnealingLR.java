package vecnet.nn.optim;

/**
 * lr = η_min + (base − η_min)·(1 + cos(π·epoch / T_max)) / 2 (Loshchilov & Hutter 2017, without restarts;
 * PyTorch's closed form). Past T_max the cosine continues, as in PyTorch.
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link LRScheduler}); step advances the epoch and writes the
 * optimizer's lr.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        this.tMax = Check.atLeastOne("tMax", tMax);
        if (!(etaMin >= 0 && etaMin < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("etaMin must be >= 0 and finite, was " + etaMin);
        }
        this.etaMin = etaMin;
    }

    @Override
    protected double lrAt(double base, int epoch) {
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
