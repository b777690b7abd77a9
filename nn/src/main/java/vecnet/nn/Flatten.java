package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** (N, ...) → (N, rest); a view, no copy. */
public final class Flatten extends Module {
    public Flatten() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.flatten(x);
    }
}
