package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/** Mean squared error (L2): (x − t)²; sensitive to outliers. */
public final class MSELoss extends Loss {
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Var forward(Var input, Tensor target) {
        requireShape("target", target, input);
        return reduce(Ops.pointwiseLoss(PointwiseLoss.SQUARED_ERROR, input, target, 0, 0));
    }
}
