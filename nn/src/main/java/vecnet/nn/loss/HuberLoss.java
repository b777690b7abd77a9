package vecnet.nn.loss;

import vecnet.nn.autograd.PointwiseLoss;

/**
 * Huber: ½d² for |d| < δ, δ(|d| − ½δ) beyond (PyTorch's HuberLoss; δ defaults to 1).
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class HuberLoss extends ElementwiseLoss {
    public HuberLoss() {
        this(1.0, Reduction.MEAN);
    }

    public HuberLoss(double delta, Reduction reduction) {
        super(PointwiseLoss.HUBER, delta, 0, reduction);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("delta must be > 0, was " + delta);
        }
    }
}
