package vecnet.nn.optim;

import java.util.List;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * Stochastic gradient descent with optional momentum (Polyak), Nesterov momentum (Sutskever et al.
 * 2013), dampening and L2 weight decay, exactly as PyTorch's SGD:
 * g ← ∇ + wd·p; b ← g on the first step, else μ·b + (1 − τ)·g; g ← g + μ·b (Nesterov) or b; p ← p − lr·g.
 *
 * <pre>{@code new SGD(params, SGD.Options.defaults().lr(0.05).momentum(0.9).nesterov(true))}</pre>
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link Optimizer}); step updates the parameters and their
 * per-parameter buffers in place.
 */
public final class SGD extends GroupedOptimizer<SGD.Options> {
    /** Plain SGD with learning rate {@code lr}, the other options at their defaults. */
    public SGD(List<Var> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    public SGD(List<Var> params, Options options) {
        super(params, options);
    }

    /**
     * SGD's hyper-parameters under PyTorch's names lr, momentum, dampening, weight_decay, nesterov.
     * Defaults: lr 1e-3 (PyTorch 2's default; 1.x had none), no momentum, dampening or weight decay.
     * lr, momentum and weight decay must be finite and >= 0, dampening in [0, 1]; nesterov needs
     * momentum > 0 and dampening 0, as PyTorch requires.
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov)
            implements OptimizerOptions {
        public Options {
            Check.nonNegative("lr", lr);
            Check.nonNegative("momentum", momentum);
            Check.unit("dampening", dampening);
            Check.nonNegative("weight_decay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("nesterov needs momentum > 0 and dampening = 0, were momentum="
                        + momentum + ", dampening=" + dampening);
            }
        }

        public static Options defaults() {
            return new Options(1e-3, 0, 0, 0, false);
        }

        public Options lr(double lr) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov);
        }

        public Options momentum(double momentum) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov);
        }

        public Options dampening(double dampening) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov);
        }

        public Options weightDecay(double weightDecay) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov);
        }

        public Options nesterov(boolean nesterov) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov);
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        Options o = options(group);
        float mu = (float) o.momentum();
        boolean first = s.nextStep() == 1;
        // no buffer when momentum is 0 in float: plain SGD, where Nesterov has nothing to look ahead with
        float[] buf = mu != 0 ? s.buffer("momentum_buffer", 0f) : null;
        boolean nesterov = o.nesterov() && buf != null;
        Simd.sgdUpdate(param.size(), param.data(), param.offset(), grad.data(), grad.offset(), buf, 0,
                (float) o.lr(), (float) o.weightDecay(), mu, (float) o.dampening(), nesterov, first);
    }
}
