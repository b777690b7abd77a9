package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** max(0, x). */
public final class ReLU extends Module {
    public ReLU() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.relu(x);
    }
}
