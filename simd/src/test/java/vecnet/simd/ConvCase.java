package vecnet.simd;

import java.util.SplittableRandom;

/** One convolution shape with seeded data, and the reference results the tests compare against. */
final class ConvCase {
    static final double EPS = Math.ulp(1f);

    final int n;
    final int h;
    final int w;
    final int cin;
    final int cout;
    final Window2d win;
    final float[] x;
    final float[] weight;
    final float[] bias;

    ConvCase(int n, int h, int w, int cin, int cout, Window2d win, boolean withBias, long seed) {
        this.n = n;
        this.h = h;
        this.w = w;
        this.cin = cin;
        this.cout = cout;
        this.win = win;
        SplittableRandom rnd = new SplittableRandom(seed);
        x = ConvTestData.random(rnd, n * h * w * cin);
        weight = ConvTestData.random(rnd, win.kernelH() * win.kernelW() * cin * cout);
        bias = withBias ? ConvTestData.random(rnd, cout) : null;
    }

    int outSize() {
        return rows() * cout;
    }

    int rows() {
        return n * win.outH(h) * win.outW(w);
    }

    int depth() {
        return win.kernelH() * win.kernelW() * cin;
    }

    /** The direct seven-loop reference. */
    float[] direct() {
        float[] y = new float[outSize()];
        Kernels.scalar().conv().conv2dImplicit(n, h, w, cin, cout, win, x, 0, weight, 0, bias, 0, y, 0);
        return y;
    }

    /** Asserts that y is {@link #direct}'s output within {@link #tolerance}, output by output. */
    void assertMatchesDirect(float[] y, String what) {
        float[] ref = direct();
        double[] tol = tolerance();
        org.junit.jupiter.api.Assertions.assertEquals(ref.length, y.length, what + " " + this + ": outputs");
        for (int i = 0; i < ref.length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(ref[i], y[i], tol[i], what + " " + this + " i=" + i);
        }
    }

    /**
     * Per output, the float rounding bound of a depth-term dot product, γ_K Σ|x w| with γ_K = K eps,
     * plus the bias addition: the tolerance for any summation order.
     */
    double[] tolerance() {
        float[] ax = abs(x);
        float[] aw = abs(weight);
        float[] s = new float[outSize()];
        Kernels.scalar().conv().conv2dImplicit(n, h, w, cin, cout, win, ax, 0, aw, 0, null, 0, s, 0);
        double[] tol = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            double b = bias == null ? 0 : Math.abs(bias[i % cout]);
            tol[i] = (depth() + 2) * EPS * (s[i] + b) + Float.MIN_NORMAL;
        }
        return tol;
    }

    private static float[] abs(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }

    @Override
    public String toString() {
        return n + "x" + h + "x" + w + "x" + cin + " -> " + cout + " " + win + (bias == null ? "" : " +bias");
    }

    /** Shapes covering batch 1 and > 1, odd sizes, stride, padding, dilation, pointwise and wide outputs. */
    static ConvCase[] cases() {
        return new ConvCase[] {
            new ConvCase(1, 5, 5, 1, 1, Window2d.of(3, 1, 0), false, 1),
            new ConvCase(2, 7, 6, 3, 5, Window2d.of(3, 1, 1), true, 2),
            new ConvCase(2, 9, 8, 4, 7, Window2d.of(3, 2, 1), true, 3),
            new ConvCase(1, 8, 7, 2, 3, new Window2d(3, 2, 2, 1, 2, 0, 2, 1), false, 4),
            new ConvCase(3, 5, 5, 6, 9, Window2d.of(1, 1, 0), true, 5),
            new ConvCase(2, 6, 6, 5, 4, Window2d.of(1, 2, 0), false, 6),
            new ConvCase(1, 4, 4, 3, 2, Window2d.of(5, 1, 3), true, 7),
            new ConvCase(2, 11, 10, 16, 33, Window2d.of(3, 1, 1), true, 8),
            // 312 output pixels at K = 288: more than one column chunk (Im2colConvolution.chunkRows)
            new ConvCase(2, 13, 12, 32, 8, Window2d.of(3, 1, 1), true, 9),
            // LeNet-like narrow layers (VectorNarrowConv at 256 bits): one input channel with padding,
            // 6 -> 16 channels unpadded, and just past two vectors at 256 bits with stride and dilation
            new ConvCase(3, 12, 11, 1, 6, Window2d.of(5, 1, 2), true, 10),
            new ConvCase(2, 10, 9, 6, 16, Window2d.of(5, 1, 0), true, 11),
            new ConvCase(2, 11, 13, 3, 17, new Window2d(3, 3, 2, 1, 1, 2, 1, 2), false, 12),
            new ConvCase(1, 9, 10, 2, 12, new Window2d(3, 2, 2, 1, 0, 1, 2, 1), true, 13),
            // output rows of 12+ pixels with 16+ channels (the implicit pack's in-register transposes):
            // stride 2 with padding 2 (two pixels of a panel in the padding), dilation 2 with 17 channels
            // (a 1-channel remainder), panels that wrap into the next output row
            new ConvCase(2, 5, 29, 40, 9, new Window2d(3, 3, 1, 2, 1, 2, 1, 1), true, 14),
            new ConvCase(1, 4, 27, 17, 5, new Window2d(3, 3, 1, 1, 1, 1, 1, 2), false, 15),
            // LeNet-5's first layer at full width (VectorPixelConv at 512 bits)
            new ConvCase(2, 28, 28, 1, 6, Window2d.of(5, 1, 2), true, 16),
        };
    }
}
