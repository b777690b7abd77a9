package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * max(slope·x, x); the default slope is PyTorch's 0.01 (the course notes use 0.1).
 *
 * <p>Thread safety: stateless (final configuration only, no parameters): forward writes nothing shared in either
 * mode, so it may run on many threads at once (see {@link Module}).
 */
public final class LeakyReLU extends Module {
    private final double slope;

    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double slope) {
        this.slope = Ops.requireLeakyReluSlope(slope);
    }

    public double slope() {
        return slope;
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.leakyRelu(x, slope);
    }
}
