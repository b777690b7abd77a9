package vecnet.nn.optim;

import java.util.List;
import java.util.Map;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;

/**
 * AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay p ← p·(1 − lr·wd) before the Adam
 * step, as PyTorch. Shares {@link Adam}'s update. Defaults lr 1e-3, β (0.9, 0.999), ε 1e-8, wd 1e-2.
 */
public final class AdamW extends Optimizer {
    public AdamW(List<Var> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    public AdamW(List<Var> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad) {
        super(params, options("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay,
                "amsgrad", amsgrad ? 1 : 0));
    }

    @Override
    protected void validate(Map<String, Double> o) {
        super.validate(o);
        Adam.validateAdam(o);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        Adam.adamUpdate(group, param, grad, s, true);
    }
}
