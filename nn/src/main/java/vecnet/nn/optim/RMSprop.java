package vecnet.nn.optim;

import java.util.List;
import java.util.Map;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;

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
        float[] p = param.data();
        float[] g = grad.data();
        int po = param.offset();
        int go = grad.offset();
        for (int i = 0; i < sq.length; i++) {
            float d = g[go + i] + wd * p[po + i];
            sq[i] = alpha * sq[i] + (1 - alpha) * d * d;
            float v = sq[i];
            if (gavg != null) {
                gavg[i] = alpha * gavg[i] + (1 - alpha) * d;
                v = Math.max(0f, v - gavg[i] * gavg[i]); // ≥ 0 exactly, but float rounding can dip below
            }
            float avg = (float) Math.sqrt(v) + eps;
            if (buf != null) {
                buf[i] = mu * buf[i] + d / avg;
                p[po + i] -= lr * buf[i];
            } else {
                p[po + i] -= lr * d / avg;
            }
        }
    }
}
