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
 * hyper-parameters, per-parameter state, {@link #zeroGrad()} and {@link #step()}. A subclass writes one
 * elementwise {@link #update} over a parameter's whole buffer; state buffers are allocated once, so
 * steady-state steps allocate nothing.
 */
public abstract class Optimizer {
    private final Map<String, Double> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final IdentityHashMap<Var, ParamState> state = new IdentityHashMap<>();

    @SuppressWarnings("this-escape") // validate() reads only its argument, never subclass fields
    protected Optimizer(List<Var> params, Map<String, Double> defaults) {
        this.defaults = new LinkedHashMap<>(defaults);
        addParamGroup(params, Map.of());
    }

    /** Adds parameters with hyper-parameters overriding the defaults (unknown names are an error). */
    public final void addParamGroup(List<Var> params, Map<String, Double> overrides) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("params must be a non-empty list");
        }
        for (Var p : params) {
            if (p == null || !p.requiresGrad()) {
                throw new IllegalArgumentException("every parameter must require grad, got " + p);
            }
            for (ParamGroup g : groups) {
                for (Var q : g.params()) {
                    if (q == p) {
                        throw new IllegalArgumentException("a parameter appears in more than one group: " + p);
                    }
                }
            }
        }
        Map<String, Double> opts = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, Double> e : overrides.entrySet()) {
            if (!defaults.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown option '" + e.getKey() + "', expected one of "
                        + defaults.keySet());
            }
            opts.put(e.getKey(), e.getValue());
        }
        validate(opts);
        groups.add(new ParamGroup(params, opts));
    }

    /** Rejects invalid hyper-parameters with a message naming them. */
    protected void validate(Map<String, Double> options) {
        Double lr = options.get("lr");
        if (lr != null && !(lr >= 0)) {
            throw new IllegalArgumentException("lr must be >= 0, was " + lr);
        }
        Double wd = options.get("weight_decay");
        if (wd != null && !(wd >= 0)) {
            throw new IllegalArgumentException("weight_decay must be >= 0, was " + wd);
        }
    }

    static void requireRange(Map<String, Double> o, String name, double lo, double hi, boolean hiOpen) {
        double v = o.get(name);
        if (!(v >= lo && (hiOpen ? v < hi : v <= hi))) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + (hiOpen ? ")" : "]")
                    + ", was " + v);
        }
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
    public void loadStateDict(OptimizerState saved) {
        if (saved.groups().size() != groups.size()) {
            throw new IllegalArgumentException("state has " + saved.groups().size() + " parameter groups, the optimizer "
                    + groups.size());
        }
        List<Var> all = new ArrayList<>();
        for (ParamGroup g : groups) {
            all.addAll(g.params());
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            for (Map.Entry<String, Double> e : saved.groups().get(gi).entrySet()) {
                groups.get(gi).set(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<Integer, Long> e : saved.steps().entrySet()) {
            state(param(all, e.getKey())).setStep(e.getValue());
        }
        for (Map.Entry<String, float[]> e : saved.buffers().entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot < 1) {
                throw new IllegalArgumentException("buffer key must be '<index>.<name>', was '" + e.getKey() + "'");
            }
            int idx = Integer.parseInt(e.getKey().substring(0, dot));
            state(param(all, idx)).putBuffer(e.getKey().substring(dot + 1), e.getValue());
        }
    }

    private static Var param(List<Var> all, int idx) {
        if (idx < 0 || idx >= all.size()) {
            throw new IllegalArgumentException("state has parameter index " + idx + " but the optimizer has "
                    + all.size() + " parameters");
        }
        return all.get(idx);
    }

    static Map<String, Double> options(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        }
        return m;
    }
}
