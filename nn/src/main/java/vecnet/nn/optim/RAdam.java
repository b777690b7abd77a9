package vecnet.nn.optim;

import java.util.List;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * Rectified Adam (Liu et al. 2020), as PyTorch: Adam's moments; with ρ∞ = 2/(1 − β2) − 1 and
 * ρt = ρ∞ − 2t·β2^t/(1 − β2^t), the step is lr·m̂·r·√(1 − β2^t)/(√v + ε) with the rectifier
 * r = √((ρt − 4)(ρt − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρt)) once ρt > 5, and plain momentum SGD lr·m̂ before
 * (the variance estimate is not yet trustworthy). Defaults lr 1e-3, β (0.9, 0.999), ε 1e-8.
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link Optimizer}); step updates the parameters and their
 * per-parameter buffers in place.
 */
public final class RAdam extends GroupedOptimizer<RAdam.Options> {
    /** RAdam with learning rate {@code lr}, the other options at their defaults. */
    public RAdam(List<Var> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    public RAdam(List<Var> params, Options options) {
        super(params, options);
    }

    /**
     * RAdam's hyper-parameters under PyTorch's names lr, beta1/beta2 ({@code betas}), eps, weight_decay,
     * decoupled_weight_decay. Defaults as PyTorch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight
     * decay (L2 when set, AdamW-style when decoupled). Validated as {@link Adam.Options}.
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean decoupledWeightDecay)
            implements OptimizerOptions {
        public Options {
            Adam.checkAdam(lr, beta1, beta2, eps, weightDecay);
        }

        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false);
        }

        public Options lr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }

        public Options beta1(double beta1) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }

        public Options beta2(double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }

        public Options eps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }

        public Options weightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }

        public Options decoupledWeightDecay(boolean decoupledWeightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }

        /** Both betas, PyTorch's {@code betas=(beta1, beta2)}. */
        public Options betas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        Options o = options(group);
        long t = s.nextStep();
        double lr = o.lr();
        double b1 = o.beta1();
        double b2 = o.beta2();
        float wd = (float) o.weightDecay();
        boolean decoupled = o.decoupledWeightDecay();
        float[] m = s.buffer("exp_avg", 0f);
        float[] v = s.buffer("exp_avg_sq", 0f);
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        double rhoInf = 2 / (1 - b2) - 1;
        double rhoT = rhoInf - 2 * t * Math.pow(b2, t) / bc2;
        boolean rectified = rhoT > 5;
        double rect = rectified ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        float plainStep = (float) (lr / bc1);
        float adaptiveStep = (float) (lr / bc1 * rect * Math.sqrt(bc2));
        float decay = decoupled ? (float) (1 - lr * wd) : 1f;
        float l2 = decoupled ? 0f : wd;
        Simd.radamUpdate(m.length, param.data(), param.offset(), grad.data(), grad.offset(), m, 0, v, 0, (float) b1,
                (float) b2, (float) (1 - b1), (float) (1 - b2), rectified, rectified ? adaptiveStep : plainStep,
                (float) o.eps(), decay, l2);
    }
}
