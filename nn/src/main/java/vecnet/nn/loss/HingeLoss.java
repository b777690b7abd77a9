package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/**
 * Binary hinge loss for labels −1/+1: max(0, 1 − t·x) (max-margin, the SVM loss). PyTorch has no loss
 * of this form: its HingeEmbeddingLoss takes distances (x for t = 1, max(0, margin − x) for t = −1) and
 * its MultiMarginLoss is the multi-class hinge, so the name stays.
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class HingeLoss extends ElementwiseLoss {
    public HingeLoss() {
        this(Reduction.MEAN);
    }

    public HingeLoss(Reduction reduction) {
        super(PointwiseLoss.HINGE, 0, 0, reduction);
    }

    @Override
    void requireValues(Var input, Tensor target) {
        requireEither("target", target, -1f, 1f);
    }
}
