package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * Base of the loss modules: a reduction and the target checks. Losses are composed from autograd
 * primitives (fused ones where stability needs it), so they have no backward of their own. Each
 * subclass's {@code forward} takes the input and the target it needs (a tensor, int labels, or a pair).
 */
public abstract class Loss {
    private final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("reduction must not be null");
        }
        this.reduction = reduction;
    }

    public final Reduction reduction() {
        return reduction;
    }

    /** Applies the reduction to unreduced losses. */
    protected final Var reduce(Var losses) {
        switch (reduction) {
            case MEAN: return Ops.mean(losses);
            case SUM: return Ops.sum(losses);
            case BATCH_MEAN: return Ops.scale(Ops.sum(losses), 1.0 / losses.value().shape().dim(0));
            default: return losses;
        }
    }

    /** Every element of {@code t} must lie in [lo, hi] (NaN is rejected). */
    static void requireRange(String name, Tensor t, double lo, double hi) {
        for (int i = 0; i < t.size(); i++) {
            float v = t.data()[t.offset() + i];
            if (!(v >= lo && v <= hi)) {
                throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], element " + i
                        + " was " + v);
            }
        }
    }

    /** Every element of {@code t} must be one of {@code a, b}. */
    static void requireEither(String name, Tensor t, float a, float b) {
        for (int i = 0; i < t.size(); i++) {
            float v = t.data()[t.offset() + i];
            if (v != a && v != b) {
                throw new IllegalArgumentException(name + " must be " + a + " or " + b + ", element " + i + " was " + v);
            }
        }
    }

    static void requireShape(String name, Tensor t, Var input) {
        if (t == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (!t.shape().equals(input.shape())) {
            throw new IllegalArgumentException(name + " must have the input's shape " + input.shape() + ", was "
                    + t.shape());
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(reduction=" + reduction + ")";
    }
}
