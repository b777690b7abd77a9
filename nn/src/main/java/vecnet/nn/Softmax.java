package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * e^x_i / Σ_j e^x_j over the last axis (max-shifted). For training, prefer the fused cross-entropy losses on logits.
 *
 * <p>Thread safety: stateless (final configuration only, no parameters): forward writes nothing shared in either
 * mode, so it may run on many threads at once (see {@link Module}).
 */
public final class Softmax extends Module {
    public Softmax() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.softmax(x);
    }
}
