package vecnet.nn.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.simd.Simd;

/**
 * A node of the autograd tape: a tensor value, a lazily allocated gradient of the same shape, and for
 * results of ops the inputs and the closure that pushes the output gradient back to them. Gradients
 * accumulate ({@code +=}); {@link #zeroGrad()} zeroes the buffer in place so training steps reuse it.
 *
 * <p>Thread safety: not thread-safe: backward, {@link #zeroGrad()} and the lazily made gradient write it without
 * synchronisation. Many threads may read its value (a parameter in eval-mode forwards) while none writes it.
 */
public final class Var {
    /** Pushes {@code grad} (the gradient of this node's output) into the parents' gradients. */
    @FunctionalInterface
    interface Backward {
        void apply(Tensor grad);
    }

    private final Tensor value;
    private final boolean requiresGrad;
    private Tensor grad;
    private Var[] parents;
    private Backward backward;
    /** Set on op results once a backward pass has dropped their closure. */
    private boolean released;

    private Var(Tensor value, boolean requiresGrad, Var[] parents, Backward backward) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.parents = parents;
        this.backward = backward;
    }

    /** A trainable leaf: gradients flow into it. */
    public static Var parameter(Tensor value) {
        return new Var(value, true, null, null);
    }

    /** A leaf that takes no gradient (inputs, targets, masks). */
    public static Var constant(Tensor value) {
        return new Var(value, false, null, null);
    }

    /** A leaf with the given flag. */
    public static Var of(Tensor value, boolean requiresGrad) {
        return new Var(value, requiresGrad, null, null);
    }

    /**
     * The result of an op. Records {@code backward} only when grad mode is on and a parent needs a
     * gradient; otherwise the result is a constant and the closure is dropped.
     */
    static Var result(Tensor value, Backward backward, Var... parents) {
        if (needsGrad(parents)) {
            return new Var(value, true, parents, backward);
        }
        return new Var(value, false, null, null);
    }

    /** Whether an op on these inputs records the tape: ops use it to skip saving what backward needs. */
    static boolean needsGrad(Var... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Var v : inputs) {
            if (v != null && v.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    public Tensor value() {
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    public int size() {
        return value.size();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether this node is a leaf (a parameter, an input, or a detached value). */
    public boolean isLeaf() {
        return backward == null && !released;
    }

    /** The accumulated gradient, or null before any backward reached this node. */
    public Tensor grad() {
        return grad;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (value.size() != 1) {
            throw new IllegalArgumentException("item() needs a one-element tensor, shape was " + value.shape());
        }
        return value.data()[value.offset()];
    }

    /** The same value without the tape: gradients do not flow through the result. Shares the data. */
    public Var detach() {
        return new Var(value, false, null, null);
    }

    /** Zeroes the gradient buffer in place (keeps it allocated for the next step). */
    public void zeroGrad() {
        if (grad != null) {
            grad.fill(0f);
        }
    }

    /** The gradient buffer, allocated zeroed on first use; ops accumulate into it. */
    Tensor gradBuffer() {
        if (grad == null) {
            // leaves (parameters) keep their own buffer across steps; intermediates use the workspace
            grad = backward == null ? Tensor.zeros(value.shape().dims()) : Workspace.zeros(value.shape());
        }
        return grad;
    }

    /**
     * The buffer a backward kernel that <em>overwrites</em> its output (the simd kernels do) writes this
     * node's gradient contribution to: the gradient buffer itself when this is the first contribution to
     * an op result's gradient in this pass (the buffer is created now, so nothing is lost), otherwise a
     * scratch array of the same size (contents unspecified: the kernel overwrites it) that {@link #addGrad} adds in. Leaves always take the
     * scratch path: their buffers persist across steps, and a fixed choice keeps a workspace's sequence of
     * arrays the same every step.
     */
    Tensor gradSink() {
        if (grad == null && backward != null) {
            grad = Workspace.empty(value.shape()); // the kernel overwrites all of it
            return grad;
        }
        return Workspace.empty(value.shape());
    }

    /** Completes {@link #gradSink}: adds the contribution unless it was written into the gradient itself. */
    void addGrad(Tensor sink) {
        Tensor g = gradBuffer();
        if (sink != g) {
            addInto(g, sink);
        }
    }

    /** Backpropagates from a one-element result (a loss): seeds its gradient with 1. */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalArgumentException("backward() without a gradient needs a one-element result, shape was "
                    + value.shape() + "; pass the output gradient instead");
        }
        Tensor one = Workspace.zeros(value.shape());
        one.fill(1f);
        backward(one);
    }

    /**
     * Backpropagates {@code outputGrad} (the gradient of some scalar with respect to this value). Walks
     * the graph in reverse topological order without recursion, so deep graphs cannot overflow the
     * stack. The graph is released afterwards (intermediate closures are dropped), as in PyTorch.
     */
    public void backward(Tensor outputGrad) {
        Ops.requireNonNull("outputGrad", outputGrad);
        if (!outputGrad.shape().equals(value.shape())) {
            throw new IllegalArgumentException("outputGrad must have shape " + value.shape() + ", was "
                    + outputGrad.shape());
        }
        if (!requiresGrad) {
            throw new IllegalArgumentException("backward() on a value that does not require grad "
                    + "(built in no-grad mode, or from constants only)");
        }
        if (released) {
            throw new IllegalStateException("the graph behind this value was released by an earlier backward(); "
                    + "recompute the forward pass");
        }
        ArrayList<Var> order = topologicalOrder();
        addInto(gradBuffer(), outputGrad);
        for (int i = order.size() - 1; i >= 0; i--) {
            Var v = order.get(i);
            if (v.backward != null && v.grad != null) {
                v.backward.apply(v.grad);
            }
        }
        for (int i = 0; i < order.size(); i++) {
            Var v = order.get(i);
            if (v.backward != null) {
                v.backward = null;
                v.parents = null;
                v.released = true;
            }
        }
    }

    /** Post-order DFS with an explicit stack: each node comes after all of its inputs. */
    private ArrayList<Var> topologicalOrder() {
        ArrayList<Var> order = new ArrayList<>();
        IdentityHashMap<Var, Boolean> seen = new IdentityHashMap<>();
        ArrayList<Var> stack = new ArrayList<>();
        ArrayList<Integer> next = new ArrayList<>();
        stack.add(this);
        next.add(0);
        seen.put(this, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Var v = stack.get(top);
            int i = next.get(top);
            Var[] ps = v.parents;
            if (ps != null && i < ps.length) {
                next.set(top, i + 1);
                Var p = ps[i];
                if (p != null && p.released) {
                    throw new IllegalStateException("backward() through a graph that an earlier backward() released "
                            + "(an intermediate value is shared with a previous loss); recompute the forward pass, or "
                            + "add the losses and call backward() once");
                }
                if (p != null && p.requiresGrad && seen.put(p, Boolean.TRUE) == null) {
                    stack.add(p);
                    next.add(0);
                }
            } else {
                stack.remove(top);
                next.remove(top);
                order.add(v);
            }
        }
        return order;
    }

    static void addInto(Tensor dst, Tensor src) {
        float[] d = dst.data();
        float[] s = src.data();
        int dOff = dst.offset();
        int sOff = src.offset();
        Simd.addInPlace(dst.size(), s, sOff, d, dOff); // split over threads when large, same bits
    }

    // Fluent forms of the common primitives (see Ops for the rules and the rest).

    public Var add(Var other) {
        Ops.requireNonNull("other", other);
        return Ops.add(this, other);
    }

    public Var sub(Var other) {
        Ops.requireNonNull("other", other);
        return Ops.sub(this, other);
    }

    public Var mul(Var other) {
        Ops.requireNonNull("other", other);
        return Ops.mul(this, other);
    }

    public Var div(Var other) {
        Ops.requireNonNull("other", other);
        return Ops.div(this, other);
    }

    public Var matmul(Var other) {
        Ops.requireNonNull("other", other);
        return Ops.matmul(this, other);
    }

    public Var scale(double s) {
        return Ops.scale(this, s);
    }

    public Var neg() {
        return Ops.neg(this);
    }

    public Var pow(double p) {
        return Ops.pow(this, p);
    }

    public Var sum() {
        return Ops.sum(this);
    }

    public Var mean() {
        return Ops.mean(this);
    }

    public Var reshape(int... dims) {
        return Ops.reshape(this, dims);
    }

    public Var relu() {
        return Ops.relu(this);
    }

    public Var sigmoid() {
        return Ops.sigmoid(this);
    }

    public Var tanh() {
        return Ops.tanh(this);
    }

    @Override
    public String toString() {
        return "Var" + value.shape() + (requiresGrad ? "(grad)" : "") + " "
                + Arrays.toString(Arrays.copyOf(value.toArray(), Math.min(8, value.size())));
    }
}
