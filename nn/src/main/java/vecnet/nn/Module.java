package vecnet.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;

/**
 * A layer or a model: parameters, buffers (non-trained state such as running statistics) and child
 * modules, all registered by name so {@link #namedParameters()} and {@link #stateDict()} produce
 * PyTorch's dotted names ({@code features.0.weight}). A module or a parameter may be registered more
 * than once (a layer applied twice, tied weights): {@link #parameters()} lists it once, as PyTorch does.
 * Forward must not write shared state except in training mode, so one model in eval mode serves many
 * threads.
 *
 * <p>Thread safety: in eval mode {@link #forward} may run on many threads at once when no workspace is open on
 * them (each call makes fresh arrays); training (a training-mode forward, backward, the optimizer's step) writes
 * shared state (BatchNorm statistics, dropout's generator, the parameters and their gradients): one thread.
 * {@link #train(boolean)}, {@link #zeroGrad()} and {@link #loadStateDict} write the module: never during a forward.
 */
public abstract class Module {
    private final Map<String, Var> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private volatile boolean training = true;

    protected Module() {
    }

    public abstract Var forward(Var x);

    /** Registers a trainable tensor under {@code name} and returns its leaf. */
    protected final Var registerParameter(String name, Tensor value) {
        checkName(name);
        Var v = Var.parameter(value);
        parameters.put(name, v);
        return v;
    }

    /**
     * Registers an existing parameter under {@code name}, for weights shared between modules (PyTorch's
     * {@code register_parameter}); it must be a leaf that requires grad. Returns it.
     */
    protected final Var registerParameter(String name, Var parameter) {
        checkName(name);
        if (parameter == null || !parameter.isLeaf() || !parameter.requiresGrad()) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a leaf that requires grad, was "
                    + parameter);
        }
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers non-trained state saved in the state dict (running mean, ...). */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        if (value == null) {
            throw new IllegalArgumentException("buffer '" + name + "' must not be null");
        }
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module under {@code name}; its parameters appear as {@code name.param}. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) {
            throw new IllegalArgumentException("module '" + name + "' must not be null");
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("name must be non-empty without '.', was '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /** Direct children in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * All parameters, own first, then each child's, in registration order; each once, however often it
     * is registered (what an optimizer takes).
     */
    public final List<Var> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** All parameters under dotted names; a parameter registered more than once keeps its first name. */
    public final Map<String, Var> namedParameters() {
        Map<String, Var> out = new LinkedHashMap<>();
        collectParameters("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectParameters(String prefix, Map<String, Var> out, Set<Var> seen) {
        for (Map.Entry<String, Var> e : parameters.entrySet()) {
            if (seen.add(e.getValue())) {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collectParameters(prefix + e.getKey() + ".", out, seen);
        }
    }

    /** Sets training mode on this module and every descendant; returns this. */
    public Module train(boolean mode) {
        training = mode;
        for (Module m : children.values()) {
            m.train(mode);
        }
        return this;
    }

    public final Module train() {
        return train(true);
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Zeroes every parameter's gradient in place (the buffers stay allocated). */
    public final void zeroGrad() {
        for (Var p : parameters()) {
            p.zeroGrad();
        }
    }

    /**
     * Parameters and buffers under dotted names; the tensors are the live ones, not copies. As PyTorch's
     * {@code state_dict}, a tensor registered more than once appears under each of its names (the same
     * tensor each time), so the keys match the module structure; {@link #namedParameters()} dedups.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Var> e : parameters.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue().value());
        }
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collectState(prefix + e.getKey() + ".", out);
        }
    }

    /**
     * Copies values into this module's parameters and buffers. Shapes must match. With {@code strict},
     * missing and unexpected keys are an error (listed in the message); otherwise they are skipped. A
     * shared tensor (listed under several names) must get the same values under each name given. Nothing
     * is copied unless every entry is valid.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            // a null key would break the sorted key lists below; a null value would be skipped as if missing
            if (e.getKey() == null) {
                throw new IllegalArgumentException("state must not contain a null key");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("state['" + e.getKey() + "'] must not be null");
            }
        }
        Map<String, Tensor> own = stateDict();
        if (strict) {
            Set<String> missing = new TreeSet<>(own.keySet());
            missing.removeAll(state.keySet());
            Set<String> unexpected = new TreeSet<>(state.keySet());
            unexpected.removeAll(own.keySet());
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                throw new IllegalArgumentException("state dict does not match " + getClass().getSimpleName()
                        + ": missing keys " + missing + ", unexpected keys " + unexpected);
            }
        }
        IdentityHashMap<Tensor, String> firstName = new IdentityHashMap<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                continue;
            }
            Tensor dst = e.getValue();
            if (!src.shape().equals(dst.shape())) {
                throw new IllegalArgumentException("state['" + e.getKey() + "'] must have shape " + dst.shape()
                        + ", was " + src.shape());
            }
            String first = firstName.putIfAbsent(dst, e.getKey());
            if (first != null && !sameValues(state.get(first), src)) {
                throw new IllegalArgumentException("state['" + e.getKey() + "'] and state['" + first
                        + "'] name one shared tensor but hold different values");
            }
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            Tensor dst = e.getValue();
            if (src != null && firstName.get(dst).equals(e.getKey())) {
                System.arraycopy(src.data(), src.offset(), dst.data(), dst.offset(), dst.size());
            }
        }
    }

    private static boolean sameValues(Tensor a, Tensor b) {
        if (a == b) {
            return true;
        }
        for (int i = 0; i < a.size(); i++) {
            if (Float.floatToIntBits(a.data()[a.offset() + i]) != Float.floatToIntBits(b.data()[b.offset() + i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
