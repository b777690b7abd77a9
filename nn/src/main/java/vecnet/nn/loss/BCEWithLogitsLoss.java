package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/**
 * Binary cross-entropy on logits, computed stably as max(x, 0) − x·t + log(1 + e^−|x|).
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class BCEWithLogitsLoss extends ElementwiseLoss {
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        super(PointwiseLoss.BINARY_CROSS_ENTROPY_WITH_LOGITS, 0, 0, reduction);
    }

    @Override
    void requireValues(Var input, Tensor target) {
        requireRange("target", target, 0, 1);
    }
}
