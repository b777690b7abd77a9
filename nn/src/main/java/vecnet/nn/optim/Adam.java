package vecnet.nn.optim;

import java.util.List;
import java.util.Map;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * Adam (Kingma & Ba 2015), as PyTorch: g ← ∇ + wd·p (L2; AdamW decays p directly instead);
 * m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; p ← p − lr/(1 − β1^t) · m / (√v/√(1 − β2^t) + ε),
 * with AMSGrad using max(v) so far. Defaults lr 1e-3, β (0.9, 0.999), ε 1e-8.
 */
public final class Adam extends Optimizer {
    public Adam(List<Var> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(List<Var> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad) {
        super(params, options("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay,
                "amsgrad", amsgrad ? 1 : 0));
    }

    @Override
    protected void validate(Map<String, Double> o) {
        super.validate(o);
        validateAdam(o);
    }

    static void validateAdam(Map<String, Double> o) {
        requireRange(o, "beta1", 0, 1, true);
        requireRange(o, "beta2", 0, 1, true);
        requireRange(o, "eps", 0, Double.MAX_VALUE, false);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        adamUpdate(group, param, grad, s, false);
    }

    /** The shared Adam/AdamW step; {@code decoupled} selects AdamW's weight decay. */
    static void adamUpdate(ParamGroup group, Tensor param, Tensor grad, ParamState s, boolean decoupled) {
        long t = s.nextStep();
        double lr = group.lr();
        double b1 = group.get("beta1");
        double b2 = group.get("beta2");
        float eps = (float) group.get("eps");
        float wd = (float) group.get("weight_decay");
        boolean ams = group.get("amsgrad") != 0;
        float[] m = s.buffer("exp_avg", 0f);
        float[] v = s.buffer("exp_avg_sq", 0f);
        float[] vmax = ams ? s.buffer("max_exp_avg_sq", 0f) : null;
        float stepSize = (float) (lr / (1 - Math.pow(b1, t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(b2, t));
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        float decay = decoupled ? (float) (1 - lr * wd) : 1f;
        float l2 = decoupled ? 0f : wd;
        float[] p = param.data();
        float[] g = grad.data();
        int po = param.offset();
        int go = grad.offset();
        if (vmax == null) {
            Simd.adamUpdate(m.length, p, po, g, go, m, 0, v, 0, fb1, fb2, stepSize, bc2Sqrt, eps, decay, l2);
        } else {
            Simd.amsgradUpdate(m.length, p, po, g, go, m, 0, v, 0, vmax, 0, fb1, fb2, stepSize, bc2Sqrt, eps, decay,
                    l2);
        }
    }
}
