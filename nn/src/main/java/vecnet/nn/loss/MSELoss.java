package vecnet.nn.loss;

import vecnet.nn.autograd.PointwiseLoss;

/**
 * Mean squared error (L2): (x − t)²; sensitive to outliers.
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class MSELoss extends ElementwiseLoss {
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        super(PointwiseLoss.SQUARED_ERROR, 0, 0, reduction);
    }
}
