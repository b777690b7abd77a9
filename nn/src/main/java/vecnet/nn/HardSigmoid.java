package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** clamp(x/6 + 1/2, 0, 1), as PyTorch defines it. */
public final class HardSigmoid extends Module {
    public HardSigmoid() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.hardSigmoid(x);
    }
}
