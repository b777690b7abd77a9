package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * x if x > 0 else α(e^x − 1); α defaults to 1 as in PyTorch (derivative α at 0, as PyTorch).
 *
 * <p>Thread safety: stateless (final configuration only, no parameters): forward writes nothing shared in either
 * mode, so it may run on many threads at once (see {@link Module}).
 */
public final class ELU extends Module {
    private final double alpha;

    public ELU() {
        this(1.0);
    }

    /** @throws IllegalArgumentException if alpha is NaN or infinite */
    public ELU(double alpha) {
        this.alpha = Args.requireFinite("alpha", alpha);
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.elu(x, alpha);
    }
}
