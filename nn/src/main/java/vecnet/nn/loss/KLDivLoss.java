package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/**
 * Kullback-Leibler divergence as PyTorch's KLDivLoss: input = log q (log-probabilities), target = p (probabilities); t·(log t − x), 0 where t = 0. MEAN averages over all elements as PyTorch does; BATCH_MEAN (the sum over the batch size) is the true KL per sample.
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class KLDivLoss extends ElementwiseLoss {
    public KLDivLoss() {
        this(Reduction.MEAN);
    }

    public KLDivLoss(Reduction reduction) {
        super(PointwiseLoss.KL_DIVERGENCE, 0, 0, reduction);
    }

    @Override
    void requireValues(Var input, Tensor target) {
        requireRange("target", target, 0, 1);
    }
}
