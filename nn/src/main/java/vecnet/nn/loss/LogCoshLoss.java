package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/** log(cosh(x − t)): quadratic near 0, linear far away, smooth everywhere; overflow-free (not in PyTorch). */
public final class LogCoshLoss extends Loss {
    public LogCoshLoss() {
        this(Reduction.MEAN);
    }

    public LogCoshLoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Var forward(Var input, Tensor target) {
        requireShape("target", target, input);
        return reduce(Ops.pointwiseLoss(PointwiseLoss.LOG_COSH, input, target, 0, 0));
    }
}
