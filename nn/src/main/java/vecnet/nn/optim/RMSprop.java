package vecnet.nn.optim;

import java.util.List;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * RMSProp (Hinton, Coursera lecture 6e), as PyTorch: g ← ∇ + wd·p; v ← α·v + (1 − α)·g²; optionally
 * centered (v − mean(g)²); with momentum b ← μ·b + g/(√v + ε), p ← p − lr·b; else p ← p − lr·g/(√v + ε).
 * Defaults lr 0.01, α 0.99, ε 1e-8.
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link Optimizer}); step updates the parameters and their
 * per-parameter buffers in place.
 */
public final class RMSprop extends GroupedOptimizer<RMSprop.Options> {
    /** RMSprop with learning rate {@code lr}, the other options at their defaults. */
    public RMSprop(List<Var> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    public RMSprop(List<Var> params, Options options) {
        super(params, options);
    }

    /**
     * RMSprop's hyper-parameters under PyTorch's names lr, alpha, eps, weight_decay, momentum, centered.
     * Defaults as PyTorch: lr 0.01, alpha 0.99, eps 1e-8, no weight decay or momentum, not centered.
     * lr, eps, weight decay and momentum must be finite and >= 0; alpha in [0, 1] (PyTorch asks only
     * alpha >= 0, but past 1 the square average can turn negative).
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements OptimizerOptions {
        public Options {
            Check.nonNegative("lr", lr);
            Check.unit("alpha", alpha);
            Check.nonNegative("eps", eps);
            Check.nonNegative("weight_decay", weightDecay);
            Check.nonNegative("momentum", momentum);
        }

        public static Options defaults() {
            return new Options(1e-2, 0.99, 1e-8, 0, 0, false);
        }

        public Options lr(double lr) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        public Options alpha(double alpha) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        public Options eps(double eps) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        public Options weightDecay(double weightDecay) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        public Options momentum(double momentum) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        public Options centered(boolean centered) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        Options o = options(group);
        s.nextStep();
        float mu = (float) o.momentum();
        float[] sq = s.buffer("square_avg", 0f);
        float[] gavg = o.centered() ? s.buffer("grad_avg", 0f) : null;
        float[] buf = mu > 0 ? s.buffer("momentum_buffer", 0f) : null;
        // centered: max(0, v − ḡ²) in the kernel (≥ 0 exactly, but float rounding can dip below)
        Simd.rmspropUpdate(sq.length, param.data(), param.offset(), grad.data(), grad.offset(), sq, 0, gavg, 0, buf, 0,
                (float) o.lr(), (float) o.alpha(), (float) o.eps(), (float) o.weightDecay(), mu);
    }
}
