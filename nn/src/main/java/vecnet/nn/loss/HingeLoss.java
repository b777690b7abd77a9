package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/** Hinge loss for labels −1/+1: max(0, 1 − t·x) (max-margin). */
public final class HingeLoss extends Loss {
    public HingeLoss() {
        this(Reduction.MEAN);
    }

    public HingeLoss(Reduction reduction) {
        super(reduction);
    }

    public Var forward(Var input, Tensor target) {
        requireShape("target", target, input);
        requireEither("target", target, -1f, 1f);
        return reduce(Ops.pointwiseLoss(PointwiseLoss.HINGE, input, target, 0, 0));
    }
}
