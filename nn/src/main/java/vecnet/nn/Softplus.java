package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** ln(1 + e^x), a smooth ReLU. */
public final class Softplus extends Module {
    public Softplus() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.softplus(x);
    }
}
