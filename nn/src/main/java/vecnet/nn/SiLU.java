package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** Swish / SiLU: x·σ(x). */
public final class SiLU extends Module {
    public SiLU() {
    }

    @Override
    public Var forward(Var x) {
        return Ops.silu(x);
    }
}
