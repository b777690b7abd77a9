package vecnet.nn;

import vecnet.nn.autograd.Ops;

/**
 * Average pooling over NHWC input, no padding; the stride defaults to the kernel size as in PyTorch.
 *
 * <p>Thread safety: stateless (final configuration only, no parameters): forward writes nothing shared in either
 * mode, so it may run on many threads at once (see {@link Module}).
 */
public final class AvgPool2d extends Pool2d {
    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    public AvgPool2d(int kernel, int stride) {
        super(Ops::avgPool2d, kernel, stride);
    }
}
