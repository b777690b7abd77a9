package vecnet.simd;

/**
 * The sliding window of a 2-D convolution or pooling: kernel size, stride, zero padding on each side and
 * dilation (spacing of kernel taps; 1 = dense), for height and width. Output size per axis, as in
 * PyTorch (floor mode): {@code (in + 2 pad - dilation (kernel - 1) - 1) / stride + 1}.
 *
 * <p>Thread safety: immutable: safe to share between threads.
 */
public record Window2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                       int dilationH, int dilationW) {
    /** Validates each field on its own; {@link #requireFits} and {@link Simd} check it against an input. */
    public Window2d {
        positive("kernelH", kernelH);
        positive("kernelW", kernelW);
        positive("strideH", strideH);
        positive("strideW", strideW);
        if (padH < 0) {
            throw new IllegalArgumentException("padH must be >= 0, was " + padH);
        }
        if (padW < 0) {
            throw new IllegalArgumentException("padW must be >= 0, was " + padW);
        }
        positive("dilationH", dilationH);
        positive("dilationW", dilationW);
    }

    /** A square window: kernel x kernel, the same stride and padding on both axes, no dilation. */
    public static Window2d of(int kernel, int stride, int pad) {
        positive("kernel", kernel); // named as passed here; the record would say kernelH
        positive("stride", stride);
        if (pad < 0) {
            throw new IllegalArgumentException("pad must be >= 0, was " + pad);
        }
        return new Window2d(kernel, kernel, stride, stride, pad, pad, 1, 1);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + v);
        }
    }

    /** Output height for an input of height h (which must fit at least one window). */
    public int outH(int h) {
        if (h < 0) {
            throw new IllegalArgumentException("h must be >= 0, was " + h);
        }
        return (int) (((long) h + 2L * padH - (long) dilationH * (kernelH - 1) - 1) / strideH + 1);
    }

    /** Output width for an input of width w (which must fit at least one window). */
    public int outW(int w) {
        if (w < 0) {
            throw new IllegalArgumentException("w must be >= 0, was " + w);
        }
        return (int) (((long) w + 2L * padW - (long) dilationW * (kernelW - 1) - 1) / strideW + 1);
    }

    /** Extent of the dilated kernel along the height. */
    public long effectiveKernelH() {
        return (long) dilationH * (kernelH - 1) + 1;
    }

    /** Extent of the dilated kernel along the width. */
    public long effectiveKernelW() {
        return (long) dilationW * (kernelW - 1) + 1;
    }

    /**
     * Checks that the (dilated) kernel fits the zero-padded h x w input at least once: the one rule every
     * convolution and pooling call (and nn's ops, before they allocate an output) checks, with one message.
     *
     * @throws IllegalArgumentException naming the axis, the dilated kernel and the padded input size
     */
    public void requireFits(int h, int w) {
        if ((long) h + 2L * padH > Integer.MAX_VALUE || (long) w + 2L * padW > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("padded input " + ((long) h + 2L * padH) + " x "
                    + ((long) w + 2L * padW) + " exceeds Integer.MAX_VALUE");
        }
        if ((long) h + 2L * padH < effectiveKernelH()) {
            throw new IllegalArgumentException("kernel height " + effectiveKernelH() + " (dilated) is larger than "
                    + "the padded input height " + ((long) h + 2L * padH) + " (h " + h + " + 2 * padH "
                    + padH + ")");
        }
        if ((long) w + 2L * padW < effectiveKernelW()) {
            throw new IllegalArgumentException("kernel width " + effectiveKernelW() + " (dilated) is larger than "
                    + "the padded input width " + ((long) w + 2L * padW) + " (w " + w + " + 2 * padW "
                    + padW + ")");
        }
    }
}
