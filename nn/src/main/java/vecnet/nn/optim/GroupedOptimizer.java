package vecnet.nn.optim;

import java.util.List;

import vecnet.nn.autograd.Var;

/**
 * An optimizer whose parameter groups each take an options record of type {@code O}: PyTorch's
 * {@code defaults} and {@code add_param_group}, typed. Every optimizer here but L-BFGS (one group, as in
 * PyTorch) extends it.
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link Optimizer}).
 */
public abstract class GroupedOptimizer<O extends OptimizerOptions> extends Optimizer {
    private final O defaults;

    protected GroupedOptimizer(List<Var> params, O options) {
        super(params, options);
        this.defaults = options;
    }

    /** The options given at construction (PyTorch's {@code defaults}): a base for further groups. */
    public final O defaults() {
        return defaults;
    }

    /** The options of {@code group}, one of this optimizer's, as its record (what {@link #update} reads). */
    @SuppressWarnings("unchecked") // every group was added with an O, and replaced only by O.fromMap
    protected final O options(ParamGroup group) {
        return (O) group.typed();
    }

    /** Adds parameters with their own options, e.g. {@code adam.addParamGroup(head, adam.defaults().lr(1e-4))}. */
    public final void addParamGroup(List<Var> params, O options) {
        addGroup(params, options);
    }
}
