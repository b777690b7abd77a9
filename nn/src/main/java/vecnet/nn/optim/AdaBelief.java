package vecnet.nn.optim;

import java.util.List;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * AdaBelief (Zhuang et al. 2020): Adam whose second moment tracks the "belief" (g − m)², not g²:
 * m ← β1·m + (1 − β1)·g; s ← β2·s + (1 − β2)·(g − m)² + ε; p ← p − lr/(1 − β1^t) · m / (√s/√(1 − β2^t) + ε).
 * Weight decay is decoupled (p ← p·(1 − lr·wd)) as in the authors' adabelief-pytorch 0.2 defaults;
 * their optional rectification is not implemented. Defaults lr 1e-3, β (0.9, 0.999), ε 1e-16.
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link Optimizer}); step updates the parameters and their
 * per-parameter buffers in place.
 */
public final class AdaBelief extends GroupedOptimizer<AdaBelief.Options> {
    /** AdaBelief with learning rate {@code lr}, the other options at their defaults. */
    public AdaBelief(List<Var> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    public AdaBelief(List<Var> params, Options options) {
        super(params, options);
    }

    /**
     * AdaBelief's hyper-parameters under the names lr, beta1/beta2 ({@code betas}), eps, weight_decay.
     * Defaults as the authors' adabelief-pytorch 0.2: lr 1e-3, betas (0.9, 0.999), eps 1e-16, no weight
     * decay (decoupled when set). Validated as {@link Adam.Options}.
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay)
            implements OptimizerOptions {
        public Options {
            Adam.checkAdam(lr, beta1, beta2, eps, weightDecay);
        }

        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-16, 0);
        }

        public Options lr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay);
        }

        public Options beta1(double beta1) {
            return new Options(lr, beta1, beta2, eps, weightDecay);
        }

        public Options beta2(double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay);
        }

        public Options eps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay);
        }

        public Options weightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay);
        }

        /** Both betas, PyTorch's {@code betas=(beta1, beta2)}. */
        public Options betas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay);
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState st) {
        Options o = options(group);
        long t = st.nextStep();
        double b1 = o.beta1();
        double b2 = o.beta2();
        float[] m = st.buffer("exp_avg", 0f);
        float[] s = st.buffer("exp_avg_var", 0f);
        float stepSize = (float) (o.lr() / (1 - Math.pow(b1, t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(b2, t));
        float wd = (float) o.weightDecay();
        float decay = (float) (1 - o.lr() * wd);
        Simd.adaBeliefUpdate(m.length, param.data(), param.offset(), grad.data(), grad.offset(), m, 0, s, 0, (float) b1,
                (float) b2, (float) (1 - b1), (float) (1 - b2), stepSize, bc2Sqrt, (float) o.eps(), decay);
    }
}
