package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * Base of the loss modules (PyTorch's {@code _Loss}): a reduction and one forward signature, so a
 * training loop can take any loss as a {@code Loss}. Losses are composed from autograd primitives (fused
 * ones where stability needs it), so they have no backward of their own. Some add convenience forms
 * beside {@link #forward(Var, Tensor)} (int labels for {@link CrossEntropyLoss}, embedding pairs for
 * {@link ContrastiveLoss}).
 *
 * <p>Thread safety: the losses of this package hold only final configuration: one instance may serve any number of
 * threads, each call building its own graph. A subclass need be thread-safe only if it is shared between threads
 * (a Trainer calls its loss from one).
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

    /**
     * The reduced loss of {@code input} (which takes the gradient) against a fixed {@code target}; what
     * the target holds (values, probabilities, class indices, labels) is documented by each loss.
     */
    public abstract Var forward(Var input, Tensor target);

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
        if (input == null) {
            throw new IllegalArgumentException("input must not be null");
        }
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
