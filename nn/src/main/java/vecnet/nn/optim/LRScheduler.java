package vecnet.nn.optim;

import java.util.List;

/**
 * Learning-rate schedule over epochs (PyTorch's {@code lr_scheduler}): remembers each group's initial
 * lr and, on every {@link #step()}, sets lr = {@link #lrAt}(initial, epoch) in closed form.
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    private final double[] baseLrs;
    private int epoch;

    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null");
        }
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            baseLrs[i] = groups.get(i).lr();
        }
    }

    /** Advances one epoch and updates every group's lr. */
    public final void step() {
        epoch++;
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < baseLrs.length; i++) {
            groups.get(i).setLr(lrAt(baseLrs[i], epoch));
        }
    }

    public final int epoch() {
        return epoch;
    }

    /** The lr after {@code epoch} scheduler steps, starting from {@code base}. */
    protected abstract double lrAt(double base, int epoch);
}
