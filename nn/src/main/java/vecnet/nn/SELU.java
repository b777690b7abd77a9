package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * λ·ELU(x; α) with λ ≈ 1.0507, α ≈ 1.6733 (self-normalizing networks).
 *
 * <p>Thread safety: stateless (final configuration only, no parameters): forward writes nothing shared in either
 * mode, so it may run on many threads at once (see {@link Module}).
 */
public final class SELU extends Module {
    public SELU() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.selu(x);
    }
}
