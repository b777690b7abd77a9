package vecnet.nn.optim;

import java.util.List;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * Adagrad (Duchi, Hazan, Singer 2011), as PyTorch: g ← ∇ + wd·p; clr = lr / (1 + (t − 1)·lr_decay);
 * G ← G + g²; p ← p − clr·g / (√G + ε). Defaults lr 0.01, ε 1e-10.
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link Optimizer}); step updates the parameters and their
 * per-parameter buffers in place.
 */
public final class Adagrad extends GroupedOptimizer<Adagrad.Options> {
    /** Adagrad with learning rate {@code lr}, the other options at their defaults. */
    public Adagrad(List<Var> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    public Adagrad(List<Var> params, Options options) {
        super(params, options);
    }

    /**
     * Adagrad's hyper-parameters under PyTorch's names lr, lr_decay, weight_decay,
     * initial_accumulator_value, eps. Defaults as PyTorch: lr 0.01, no lr decay or weight decay,
     * accumulator starting at 0, eps 1e-10. Each must be finite and >= 0.
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps)
            implements OptimizerOptions {
        public Options {
            Check.nonNegative("lr", lr);
            Check.nonNegative("lr_decay", lrDecay);
            Check.nonNegative("weight_decay", weightDecay);
            Check.nonNegative("initial_accumulator_value", initialAccumulatorValue);
            Check.nonNegative("eps", eps);
        }

        public static Options defaults() {
            return new Options(1e-2, 0, 0, 0, 1e-10);
        }

        public Options lr(double lr) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }

        public Options lrDecay(double lrDecay) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }

        public Options weightDecay(double weightDecay) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }

        public Options initialAccumulatorValue(double initialAccumulatorValue) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }

        public Options eps(double eps) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        Options o = options(group);
        long t = s.nextStep();
        float clr = (float) (o.lr() / (1 + (t - 1) * o.lrDecay()));
        float[] sum = s.buffer("sum", (float) o.initialAccumulatorValue());
        Simd.adagradUpdate(sum.length, param.data(), param.offset(), grad.data(), grad.offset(), sum, 0, clr,
                (float) o.weightDecay(), (float) o.eps());
    }
}
