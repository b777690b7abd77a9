package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** Binary step [x > 0] (threshold neuron, logic gates); its gradient is 0, so it does not train. */
public final class Step extends Module {
    public Step() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.step(x);
    }
}
