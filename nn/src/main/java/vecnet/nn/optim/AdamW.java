package vecnet.nn.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;

/**
 * AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay p ← p·(1 − lr·wd) before the Adam
 * step, as PyTorch. Shares {@link Adam}'s update. Defaults lr 1e-3, β (0.9, 0.999), ε 1e-8, wd 1e-2.
 */
public final class AdamW extends GroupedOptimizer<AdamW.Options> {
    /** AdamW with learning rate {@code lr}, the other options at their defaults (weight decay 0.01). */
    public AdamW(List<Var> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    public AdamW(List<Var> params, Options options) {
        super(params, options);
    }

    /**
     * AdamW's hyper-parameters, named as {@link Adam.Options}. Defaults as PyTorch: lr 1e-3, betas
     * (0.9, 0.999), eps 1e-8, weight decay 0.01, no AMSGrad; validated as Adam's.
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
            implements OptimizerOptions {
        public Options {
            Adam.checkAdam(lr, beta1, beta2, eps, weightDecay);
        }

        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false);
        }

        public Options lr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        /** Both betas, PyTorch's {@code betas=(beta1, beta2)}. */
        public Options betas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options beta1(double beta1) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options beta2(double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options eps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options weightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options amsgrad(boolean amsgrad) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        @Override
        public Map<String, Double> asMap() {
            return Check.map("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay,
                    "amsgrad", amsgrad);
        }

        @Override
        public Options fromMap(Map<String, Double> values) {
            return new Options(Check.get(values, "lr"), Check.get(values, "beta1"), Check.get(values, "beta2"), Check.get(values, "eps"),
                    Check.get(values, "weight_decay"), Check.flag(values, "amsgrad"));
        }

        @Override
        public Set<String> flags() {
            return Set.of("amsgrad");
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        Adam.adamUpdate(group, param, grad, s, true);
    }
}
