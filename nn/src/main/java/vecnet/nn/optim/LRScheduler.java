package vecnet.nn.optim;

import java.util.List;

/**
 * Learning-rate schedule over epochs (PyTorch's {@code lr_scheduler}): remembers each group's initial
 * lr and, on every {@link #step()}, sets lr = {@link #lrAt}(initial, epoch) in closed form.
 *
 * <p>Thread safety: not thread-safe: one thread, the optimizer's; {@link #step()} advances the epoch and writes
 * the optimizer's lr. Subclasses here add only final configuration.
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

    /**
     * Advances one epoch and updates every group's lr.
     *
     * @throws IllegalStateException if the schedule gives a group an lr that is NaN, infinite or negative
     *         (say ExponentialLR with γ > 1 after many epochs); then no group and not the epoch change
     */
    public final void step() {
        if (epoch == Integer.MAX_VALUE) {
            throw new IllegalStateException(getClass().getSimpleName() + " has reached epoch " + epoch
                    + ", the last one an int counts");
        }
        int next = epoch + 1;
        double[] lrs = new double[baseLrs.length];
        for (int i = 0; i < baseLrs.length; i++) {
            lrs[i] = lrAt(baseLrs[i], next);
            if (!(lrs[i] >= 0 && lrs[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalStateException(getClass().getSimpleName() + " gives parameter group " + i
                        + " lr " + lrs[i] + " at epoch " + next + " (initial lr " + baseLrs[i]
                        + "); an lr must be finite and >= 0");
            }
        }
        epoch = next;
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < baseLrs.length; i++) {
            groups.get(i).setLr(lrs[i]);
        }
    }

    public final int epoch() {
        return epoch;
    }

    /**
     * Resumes at {@code epoch} scheduler steps (a checkpoint's): later {@link #step()}s continue from there. The
     * groups' current lr is not changed (a checkpoint restores it with the optimizer's state).
     */
    public final void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
        }
        this.epoch = epoch;
    }

    /** The lr after {@code epoch} scheduler steps, starting from {@code base}. */
    protected abstract double lrAt(double base, int epoch);
}
