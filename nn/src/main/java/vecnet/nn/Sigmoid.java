package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** 1 / (1 + e^−x). */
public final class Sigmoid extends Module {
    public Sigmoid() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.sigmoid(x);
    }
}
