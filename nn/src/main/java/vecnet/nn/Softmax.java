package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** e^x_i / Σ_j e^x_j over the last axis (max-shifted). For training, prefer the fused cross-entropy losses on logits. */
public final class Softmax extends Module {
    public Softmax() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.softmax(x);
    }
}
