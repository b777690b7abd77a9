package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/**
 * Categorical cross-entropy with one-hot or probability targets (N, C): −Σ_j t_j·log p_j per sample.
 * By default the input is logits and the loss is fused with log-softmax (stable for any logits, as
 * PyTorch's CrossEntropyLoss); with {@code fromLogits = false} the input is probabilities (a softmax
 * output, as Keras' default), with log clamped at −100. MEAN averages over the N samples.
 */
public final class CategoricalCrossEntropyLoss extends Loss {
    private final boolean fromLogits;

    public CategoricalCrossEntropyLoss() {
        this(true, Reduction.MEAN);
    }

    public CategoricalCrossEntropyLoss(Reduction reduction) {
        this(true, reduction);
    }

    public CategoricalCrossEntropyLoss(boolean fromLogits, Reduction reduction) {
        super(reduction);
        this.fromLogits = fromLogits;
    }

    public Var forward(Var input, Tensor target) {
        if (fromLogits) {
            return reduce(Ops.crossEntropy(input, target));
        }
        if (input.shape().rank() != 2) {
            throw new IllegalArgumentException("input must be (N, C) probabilities, shape was " + input.shape());
        }
        requireShape("targets", target, input);
        requireRange("input", input.value(), 0, 1);
        requireRange("targets", target, 0, 1);
        return reduce(Ops.sumLastAxis(Ops.pointwiseLoss(PointwiseLoss.CROSS_ENTROPY_TERM, input, target, 0, 0)));
    }
}
