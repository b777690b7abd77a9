package vecnet.nn.optim;

import java.util.List;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;

/**
 * AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay p ← p·(1 − lr·wd) before the Adam
 * step, as PyTorch. Takes {@link Adam}'s options and shares its update; only the default weight decay
 * differs. Defaults lr 1e-3, β (0.9, 0.999), ε 1e-8, wd 1e-2.
 *
 * <pre>{@code new AdamW(params, AdamW.Options.defaults().lr(1e-3).amsgrad(true))}</pre>
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link Optimizer}); step updates the parameters and their
 * per-parameter buffers in place.
 */
public final class AdamW extends GroupedOptimizer<Adam.Options> {
    /** AdamW with learning rate {@code lr}, the other options at their defaults (weight decay 0.01). */
    public AdamW(List<Var> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    public AdamW(List<Var> params, Adam.Options options) {
        super(params, options);
    }

    /**
     * AdamW's defaults. Its options are {@link Adam.Options} (PyTorch's AdamW takes Adam's arguments);
     * only the default weight decay differs: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01,
     * no AMSGrad, as PyTorch.
     */
    public static final class Options {
        private Options() {
        }

        public static Adam.Options defaults() {
            return Adam.Options.defaults().weightDecay(1e-2);
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        Adam.adamUpdate(options(group), param, grad, s, true);
    }
}
