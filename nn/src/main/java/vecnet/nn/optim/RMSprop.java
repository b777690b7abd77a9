package vecnet.nn.optim;

import java.util.List;
import java.util.Map;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * RMSProp (Hinton, Coursera lecture 6e), as PyTorch: g ← ∇ + wd·p; v ← α·v + (1 − α)·g²; optionally
 * centered (v − mean(g)²); with momentum b ← μ·b + g/(√v + ε), p ← p − lr·b; else p ← p − lr·g/(√v + ε).
 * Defaults lr 0.01, α 0.99, ε 1e-8.
 */
public final class RMSprop extends Optimizer {
    public RMSprop(List<Var> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0, 0, false);
    }

    public RMSprop(List<Var> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered) {
        super(params, options("lr", lr, "alpha", alpha, "eps", eps, "weight_decay", weightDecay, "momentum", momentum,
                "centered", centered ? 1 : 0));
    }

    @Override
    protected void validate(Map<String, Double> o) {
        super.validate(o);
        requireRange(o, "alpha", 0, 1, false);
        requireRange(o, "eps", 0, Double.MAX_VALUE, false);
        requireRange(o, "momentum", 0, Double.MAX_VALUE, false);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        s.nextStep();
        float lr = (float) group.lr();
        float alpha = (float) group.get("alpha");
        float eps = (float) group.get("eps");
        float wd = (float) group.get("weight_decay");
        float mu = (float) group.get("momentum");
        boolean centered = group.get("centered") != 0;
        float[] sq = s.buffer("square_avg", 0f);
        float[] gavg = centered ? s.buffer("grad_avg", 0f) : null;
        float[] buf = mu > 0 ? s.buffer("momentum_buffer", 0f) : null;
        // centered: max(0, v − ḡ²) in the kernel (≥ 0 exactly, but float rounding can dip below)
        Simd.rmspropUpdate(sq.length, param.data(), param.offset(), grad.data(), grad.offset(), sq, 0, gavg, 0, buf, 0,
                lr, alpha, eps, wd, mu);
    }
}
