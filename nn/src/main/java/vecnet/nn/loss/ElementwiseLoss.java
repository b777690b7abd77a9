package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/**
 * What the losses of one term per element share: a target of the input's shape, checked, then one
 * {@link PointwiseLoss} kernel and the reduction. Each loss adds only its parameters and the values its
 * input and target may hold.
 */
abstract class ElementwiseLoss extends Loss {
    private final PointwiseLoss kind;
    private final double p;
    private final double q;

    /** p and q are the kind's parameters (0 where it has none); the loss checks its own. */
    ElementwiseLoss(PointwiseLoss kind, double p, double q, Reduction reduction) {
        super(reduction);
        this.kind = kind;
        this.p = p;
        this.q = q;
    }

    // Final: a public class inheriting it then gets no bridge method, so reflection sees this one.
    @Override
    public final Var forward(Var input, Tensor target) {
        requireShape(targetName(), target, input);
        requireValues(input, target);
        return reduce(Ops.pointwiseLoss(kind, input, target, p, q));
    }

    /** The target's name in messages. */
    String targetName() {
        return "target";
    }

    /** The loss's checks of the values, after the shape's; none unless it has a domain. */
    void requireValues(Var input, Tensor target) {
    }
}
