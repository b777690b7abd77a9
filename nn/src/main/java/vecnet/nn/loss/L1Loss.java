package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/** Mean absolute error (MAE, L1): |x − t|; robust to outliers. */
public final class L1Loss extends Loss {
    public L1Loss() {
        this(Reduction.MEAN);
    }

    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Var forward(Var input, Tensor target) {
        requireShape("target", target, input);
        return reduce(Ops.pointwiseLoss(PointwiseLoss.ABSOLUTE_ERROR, input, target, 0, 0));
    }
}
