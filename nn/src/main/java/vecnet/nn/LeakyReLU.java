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
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("slope must be in [0, 1), was " + slope);
        }
        this.slope = slope;
    }

    @Override
    public Var forward(Var x) {
        return Ops.leakyRelu(x, slope);
    }
}
