package vecnet.nn.optim;

import java.util.List;
import java.util.Map;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * Stochastic gradient descent with optional momentum (Polyak), Nesterov momentum (Sutskever et al.
 * 2013), dampening and L2 weight decay, exactly as PyTorch's SGD:
 * g ← ∇ + wd·p; b ← g on the first step, else μ·b + (1 − τ)·g; g ← g + μ·b (Nesterov) or b; p ← p − lr·g.
 */
public final class SGD extends Optimizer {
    public SGD(List<Var> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    public SGD(List<Var> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, options("lr", lr, "momentum", momentum, "dampening", dampening, "weight_decay", weightDecay,
                "nesterov", nesterov ? 1 : 0));
    }

    @Override
    protected void validate(Map<String, Double> o) {
        super.validate(o);
        if (!(o.get("momentum") >= 0)) {
            throw new IllegalArgumentException("momentum must be >= 0, was " + o.get("momentum"));
        }
        if (o.get("nesterov") != 0 && (o.get("momentum") <= 0 || o.get("dampening") != 0)) {
            throw new IllegalArgumentException("nesterov needs momentum > 0 and dampening = 0, were momentum="
                    + o.get("momentum") + ", dampening=" + o.get("dampening"));
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        float mu = (float) group.get("momentum");
        boolean first = s.nextStep() == 1;
        // no buffer when momentum is 0 in float: plain SGD, where Nesterov has nothing to look ahead with
        float[] buf = mu != 0 ? s.buffer("momentum_buffer", 0f) : null;
        boolean nesterov = group.get("nesterov") != 0 && buf != null;
        Simd.sgdUpdate(param.size(), param.data(), param.offset(), grad.data(), grad.offset(), buf, 0,
                (float) group.lr(), (float) group.get("weight_decay"), mu, (float) group.get("dampening"), nesterov,
                first);
    }
}
