package vecnet.nn.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import vecnet.core.Tensor;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;

/**
 * Base of the optimizers (PyTorch's {@code torch.optim.Optimizer}): parameter groups with their own
 * hyper-parameters (a typed options record per optimizer, such as {@link Adam.Options}), per-parameter
 * state, {@link #zeroGrad()} and {@link #step()}. A subclass writes one elementwise {@link #update}
 * over a parameter's whole buffer; state buffers are allocated once, so steady-state steps allocate
 * nothing.
 *
 * <p>Thread safety: not thread-safe: one thread, the training one; {@link #step()} writes the parameters and the
 * per-parameter state without synchronisation, so a forward on the same parameters on another thread may see a
 * step half done.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups = new ArrayList<>();
    private final IdentityHashMap<Var, ParamState> state = new IdentityHashMap<>();

    /** The first parameter group, with the optimizer's options (its {@code defaults} in PyTorch). */
    @SuppressWarnings("this-escape") // addGroup reads only its arguments and this class's fields
    protected Optimizer(List<Var> params, OptimizerOptions options) {
        addGroup(params, options);
    }

    /**
     * Adds a parameter group with its own options (the typed {@link GroupedOptimizer#addParamGroup}
     * calls this). A parameter may appear only once over all groups.
     */
    protected final void addGroup(List<Var> params, OptimizerOptions options) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("params must be a non-empty list, was " + params);
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        IdentityHashMap<Var, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Var p = params.get(i);
            if (p == null || !p.requiresGrad()) {
                throw new IllegalArgumentException("params[" + i + "] must be a parameter that requires grad, was "
                        + p);
            }
            Integer first = seen.putIfAbsent(p, i);
            if (first != null) {
                throw new IllegalArgumentException("params[" + i + "] is the same parameter as params[" + first
                        + "]: a parameter may appear only once in a group");
            }
            for (int g = 0; g < groups.size(); g++) {
                for (Var q : groups.get(g).params()) {
                    if (q == p) {
                        throw new IllegalArgumentException("params[" + i + "] is already in parameter group " + g
                                + ": a parameter may appear in only one group");
                    }
                }
            }
        }
        groups.add(new ParamGroup(params, options));
    }

    public final List<ParamGroup> paramGroups() {
        return List.copyOf(groups);
    }

    /** The state of {@code p}, created on first use. */
    protected final ParamState state(Var p) {
        return state.computeIfAbsent(p, v -> new ParamState(v.size()));
    }

    /** Zeroes every parameter's gradient in place. */
    public final void zeroGrad() {
        for (ParamGroup g : groups) {
            for (Var p : g.params()) {
                p.zeroGrad();
            }
        }
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        for (ParamGroup g : groups) {
            for (Var p : g.params()) {
                if (p.grad() != null) {
                    update(g, p.value(), p.grad(), state(p));
                }
            }
        }
    }

    /** Evaluates the closure (which computes the loss and calls backward), then steps; returns the loss. */
    public Var step(Supplier<Var> closure) {
        if (closure == null) {
            throw new IllegalArgumentException("closure must not be null");
        }
        Var loss;
        GradMode.Scope s = GradMode.enableGrad();
        try {
            loss = closure.get();
        } finally {
            s.close();
        }
        step();
        return loss;
    }

    /** Updates {@code param} in place from {@code grad} under the group's options. */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, ParamState s);

    /** A copy of the state: hyper-parameters per group, step counts and buffers per parameter. */
    public OptimizerState stateDict() {
        List<Map<String, Double>> gs = new ArrayList<>();
        Map<Integer, Long> steps = new LinkedHashMap<>();
        Map<String, float[]> buffers = new LinkedHashMap<>();
        int i = 0;
        for (ParamGroup g : groups) {
            gs.add(new LinkedHashMap<>(g.options()));
            for (Var p : g.params()) {
                ParamState s = state.get(p);
                if (s != null) {
                    steps.put(i, s.step());
                    for (Map.Entry<String, float[]> b : s.buffers().entrySet()) {
                        buffers.put(i + "." + b.getKey(), b.getValue().clone());
                    }
                }
                i++;
            }
        }
        return new OptimizerState(gs, steps, buffers);
    }

    /** Restores a {@link #stateDict()} taken from an optimizer over parameters of the same shapes. */
    public void loadStateDict(OptimizerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        if (state.groups().size() != groups.size()) {
            throw new IllegalArgumentException("state has " + state.groups().size() + " parameter groups, the optimizer "
                    + groups.size());
        }
        List<Var> all = new ArrayList<>();
        for (ParamGroup g : groups) {
            all.addAll(g.params());
        }
        // everything is checked before anything changes: a state refused on its last entry leaves this as it was
        List<OptimizerOptions> options = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            options.add(groups.get(gi).checkRestore(state.groups().get(gi)));
        }
        for (Map.Entry<Integer, Long> e : state.steps().entrySet()) {
            param(all, e.getKey());
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("state's step count of parameter " + e.getKey() + " must be >= 0, was "
                        + e.getValue());
            }
        }
        List<Var> owners = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, float[]> e : state.buffers().entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            int idx = -1;
            if (dot >= 1) {
                try {
                    idx = Integer.parseInt(key.substring(0, dot));
                } catch (NumberFormatException notAnIndex) {
                    idx = -1;
                }
            }
            if (idx < 0 || dot == key.length() - 1) {
                throw new IllegalArgumentException("buffer key must be '<index>.<name>', was '" + key + "'");
            }
            Var p = param(all, idx);
            if (e.getValue().length != p.value().size()) {
                throw new IllegalArgumentException("state buffer '" + key + "' must have " + p.value().size()
                        + " elements (parameter " + idx + "), was " + e.getValue().length);
            }
            owners.add(p);
            names.add(key.substring(dot + 1));
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            groups.get(gi).adopt(options.get(gi));
        }
        for (Map.Entry<Integer, Long> e : state.steps().entrySet()) {
            state(all.get(e.getKey())).setStep(e.getValue());
        }
        int b = 0;
        for (float[] values : state.buffers().values()) {
            state(owners.get(b)).putBuffer(names.get(b), values);
            b++;
        }
    }

    private static Var param(List<Var> all, int idx) {
        if (idx < 0 || idx >= all.size()) {
            throw new IllegalArgumentException("state has parameter index " + idx + " but the optimizer has "
                    + all.size() + " parameters");
        }
        return all.get(idx);
    }
}
