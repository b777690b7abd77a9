package vecnet.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vecnet.nn.autograd.Var;

/**
 * Parameters that share hyper-parameters, as PyTorch's param groups: options are looked up by their
 * PyTorch names ("lr", "momentum", "weight_decay", "betas" split as "beta1"/"beta2", ...). Schedulers
 * change "lr" between steps. Every change is checked by the rules of the optimizer's options record
 * (a negative lr is rejected here as in {@code new SGD.Options(...)}); boolean options are set with
 * {@link #set(String, boolean)}, never as numbers.
 *
 * <p>Thread safety: not thread-safe: the options change in place ({@link #setLr}, {@link #set}); change them
 * between steps on the training thread.
 */
public final class ParamGroup {
    private final List<Var> params;
    private OptimizerOptions typed;
    private final Map<String, Double> options;

    ParamGroup(List<Var> params, OptimizerOptions typed) {
        this.params = List.copyOf(params);
        this.typed = typed;
        this.options = new LinkedHashMap<>(typed.asMap());
    }

    public List<Var> params() {
        return params;
    }

    public double lr() {
        return get("lr");
    }

    /** Sets lr (validated: finite and >= 0). */
    public void setLr(double lr) {
        set("lr", lr);
    }

    /** A numeric option's value; an unknown name is an error (it would otherwise read as a silent default). */
    public double get(String name) {
        requireName(name);
        if (typed.flags().contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is a boolean option: read it with flag(\"" + name
                    + "\")");
        }
        return known(name);
    }

    /** A boolean option's value. */
    public boolean flag(String name) {
        requireName(name);
        if (!typed.flags().contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a boolean option; the boolean options are "
                    + typed.flags());
        }
        return known(name) != 0;
    }

    /** Sets a numeric option, validated as the options record validates it. */
    public void set(String name, double value) {
        requireName(name);
        if (typed.flags().contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is a boolean option: set it with set(\"" + name
                    + "\", true or false)");
        }
        known(name);
        replace(Map.of(name, value));
    }

    /** Sets a boolean option, validated with the others (SGD's nesterov needs momentum > 0, ...). */
    public void set(String name, boolean value) {
        requireName(name);
        flag(name);
        replace(Map.of(name, value ? 1.0 : 0.0));
    }

    /** Every option, booleans as 0/1, as {@link Optimizer#stateDict()} saves them. */
    public Map<String, Double> options() {
        return Collections.unmodifiableMap(options);
    }

    /** The options as their typed record. */
    OptimizerOptions typed() {
        return typed;
    }

    /** Replaces the saved options at once (so a state whose values only fit together loads). */
    void restore(Map<String, Double> saved) {
        adopt(checkRestore(saved));
    }

    /** The options {@link #restore} would adopt, validated; changes nothing. */
    OptimizerOptions checkRestore(Map<String, Double> saved) {
        if (saved == null) {
            throw new IllegalArgumentException("saved group options must not be null");
        }
        for (String name : saved.keySet()) {
            known(name);
        }
        Map<String, Double> merged = new LinkedHashMap<>(options);
        merged.putAll(saved);
        return typed.fromMap(merged);
    }

    private static void requireName(String name) {
        if (name == null) { // Set.of(...).contains(null) would throw a NullPointerException
            throw new IllegalArgumentException("name must not be null");
        }
    }

    private double known(String name) {
        Double v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown option '" + name + "', expected one of " + options.keySet());
        }
        return v;
    }

    /** Rebuilds the record from the merged map (validating it), then adopts both. */
    private void replace(Map<String, Double> changes) {
        Map<String, Double> merged = new LinkedHashMap<>(options);
        merged.putAll(changes);
        adopt(typed.fromMap(merged));
    }

    void adopt(OptimizerOptions next) {
        typed = next;
        options.clear();
        options.putAll(next.asMap());
    }
}
