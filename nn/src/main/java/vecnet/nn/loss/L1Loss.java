package vecnet.nn.loss;

import vecnet.nn.autograd.PointwiseLoss;

/**
 * Mean absolute error (MAE, L1): |x − t|; robust to outliers.
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class L1Loss extends ElementwiseLoss {
    public L1Loss() {
        this(Reduction.MEAN);
    }

    public L1Loss(Reduction reduction) {
        super(PointwiseLoss.ABSOLUTE_ERROR, 0, 0, reduction);
    }
}
