package vecnet.nn.loss;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/**
 * Negative log-likelihood on log-probabilities (N, C), such as {@link Ops#logSoftmax} output, with class
 * indices (N) (PyTorch's NLLLoss): −x_y per sample. The input is not checked to be ≤ 0 (PyTorch does
 * not either); a −∞ at a sample's class gives +∞. For probabilities p, pass {@code Ops.log(p)}; on
 * logits, {@link CrossEntropyLoss} is the fused, stable form. MEAN averages over the N samples.
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class NLLLoss extends Loss {
    public NLLLoss() {
        this(Reduction.MEAN);
    }

    public NLLLoss(Reduction reduction) {
        super(reduction);
    }

    /** Log-probabilities (N, C) against class indices (N) stored as floats, each an integer in [0, C). */
    @Override
    public Var forward(Var input, Tensor target) {
        int c = ClassIndices.classes("input", input);
        int n = input.shape().dim(0);
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        if (!target.shape().equals(Shape.of(n))) {
            throw new IllegalArgumentException("target must be class indices of shape " + Shape.of(n)
                    + " for the input " + input.shape() + ", was " + target.shape());
        }
        ClassIndices.check(target, c);
        return pick(input, ClassIndices.spread(null, target, n, c, 1f, 0f));
    }

    /** Log-probabilities (N, C) against class indices in [0, C), one per sample. */
    public Var forward(Var input, int[] labels) {
        int c = ClassIndices.classes("input", input);
        int n = input.shape().dim(0);
        ClassIndices.check(labels, n, c);
        return pick(input, ClassIndices.spread(labels, null, n, c, 1f, 0f));
    }

    /**
     * −x at each one-hot position: the KL term t·(log t − x) is exactly −x where t = 1 and 0 where t = 0
     * (even for x = −∞, where −t·x would be NaN), with derivative −t.
     */
    private Var pick(Var input, Tensor oneHot) {
        return reduce(Ops.sumLastAxis(Ops.pointwiseLoss(PointwiseLoss.KL_DIVERGENCE, input, oneHot, 0, 0)));
    }
}
