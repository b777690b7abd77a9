package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** Average pooling over NHWC input, no padding; the stride defaults to the kernel size as in PyTorch. */
public final class AvgPool2d extends Module {
    private final int kernel;
    private final int stride;

    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    public AvgPool2d(int kernel, int stride) {
        this.kernel = Args.requirePositive("kernel", kernel);
        this.stride = Args.requirePositive("stride", stride);
    }

    /** The square window's side. */
    public int kernelSize() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    @Override
    public Var forward(Var x) {
        return Ops.avgPool2d(x, kernel, kernel, stride, stride);
    }
}
