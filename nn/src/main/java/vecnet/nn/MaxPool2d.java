package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** Max pooling over NHWC input, no padding; the stride defaults to the kernel size as in PyTorch. */
public final class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;

    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernel, int stride) {
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
        return Ops.maxPool2d(x, kernel, kernel, stride, stride);
    }
}
