package vecnet.nn.optim;

import java.util.List;
import java.util.Map;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * AdaBelief (Zhuang et al. 2020): Adam whose second moment tracks the "belief" (g − m)², not g²:
 * m ← β1·m + (1 − β1)·g; s ← β2·s + (1 − β2)·(g − m)² + ε; p ← p − lr/(1 − β1^t) · m / (√s/√(1 − β2^t) + ε).
 * Weight decay is decoupled (p ← p·(1 − lr·wd)) as in the authors' adabelief-pytorch 0.2 defaults;
 * their optional rectification is not implemented. Defaults lr 1e-3, β (0.9, 0.999), ε 1e-16.
 */
public final class AdaBelief extends Optimizer {
    public AdaBelief(List<Var> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-16, 0);
    }

    public AdaBelief(List<Var> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, options("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay));
    }

    @Override
    protected void validate(Map<String, Double> o) {
        super.validate(o);
        Adam.validateAdam(o);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState st) {
        long t = st.nextStep();
        double lr = group.lr();
        double b1 = group.get("beta1");
        double b2 = group.get("beta2");
        float eps = (float) group.get("eps");
        float wd = (float) group.get("weight_decay");
        float[] m = st.buffer("exp_avg", 0f);
        float[] s = st.buffer("exp_avg_var", 0f);
        float stepSize = (float) (lr / (1 - Math.pow(b1, t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(b2, t));
        float decay = (float) (1 - lr * wd);
        Simd.adaBeliefUpdate(m.length, param.data(), param.offset(), grad.data(), grad.offset(), m, 0, s, 0, (float) b1,
                (float) b2, stepSize, bc2Sqrt, eps, decay);
    }
}
