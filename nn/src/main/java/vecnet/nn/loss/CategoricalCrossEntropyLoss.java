package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * Categorical cross-entropy with one-hot or probability targets, on logits (N, C): −Σ t·log softmax(x),
 * fused so that large logits cannot overflow. MEAN averages over the N samples.
 */
public final class CategoricalCrossEntropyLoss extends Loss {
    public CategoricalCrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    public CategoricalCrossEntropyLoss(Reduction reduction) {
        super(reduction);
    }

    public Var forward(Var logits, Tensor target) {
        return reduce(Ops.crossEntropy(logits, target));
    }
}
