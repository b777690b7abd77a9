package vecnet.nn.optim;

import java.util.List;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * Adam (Kingma & Ba 2015), as PyTorch: g ← ∇ + wd·p (L2; AdamW decays p directly instead);
 * m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; p ← p − lr/(1 − β1^t) · m / (√v/√(1 − β2^t) + ε),
 * with AMSGrad using max(v) so far. Defaults lr 1e-3, β (0.9, 0.999), ε 1e-8.
 *
 * <pre>{@code new Adam(params, Adam.Options.defaults().lr(1e-3).weightDecay(1e-4).amsgrad(true))}</pre>
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link Optimizer}); step updates the parameters and their
 * per-parameter buffers in place.
 */
public final class Adam extends GroupedOptimizer<Adam.Options> {
    /** Adam with learning rate {@code lr}, the other options at their defaults. */
    public Adam(List<Var> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    public Adam(List<Var> params, Options options) {
        super(params, options);
    }

    /**
     * Adam's hyper-parameters under PyTorch's names lr, beta1/beta2 (PyTorch's {@code betas}), eps,
     * weight_decay, amsgrad. Defaults as PyTorch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay,
     * no AMSGrad. lr, eps and weight decay must be finite and >= 0, the betas in [0, 1).
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
            implements OptimizerOptions {
        public Options {
            checkAdam(lr, beta1, beta2, eps, weightDecay);
        }

        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false);
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
    }

    /** The rules Adam's relatives share: lr, eps, weight decay finite and >= 0; betas in [0, 1). */
    static void checkAdam(double lr, double beta1, double beta2, double eps, double weightDecay) {
        Check.nonNegative("lr", lr);
        Check.beta("beta1", beta1);
        Check.beta("beta2", beta2);
        Check.nonNegative("eps", eps);
        Check.nonNegative("weight_decay", weightDecay);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        adamUpdate(options(group), param, grad, s, false);
    }

    /** The shared Adam/AdamW step; {@code decoupled} selects AdamW's weight decay. */
    static void adamUpdate(Options o, Tensor param, Tensor grad, ParamState s, boolean decoupled) {
        long t = s.nextStep();
        float[] m = s.buffer("exp_avg", 0f);
        float[] v = s.buffer("exp_avg_sq", 0f);
        float[] vmax = o.amsgrad() ? s.buffer("max_exp_avg_sq", 0f) : null;
        float stepSize = (float) (o.lr() / (1 - Math.pow(o.beta1(), t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(o.beta2(), t));
        float fb1 = (float) o.beta1();
        float fb2 = (float) o.beta2();
        float c1 = (float) (1 - o.beta1()); // in double, rounded once, as PyTorch's 1 - beta (not 1 - (float) beta)
        float c2 = (float) (1 - o.beta2());
        float eps = (float) o.eps();
        float wd = (float) o.weightDecay();
        float decay = decoupled ? (float) (1 - o.lr() * wd) : 1f;
        float l2 = decoupled ? 0f : wd;
        float[] p = param.data();
        float[] g = grad.data();
        int po = param.offset();
        int go = grad.offset();
        if (vmax == null) {
            Simd.adamUpdate(m.length, p, po, g, go, m, 0, v, 0, fb1, fb2, c1, c2, stepSize, bc2Sqrt, eps, decay, l2);
        } else {
            Simd.amsgradUpdate(m.length, p, po, g, go, m, 0, v, 0, vmax, 0, fb1, fb2, c1, c2, stepSize, bc2Sqrt, eps, decay,
                    l2);
        }
    }
}
