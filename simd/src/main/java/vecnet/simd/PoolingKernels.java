package vecnet.simd;

/**
 * The pooling family (NHWC): max, average and global average pooling and their backward passes.
 * Implemented by {@link ScalarPooling} and {@link VectorPooling}; arguments are validated by
 * {@link PoolingArgs} first.
 */
interface PoolingKernels {
    /** NHWC max pooling; argmax receives the winner's flat spatial position {@code ih * w + iw}. */
    void maxPool2d(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                   int[] argmax, int argOff);

    /** Overwrites dx with the max-pool gradient: each dy goes to its recorded winner (summed on overlap). */
    void maxPool2dBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff, int[] argmax, int argOff,
                           float[] dx, int dxOff);

    /** NHWC average pooling; the divisor is kernelH * kernelW when countIncludePad, else the valid taps. */
    void avgPool2d(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] x, int xOff,
                   float[] y, int yOff);

    /** Overwrites dx with the average-pool gradient. */
    void avgPool2dBackward(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] dy, int dyOff,
                           float[] dx, int dxOff);

    /** {@code y[b, ch] = mean_p x[b, p, ch]} over hw spatial positions. */
    void globalAvgPool2d(int n, int hw, int c, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx[b, p, ch] = dy[b, ch] / hw}. */
    void globalAvgPool2dBackward(int n, int hw, int c, float[] dy, int dyOff, float[] dx, int dxOff);
}
