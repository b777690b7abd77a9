package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/**
 * Binary focal loss on logits (Lin et al. 2017, torchvision's sigmoid_focal_loss): α_t·(1 − p_t)^γ·CE.
 * It down-weights easy, well-classified examples. Defaults γ = 2, α = 0.25; α < 0 disables weighting.
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class FocalLoss extends ElementwiseLoss {
    public FocalLoss() {
        this(2.0, 0.25, Reduction.MEAN);
    }

    public FocalLoss(double gamma, double alpha, Reduction reduction) {
        super(PointwiseLoss.FOCAL, gamma, alpha, reduction);
        if (!(gamma >= 0 && gamma < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("gamma must be finite and >= 0, was " + gamma);
        }
        if (!(alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be <= 1 (negative disables it), was " + alpha);
        }
    }

    @Override
    void requireValues(Var input, Tensor target) {
        requireRange("target", target, 0, 1);
    }
}
