package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** SiLU (swish with β = 1): x·σ(x). */
public final class SiLU extends Module {
    public SiLU() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.silu(x);
    }
}
