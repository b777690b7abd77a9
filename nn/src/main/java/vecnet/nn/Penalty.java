package vecnet.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * L1 / L2 regularization terms to add to a loss, on chosen parameters or on activations (any Var).
 * Composed from autograd primitives, so their gradients flow like the loss's. Note: {@code l2(λ, w)}
 * is λ·Σw², whose gradient 2λw equals the optimizers' {@code weight_decay} = 2λ.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads; each call builds its own graph.
 */
public final class Penalty {
    private Penalty() {
    }

    /** λ·Σ|x| over all elements of all tensors (encourages sparsity). */
    public static Var l1(double lambda, Collection<Var> tensors) {
        return penalty(lambda, tensors, true);
    }

    /** λ·Σx² over all elements of all tensors (weight decay). */
    public static Var l2(double lambda, Collection<Var> tensors) {
        return penalty(lambda, tensors, false);
    }

    /** The parameters whose dotted name ends in ".weight" (or is "weight"): biases are usually not decayed. */
    public static List<Var> weightsOf(Module m) {
        if (m == null) {
            throw new IllegalArgumentException("m must not be null");
        }
        List<Var> out = new ArrayList<>();
        for (Map.Entry<String, Var> e : m.namedParameters().entrySet()) {
            if (e.getKey().equals("weight") || e.getKey().endsWith(".weight")) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private static Var penalty(double lambda, Collection<Var> tensors, boolean l1) {
        if (!(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("lambda must be >= 0 and finite, was " + lambda);
        }
        if (tensors == null) {
            throw new IllegalArgumentException("tensors must not be null");
        }
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("tensors must be a non-empty collection");
        }
        Var total = null;
        int i = 0;
        for (Var t : tensors) {
            if (t == null) {
                throw new IllegalArgumentException("tensors[" + i + "] must not be null");
            }
            i++;
            Var s = Ops.sum(l1 ? Ops.abs(t) : Ops.square(t));
            total = total == null ? s : Ops.add(total, s);
        }
        return Ops.scale(total, lambda);
    }
}
