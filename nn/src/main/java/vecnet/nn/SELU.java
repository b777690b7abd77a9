package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** λ·ELU(x; α) with λ ≈ 1.0507, α ≈ 1.6733 (self-normalizing networks). */
public final class SELU extends Module {
    public SELU() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.selu(x);
    }
}
