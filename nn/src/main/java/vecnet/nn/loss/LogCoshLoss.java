package vecnet.nn.loss;

import vecnet.nn.autograd.PointwiseLoss;

/**
 * log(cosh(x − t)): quadratic near 0, linear far away, smooth everywhere; overflow-free (not in PyTorch).
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class LogCoshLoss extends ElementwiseLoss {
    public LogCoshLoss() {
        this(Reduction.MEAN);
    }

    public LogCoshLoss(Reduction reduction) {
        super(PointwiseLoss.LOG_COSH, 0, 0, reduction);
    }
}
