package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/** Binary cross-entropy on logits, computed stably as max(x, 0) − x·t + log(1 + e^−|x|). */
public final class BCEWithLogitsLoss extends Loss {
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Var forward(Var input, Tensor target) {
        requireShape("target", target, input);
        requireRange("target", target, 0, 1);
        return reduce(Ops.pointwiseLoss(PointwiseLoss.BINARY_CROSS_ENTROPY_WITH_LOGITS, input, target, 0, 0));
    }
}
