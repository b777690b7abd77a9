package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/**
 * Binary cross-entropy on probabilities (a sigmoid output): −[t·log p + (1 − t)·log(1 − p)], logs clamped at −100 as in PyTorch so p = 0 or 1 stays finite. Prefer {@link BCEWithLogitsLoss} on logits.
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class BCELoss extends ElementwiseLoss {
    public BCELoss() {
        this(Reduction.MEAN);
    }

    public BCELoss(Reduction reduction) {
        super(PointwiseLoss.BINARY_CROSS_ENTROPY, 0, 0, reduction);
    }

    @Override
    void requireValues(Var input, Tensor target) {
        requireRange("input", input.value(), 0, 1);
        requireRange("target", target, 0, 1);
    }
}
