package vecnet.nn.loss;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * Cross-entropy with integer class labels in [0, C), on logits (N, C): fused log-softmax + NLL (PyTorch's
 * CrossEntropyLoss). MEAN averages over the N samples.
 */
public final class SparseCategoricalCrossEntropyLoss extends Loss {
    public SparseCategoricalCrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    public SparseCategoricalCrossEntropyLoss(Reduction reduction) {
        super(reduction);
    }

    public Var forward(Var logits, int[] labels) {
        return reduce(Ops.crossEntropy(logits, labels));
    }
}
