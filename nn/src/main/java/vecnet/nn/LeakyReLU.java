package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** max(slope·x, x); the default slope is PyTorch's 0.01 (the course notes use 0.1). */
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
