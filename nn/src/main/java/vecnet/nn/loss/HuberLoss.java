package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/** Huber: ½d² for |d| < δ, δ(|d| − ½δ) beyond (PyTorch's HuberLoss; δ defaults to 1). */
public final class HuberLoss extends Loss {
    private final double delta;

    public HuberLoss() {
        this(1.0, Reduction.MEAN);
    }

    public HuberLoss(double delta, Reduction reduction) {
        super(reduction);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("delta must be > 0, was " + delta);
        }
        this.delta = delta;
    }

    @Override
    public Var forward(Var input, Tensor target) {
        requireShape("target", target, input);
        return reduce(Ops.pointwiseLoss(PointwiseLoss.HUBER, input, target, delta, 0));
    }
}
