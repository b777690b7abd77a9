package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.simd.ActivationTest.assertMessage;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pooling through the facade: known answers, gradients, NaN, arguments. */
class PoolingTest {
    static final float KNOWN_TOL = 1e-6f;
    /** Linear maps: <dy, P x> = <P^T dy, x>, both sides summed in double, so only float rounding differs. */
    static final double ADJOINT_TOL = 1e-4;
    /** Max pooling is piecewise linear: a tiny step in double avoids crossing a near-tie. */
    static final double FD_STEP = 1e-7;
    static final double FD_TOL = 1e-6;

    private static float[] iota(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i + 1;
        }
        return a;
    }

    @Test
    void maxAndAveragePoolKnownAnswers() {
        float[] x = iota(16); // 1 x 4 x 4 x 1
        float[] y = new float[4];
        int[] arg = new int[4];
        Simd.maxPool2d(1, 4, 4, 1, Window2d.of(2, 2, 0), x, 0, y, 0, arg, 0);
        assertArrayEquals(new float[] {6, 8, 14, 16}, y);
        assertArrayEquals(new int[] {5, 7, 13, 15}, arg);
        Simd.avgPool2d(1, 4, 4, 1, Window2d.of(2, 2, 0), true, x, 0, y, 0);
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, y);

        float[] dx = new float[16];
        Simd.maxPool2dBackward(1, 4, 4, 1, Window2d.of(2, 2, 0), new float[] {1, 2, 3, 4}, 0, arg, 0, dx, 0);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4}, dx);
    }

    @Test
    void channelsAreIndependentInNhwc() {
        // 1 x 2 x 2 x 2: channel 0 = 1..4, channel 1 = 40, 30, 20, 10
        float[] x = {1, 40, 2, 30, 3, 20, 4, 10};
        float[] y = new float[2];
        int[] arg = new int[2];
        Simd.maxPool2d(1, 2, 2, 2, Window2d.of(2, 2, 0), x, 0, y, 0, arg, 0);
        assertArrayEquals(new float[] {4, 40}, y);
        assertArrayEquals(new int[] {3, 0}, arg);
        Simd.globalAvgPool2d(1, 2, 2, 2, x, 0, y, 0);
        assertArrayEquals(new float[] {2.5f, 25f}, y);
        float[] dx = new float[8];
        Simd.globalAvgPool2dBackward(1, 2, 2, 2, new float[] {4, 8}, 0, dx, 0);
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 1, 2}, dx);
    }

    @Test
    void averagePaddingCountsOnlyWhenAsked() {
        float[] ones = {1, 1, 1, 1}; // 1 x 2 x 2 x 1, 3x3 window, pad 1: each window holds 4 real ones
        float[] y = new float[4];
        Simd.avgPool2d(1, 2, 2, 1, Window2d.of(3, 1, 1), true, ones, 0, y, 0);
        for (float v : y) {
            assertEquals(4f / 9f, v, KNOWN_TOL); // PyTorch count_include_pad=True
        }
        Simd.avgPool2d(1, 2, 2, 1, Window2d.of(3, 1, 1), false, ones, 0, y, 0);
        for (float v : y) {
            assertEquals(1f, v, KNOWN_TOL);
        }
    }

    @Test
    void maxPoolPaddingNeverWinsAndNanPropagates() {
        float[] x = {-5, -6, -7, -8}; // all negative: zero padding would win if padding counted as 0
        float[] y = new float[4];
        int[] arg = new int[4];
        Simd.maxPool2d(1, 2, 2, 1, Window2d.of(3, 1, 1), x, 0, y, 0, arg, 0);
        assertArrayEquals(new float[] {-5, -5, -5, -5}, y);
        x[3] = Float.NaN;
        Simd.maxPool2d(1, 2, 2, 1, Window2d.of(3, 1, 1), x, 0, y, 0, arg, 0);
        for (int i = 0; i < 4; i++) {
            assertTrue(Float.isNaN(y[i]));
            assertEquals(3, arg[i]);
        }
    }

    @Test
    void averageAndGlobalPoolingBackwardAreAdjoints() {
        SplittableRandom rnd = new SplittableRandom(21);
        int n = 2;
        int h = 7;
        int w = 6;
        int c = 5;
        Window2d[] wins = {Window2d.of(3, 2, 1), new Window2d(3, 2, 1, 2, 1, 1, 2, 1), Window2d.of(2, 2, 0)};
        for (Window2d win : wins) {
            for (boolean include : new boolean[] {true, false}) {
                int out = n * win.outH(h) * win.outW(w) * c;
                float[] x = ConvTestData.random(rnd, n * h * w * c);
                float[] dy = ConvTestData.random(rnd, out);
                float[] y = new float[out];
                float[] dx = new float[x.length];
                Simd.avgPool2d(n, h, w, c, win, include, x, 0, y, 0);
                Simd.avgPool2dBackward(n, h, w, c, win, include, dy, 0, dx, 0);
                assertEquals(ConvTestData.dot(dy, y), ConvTestData.dot(dx, x), ADJOINT_TOL, win + " " + include);
            }
        }
        float[] x = ConvTestData.random(rnd, n * h * w * c);
        float[] dy = ConvTestData.random(rnd, n * c);
        float[] y = new float[n * c];
        float[] dx = new float[x.length];
        Simd.globalAvgPool2d(n, h, w, c, x, 0, y, 0);
        Simd.globalAvgPool2dBackward(n, h, w, c, dy, 0, dx, 0);
        assertEquals(ConvTestData.dot(dy, y), ConvTestData.dot(dx, x), ADJOINT_TOL);
    }

    @Test
    void maxPoolBackwardMatchesCentralDifferences() {
        SplittableRandom rnd = new SplittableRandom(8);
        int n = 2;
        int h = 5;
        int w = 6;
        int c = 3;
        Window2d win = new Window2d(3, 2, 2, 1, 1, 1, 1, 1); // overlapping windows share winners
        int out = n * win.outH(h) * win.outW(w) * c;
        float[] x = ConvTestData.random(rnd, n * h * w * c); // distinct values: no tie within FD_STEP
        float[] dy = ConvTestData.random(rnd, out);
        float[] y = new float[out];
        int[] arg = new int[out];
        float[] dx = new float[x.length];
        Simd.maxPool2d(n, h, w, c, win, x, 0, y, 0, arg, 0);
        Simd.maxPool2dBackward(n, h, w, c, win, dy, 0, arg, 0, dx, 0);
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
        for (int i = 0; i < x.length; i++) {
            double save = xd[i];
            xd[i] = save + FD_STEP;
            double lp = maxPoolLoss(xd, dy, n, h, w, c, win);
            xd[i] = save - FD_STEP;
            double lm = maxPoolLoss(xd, dy, n, h, w, c, win);
            xd[i] = save;
            assertEquals((lp - lm) / (2 * FD_STEP), dx[i], FD_TOL + 1e-6 * Math.abs(dx[i]), "i=" + i);
        }
    }

    /** Σ dy ⊙ maxpool(x) in double, straight from the definition. */
    private static double maxPoolLoss(double[] x, float[] dy, int n, int h, int w, int c, Window2d win) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        double loss = 0;
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    for (int ch = 0; ch < c; ch++) {
                        double best = Double.NEGATIVE_INFINITY;
                        for (int i = 0; i < win.kernelH(); i++) {
                            for (int j = 0; j < win.kernelW(); j++) {
                                int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                                int iw = q * win.strideW() - win.padW() + j * win.dilationW();
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                    best = Math.max(best, x[((b * h + ih) * w + iw) * c + ch]);
                                }
                            }
                        }
                        loss += dy[((b * oh + p) * ow + q) * c + ch] * best;
                    }
                }
            }
        }
        return loss;
    }

    @Test
    void badArguments() {
        float[] a = new float[100];
        int[] i = new int[100];
        assertMessage("padH must be >= 0, was -1", () -> new Window2d(2, 2, 1, 1, -1, 0, 1, 1));
        assertMessage("strideW must be >= 1, was 0", () -> new Window2d(2, 2, 1, 0, 0, 0, 1, 1));
        assertMessage("kernel height 5 (dilated) is larger than the padded input height 4 (h 2 + 2 * padH 1)",
                () -> Simd.avgPool2d(1, 2, 2, 1, Window2d.of(5, 1, 1), true, a, 0, new float[10], 0));
        assertMessage("pooling padding must be at most half the (dilated) kernel: padH 2 <= 1 and padW 2 <= 1 required",
                () -> Simd.maxPool2d(1, 5, 5, 1, Window2d.of(3, 1, 2), a, 0, new float[100], 0, i, 0));
        assertMessage("y is too short: 8 elements at offset 0 need length >= 8, was 7",
                () -> Simd.maxPool2d(2, 4, 4, 1, Window2d.of(2, 2, 0), a, 0, new float[7], 0, i, 0));
        assertMessage("x is too short: 32 elements at offset 70 need length >= 102, was 100",
                () -> Simd.maxPool2d(2, 4, 4, 1, Window2d.of(2, 2, 0), a, 70, new float[8], 0, i, 0));
        assertMessage("argmax is too short: 8 elements at offset 0 need length >= 8, was 2",
                () -> Simd.maxPool2d(2, 4, 4, 1, Window2d.of(2, 2, 0), a, 0, new float[8], 0, new int[2], 0));
        assertMessage("pooling window at output row 0 covers only padding (input rows 0..0, taps at -3 + 5 * t for t < 2)",
                () -> Simd.maxPool2d(1, 1, 4, 1, new Window2d(2, 1, 1, 1, 3, 0, 5, 1), a, 0, new float[100], 0, i, 0));
        assertMessage("h must be >= 1, was 0", () -> Simd.globalAvgPool2d(1, 0, 4, 1, a, 0, new float[1], 0));
        assertMessage("win must not be null", () -> Simd.avgPool2d(1, 4, 4, 1, null, true, a, 0, new float[4], 0));
        assertMessage("dx must not overlap dy: [0, 32) and [10, 18) of the same array",
                () -> Simd.avgPool2dBackward(2, 4, 4, 1, Window2d.of(2, 2, 0), true, a, 10, a, 0));
    }
}
