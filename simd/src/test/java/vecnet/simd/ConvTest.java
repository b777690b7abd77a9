package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static vecnet.simd.ActivationTest.assertMessage;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Convolution through the facade: course known answers, the direct reference, gradients, arguments. */
class ConvTest {
    /** The loss is linear in x, W and b: central differences in double are exact up to rounding. */
    static final double FD_STEP = 1e-3;
    static final double FD_TOL = 1e-5;

    private static float[] conv(int n, int h, int w, int cin, int cout, Window2d win, float[] x, float[] weight,
                                float[] bias) {
        float[] y = new float[n * win.outH(h) * win.outW(w) * cout];
        float[] work = new float[Simd.conv2dWorkSize(n, h, w, cin, win)];
        Simd.conv2d(n, h, w, cin, cout, win, x, 0, weight, 0, bias, 0, y, 0, work, 0);
        return y;
    }

    @Test
    void verticalEdgeFilterGivesSixAtTopLeft() {
        float[] x = {7, 2, 3, 3, 8, 4, 5, 3, 8, 4, 3, 3, 2, 8, 4, 2, 8, 7, 2, 7, 5, 4, 4, 5, 4};
        float[] edge = {1, 0, -1, 1, 0, -1, 1, 0, -1};
        float[] y = conv(1, 5, 5, 1, 1, Window2d.of(3, 1, 0), x, edge, null);
        assertEquals(9, y.length);
        assertEquals(6f, y[0]);
        float[] ref = new float[9];
        Kernels.scalar().conv().conv2dImplicit(1, 5, 5, 1, 1, Window2d.of(3, 1, 0), x, 0, edge, 0, null, 0, ref, 0);
        assertEquals(6f, ref[0]);
        assertArrayEquals(ref, y); // small integers: exact in any order
    }

    @Test
    void curveDetectorGives6600AndZero() {
        float[] filter = new float[49];
        int[][] taps = {{0, 5}, {1, 4}, {2, 3}, {3, 3}, {4, 3}, {5, 3}};
        for (int[] t : taps) {
            filter[t[0] * 7 + t[1]] = 30;
        }
        float[] fields = {
            0, 0, 0, 0, 0, 0, 30, 0, 0, 0, 0, 50, 50, 50, 0, 0, 0, 20, 50, 0, 0, 0, 0, 0, 50, 50, 0, 0,
            0, 0, 0, 50, 50, 0, 0, 0, 0, 0, 50, 50, 0, 0, 0, 0, 0, 50, 50, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 0, 0, 40, 0, 40, 0, 0, 0, 0, 40, 20, 0, 0, 0, 0, 0,
            0, 50, 0, 0, 0, 0, 0, 0, 0, 50, 0, 0, 0, 0, 25, 25, 0, 50, 0, 0, 0};
        // both receptive fields as a batch of two 7x7 images
        float[] y = conv(2, 7, 7, 1, 1, Window2d.of(7, 1, 0), fields, filter, null);
        assertArrayEquals(new float[] {6600f, 0f}, y);
    }

    @Test
    void gemmPathsMatchTheDirectReference() {
        for (ConvCase c : ConvCase.cases()) {
            c.assertMatchesDirect(conv(c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, c.weight, c.bias), "im2col");
        }
    }

    @Test
    void implicitIm2colMatchesTheDirectReference() {
        for (ConvCase c : ConvCase.cases()) {
            float[] y = new float[c.outSize()];
            Simd.conv2dImplicit(c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, c.weight, 0, c.bias, 0, y, 0);
            c.assertMatchesDirect(y, "implicit");
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        ConvCase[] cases = {
            new ConvCase(2, 5, 4, 2, 3, Window2d.of(3, 2, 1), true, 31),
            new ConvCase(2, 3, 4, 3, 2, Window2d.of(1, 1, 0), true, 32),
            new ConvCase(1, 6, 7, 2, 3, new Window2d(2, 3, 1, 2, 1, 2, 2, 1), true, 33),
        };
        for (ConvCase c : cases) {
            SplittableRandom rnd = new SplittableRandom(99);
            float[] g = ConvTestData.random(rnd, c.outSize());
            float[] work = new float[Simd.conv2dWorkSize(c.n, c.h, c.w, c.cin, c.win)];
            float[] dx = new float[c.x.length];
            float[] dw = new float[c.weight.length];
            float[] db = new float[c.cout];
            Simd.conv2dBackwardInput(c.n, c.h, c.w, c.cin, c.cout, c.win, g, 0, c.weight, 0, dx, 0, work, 0);
            Simd.conv2dBackwardWeight(c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, g, 0, dw, 0, work, 0);
            Simd.conv2dBackwardBias(c.n, c.h, c.w, c.cout, c.win, g, 0, db, 0);
            double[] x = toDouble(c.x);
            double[] wt = toDouble(c.weight);
            double[] b = toDouble(c.bias);
            checkFd(c + " dX", x, dx, () -> loss(c, x, wt, b, g));
            checkFd(c + " dW", wt, dw, () -> loss(c, x, wt, b, g));
            checkFd(c + " db", b, db, () -> loss(c, x, wt, b, g));
        }
    }

    private static void checkFd(String what, double[] p, float[] grad, java.util.function.DoubleSupplier loss) {
        for (int i = 0; i < p.length; i++) {
            double save = p[i];
            p[i] = save + FD_STEP;
            double lp = loss.getAsDouble();
            p[i] = save - FD_STEP;
            double lm = loss.getAsDouble();
            p[i] = save;
            double fd = (lp - lm) / (2 * FD_STEP);
            assertEquals(fd, grad[i], FD_TOL * (1 + Math.abs(fd)), what + " i=" + i);
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Σ g ⊙ conv(x, W, b), the direct definition in double. */
    private static double loss(ConvCase c, double[] x, double[] wt, double[] b, float[] g) {
        Window2d win = c.win;
        int oh = win.outH(c.h);
        int ow = win.outW(c.w);
        double loss = 0;
        for (int n = 0; n < c.n; n++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    for (int co = 0; co < c.cout; co++) {
                        double s = b[co];
                        for (int i = 0; i < win.kernelH(); i++) {
                            for (int j = 0; j < win.kernelW(); j++) {
                                int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                                int iw = q * win.strideW() - win.padW() + j * win.dilationW();
                                if (ih < 0 || ih >= c.h || iw < 0 || iw >= c.w) {
                                    continue;
                                }
                                for (int ci = 0; ci < c.cin; ci++) {
                                    s += x[((n * c.h + ih) * c.w + iw) * c.cin + ci]
                                            * wt[((i * win.kernelW() + j) * c.cin + ci) * c.cout + co];
                                }
                            }
                        }
                        loss += g[((n * oh + p) * ow + q) * c.cout + co] * s;
                    }
                }
            }
        }
        return loss;
    }

    /** Several column chunks: the three products must still be adjoint, <g, y - b> = <dX, x> = <dW, W>. */
    @Test
    void chunkedBackwardIsTheAdjointOfForward() {
        ConvCase c = new ConvCase(2, 13, 12, 32, 8, Window2d.of(3, 2, 1), true, 41);
        ConvCase big = new ConvCase(1, 30, 29, 32, 8, Window2d.of(3, 1, 1), true, 42);
        assertEquals(4, (big.rows() + Im2colConvolution.chunkRows(big.rows(), big.depth()) - 1)
                / Im2colConvolution.chunkRows(big.rows(), big.depth()), "870 rows at K = 288 make 4 column chunks");
        for (ConvCase k : new ConvCase[] {c, big}) {
            SplittableRandom rnd = new SplittableRandom(43);
            float[] g = ConvTestData.random(rnd, k.outSize());
            float[] work = new float[Simd.conv2dWorkSize(k.n, k.h, k.w, k.cin, k.win)];
            float[] y = new float[k.outSize()];
            float[] dx = new float[k.x.length];
            float[] dw = new float[k.weight.length];
            Simd.conv2d(k.n, k.h, k.w, k.cin, k.cout, k.win, k.x, 0, k.weight, 0, k.bias, 0, y, 0, work, 0);
            Simd.conv2dBackwardInput(k.n, k.h, k.w, k.cin, k.cout, k.win, g, 0, k.weight, 0, dx, 0, work, 0);
            Simd.conv2dBackwardWeight(k.n, k.h, k.w, k.cin, k.cout, k.win, k.x, 0, g, 0, dw, 0, work, 0);
            double gy = 0;
            double scale = 0;
            float[] ref = k.direct();
            double[] tol = k.tolerance();
            for (int i = 0; i < y.length; i++) {
                assertEquals(ref[i], y[i], tol[i], k + " i=" + i);
                double y0 = (double) y[i] - k.bias[i % k.cout];
                gy += g[i] * y0;
                scale += Math.abs(g[i] * y0);
            }
            // each side sums the same products in a different order: float rounding of K-term sums
            double adjTol = k.depth() * ConvCase.EPS * scale + 1e-6;
            assertEquals(gy, ConvTestData.dot(dx, k.x), adjTol, "dX " + k);
            assertEquals(gy, ConvTestData.dot(dw, k.weight), adjTol, "dW " + k);
        }
    }

    @Test
    void im2colAndCol2imAreAdjoint() {
        SplittableRandom rnd = new SplittableRandom(12);
        Window2d win = new Window2d(3, 2, 2, 1, 1, 1, 1, 2);
        int n = 2;
        int h = 7;
        int w = 6;
        int c = 3;
        int cols = n * win.outH(h) * win.outW(w) * win.kernelH() * win.kernelW() * c;
        float[] x = ConvTestData.random(rnd, n * h * w * c);
        float[] g = ConvTestData.random(rnd, cols);
        float[] col = new float[cols];
        float[] dx = new float[x.length];
        Simd.im2col(n, h, w, c, win, x, 0, col, 0);
        Simd.col2im(n, h, w, c, win, g, 0, dx, 0);
        assertEquals(ConvTestData.dot(g, col), ConvTestData.dot(dx, x), 1e-4);
        // the accumulating form adds the same values to what dx held
        float[] acc = ConvTestData.random(rnd, x.length);
        float[] expected = acc.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += dx[i];
        }
        Simd.col2imAdd(n, h, w, c, win, g, 0, acc, 0);
        for (int i = 0; i < acc.length; i++) {
            assertEquals(expected[i], acc[i], 4 * Math.ulp(Math.abs(expected[i]) + 8f), "i=" + i);
        }
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        float[] x = new float[2 * 5 * 5 * 2];
        float[] wt = new float[3 * 3 * 2 * 4];
        float[] y = new float[2 * 3 * 3 * 4];
        float[] work = new float[Simd.conv2dWorkSize(2, 5, 5, 2, Window2d.of(3, 1, 0))];
        assertMessage("padW must be >= 0, was -1", () -> new Window2d(3, 3, 1, 1, 0, -1, 1, 1));
        assertMessage("kernel height 7 (dilated) is larger than the padded input height 5 (h 5 + 2 * padH 0)",
                () -> Simd.conv2d(2, 5, 5, 2, 4, Window2d.of(7, 1, 0), x, 0, new float[7 * 7 * 8], 0, null, 0, y, 0,
                        null, 0));
        assertMessage("weight is too short for kernelH x kernelW x cin x cout = 3 x 3 x 2 x 4: 72 elements at offset 0"
                + " need length >= 72, was 36", () -> Simd.conv2d(2, 5, 5, 2, 4, Window2d.of(3, 1, 0), x, 0,
                new float[36], 0, null, 0, y, 0, work, 0));
        assertMessage("y is too short for n x outH x outW x cout = 2 x 3 x 3 x 4: 72 elements at offset 0 need length"
                + " >= 72, was 71", () -> Simd.conv2d(2, 5, 5, 2, 4, Window2d.of(3, 1, 0), x, 0, wt, 0, null, 0,
                new float[71], 0, work, 0));
        assertMessage("x is too short for n x h x w x cin = 2 x 5 x 5 x 3: 150 elements at offset 0 need length >= 150,"
                + " was 100", () -> Simd.conv2d(2, 5, 5, 3, 4, Window2d.of(3, 1, 0), x, 0, new float[108], 0, null,
                0, y, 0, new float[1000], 0));
        assertMessage("bias is too short for cout = 4: 4 elements at offset 1 need length >= 5, was 4",
                () -> Simd.conv2d(2, 5, 5, 2, 4, Window2d.of(3, 1, 0), x, 0, wt, 0, new float[4], 1, y, 0, work, 0));
        assertMessage("work is too short for conv2dWorkSize: 324 elements at offset 0 need length >= 324, was 323",
                () -> Simd.conv2d(2, 5, 5, 2, 4, Window2d.of(3, 1, 0), x, 0, wt, 0, null, 0, y, 0,
                        new float[work.length - 1], 0));
        assertMessage("work must not be null", () -> Simd.conv2d(2, 5, 5, 2, 4, Window2d.of(3, 1, 0), x, 0, wt, 0,
                null, 0, y, 0, null, 0));
        assertMessage("cin must be >= 1, was 0", () -> Simd.conv2dWorkSize(1, 5, 5, 0, Window2d.of(3, 1, 0)));
        assertMessage("dx is too short for n x h x w x cin = 2 x 5 x 5 x 2: 100 elements at offset 0 need length >= 100,"
                + " was 99", () -> Simd.conv2dBackwardInput(2, 5, 5, 2, 4, Window2d.of(3, 1, 0), y, 0, wt, 0,
                new float[99], 0, work, 0));
        float[] shared = new float[1000];
        assertMessage("work must not overlap x: [50, 374) and [0, 100) of the same array",
                () -> Simd.conv2d(2, 5, 5, 2, 4, Window2d.of(3, 1, 0), shared, 0, wt, 0, null, 0, y, 0, shared, 50));
        assertEquals(0, Simd.conv2dWorkSize(4, 5, 5, 2, Window2d.of(1, 1, 0)), "pointwise runs without im2col");
    }
}
