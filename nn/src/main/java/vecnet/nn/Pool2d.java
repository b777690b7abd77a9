package vecnet.nn;

import vecnet.nn.autograd.Var;

/**
 * What {@link MaxPool2d} and {@link AvgPool2d} share: a square kernel and stride over NHWC input, no
 * padding, and the forward on their op.
 */
abstract class Pool2d extends Module {
    /** {@code Ops.maxPool2d} or {@code Ops.avgPool2d}. */
    interface Op {
        Var apply(Var x, int kh, int kw, int strideH, int strideW);
    }

    private final Op op;
    private final int kernel;
    private final int stride;

    Pool2d(Op op, int kernel, int stride) {
        this.op = op;
        this.kernel = Args.requirePositive("kernel", kernel);
        this.stride = Args.requirePositive("stride", stride);
    }

    /** The square window's side. */
    public final int kernelSize() {
        return kernel;
    }

    public final int stride() {
        return stride;
    }

    // Final: the public layers then inherit it without bridge methods, as RecurrentLayer's forward.
    @Override
    public final Var forward(Var x) {
        return op.apply(x, kernel, kernel, stride, stride);
    }
}
