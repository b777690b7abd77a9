package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.simd.ActivationTest.assertMessage;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Softmax, log-softmax and maxout through the facade: known answers, stability, gradients, arguments. */
class SoftmaxMaxoutTest {
    static final float KNOWN_TOL = 1e-6f;
    static final double EPS = Math.ulp(1f);
    static final double FD_STEP = 1e-4;
    static final double FD_TOL = 1e-5;

    @Test
    void softmaxKnownValuesAndShiftInvariance() {
        float[] x = {1f, 2f, 3f, 1001f, 1002f, 1003f};
        float[] y = new float[6];
        Simd.softmaxRows(2, 3, x, 0, y, 0);
        double z = Math.exp(-2) + Math.exp(-1) + 1;
        float[] expected = {(float) (Math.exp(-2) / z), (float) (Math.exp(-1) / z), (float) (1 / z)};
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[j], y[r * 3 + j], KNOWN_TOL); // 1001.. would overflow without the max
            }
        }
        Simd.logSoftmaxRows(2, 3, x, 0, y, 0);
        for (int j = 0; j < 6; j++) {
            // y = x - shift rounds at the magnitude of x: one ulp of 1003 in the second row
            assertEquals((float) Math.log(expected[j % 3]), y[j], j < 3 ? 4 * KNOWN_TOL : Math.ulp(1003f));
        }
    }

    @Test
    void extremeAndLongRowsStayFiniteAndNormalised() {
        float[] x = {-1e4f, 1e4f, 88f, -88f, 0f, -0f, 1e-8f, -1e-8f, 20f, -20f};
        float[] y = new float[x.length];
        Simd.softmaxRows(1, x.length, x, 0, y, 0);
        assertEquals(1f, y[1], KNOWN_TOL);
        assertEquals(0f, y[0]);
        Simd.logSoftmaxRows(1, x.length, x, 0, y, 0);
        assertEquals(0f, y[1], KNOWN_TOL);
        assertEquals(-2e4f, y[0], 1e-2f);
        assertTrue(Float.isFinite(y[0]));

        int cols = 100_003;
        float[] big = new float[cols];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < cols; i++) {
            big[i] = (float) rnd.nextDouble(-50, 50);
        }
        float[] out = new float[cols];
        Simd.softmaxRows(1, cols, big, 0, out, 0);
        double sum = 0;
        for (float v : out) {
            assertTrue(v >= 0 && Float.isFinite(v));
            sum += v;
        }
        assertEquals(1.0, sum, cols * EPS); // float summation error bound of a cols-term row
        float[] ref = new float[cols];
        Kernels.scalar().activations().softmaxRows(1, cols, big, 0, ref, 0);
        for (int i = 0; i < cols; i++) {
            assertEquals(ref[i], out[i], cols * EPS * ref[i] + Float.MIN_NORMAL);
        }
    }

    @Test
    void nanPoisonsOnlyItsRow() {
        float[] x = {1f, Float.NaN, 2f, 1f, 2f, 3f};
        float[] y = new float[6];
        Simd.softmaxRows(2, 3, x, 0, y, 0);
        for (int j = 0; j < 3; j++) {
            assertTrue(Float.isNaN(y[j]));
            assertTrue(Float.isFinite(y[3 + j]));
        }
        Simd.logSoftmaxRows(2, 3, x, 0, y, 0);
        assertTrue(Float.isNaN(y[0]) && Float.isFinite(y[5]));
    }

    @Test
    void softmaxBackwardMatchesCentralDifferences() {
        SplittableRandom rnd = new SplittableRandom(9);
        int rows = 3;
        int cols = 11;
        double[] x = new double[rows * cols];
        float[] xf = new float[x.length];
        float[] w = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            xf[i] = (float) rnd.nextDouble(-3, 3);
            x[i] = xf[i];
            w[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (boolean log : new boolean[] {false, true}) {
            float[] y = new float[x.length];
            float[] dx = new float[x.length];
            if (log) {
                Simd.logSoftmaxRows(rows, cols, xf, 0, y, 0);
                Simd.logSoftmaxRowsBackward(rows, cols, y, 0, w, 0, dx, 0);
            } else {
                Simd.softmaxRows(rows, cols, xf, 0, y, 0);
                Simd.softmaxRowsBackward(rows, cols, y, 0, w, 0, dx, 0);
            }
            // loss = Σ w ⊙ f(x), differentiated numerically in double
            for (int i = 0; i < x.length; i++) {
                double save = x[i];
                x[i] = save + FD_STEP;
                double lp = weighted(x, w, rows, cols, log);
                x[i] = save - FD_STEP;
                double lm = weighted(x, w, rows, cols, log);
                x[i] = save;
                double fd = (lp - lm) / (2 * FD_STEP);
                assertEquals(fd, dx[i], FD_TOL * (1 + Math.abs(fd)), (log ? "log-softmax" : "softmax") + " i=" + i);
            }
        }
    }

    private static double weighted(double[] x, float[] w, int rows, int cols, boolean log) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[r * cols + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[r * cols + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                double e = x[r * cols + j] - max - Math.log(sum);
                loss += w[r * cols + j] * (log ? e : Math.exp(e));
            }
        }
        return loss;
    }

    @Test
    void inPlaceSoftmax() {
        float[] x = {0.5f, -1f, 2f, 7f, 3f};
        float[] y = new float[5];
        Simd.softmaxRows(1, 5, x, 0, y, 0);
        Simd.softmaxRows(1, 5, x, 0, x, 0);
        assertArrayEquals(y, x);
    }

    @Test
    void maxoutKnownAnswerAndRouting() {
        // 1 row, units 2, k 3, piece-major: pieces (1, 5), (4, -2), (3, 9)
        float[] x = {1f, 5f, 4f, -2f, 3f, 9f};
        float[] y = new float[2];
        int[] idx = new int[2];
        Simd.maxout(1, 2, 3, x, 0, y, 0, idx, 0);
        assertArrayEquals(new float[] {4f, 9f}, y);
        assertArrayEquals(new int[] {1, 2}, idx);
        float[] dx = new float[6];
        java.util.Arrays.fill(dx, 7f);
        Simd.maxoutBackward(1, 2, 3, new float[] {0.5f, -1f}, 0, idx, 0, dx, 0);
        assertArrayEquals(new float[] {0f, 0f, 0.5f, 0f, 0f, -1f}, dx);
    }

    @Test
    void maxoutBackwardMatchesCentralDifferences() {
        SplittableRandom rnd = new SplittableRandom(4);
        int rows = 2;
        int units = 13;
        int k = 3;
        float[] x = new float[rows * units * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-5, 5); // distinct with probability 1: no tie within FD_STEP
        }
        float[] w = new float[rows * units];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextDouble(-1, 1);
        }
        float[] y = new float[rows * units];
        int[] idx = new int[rows * units];
        Simd.maxout(rows, units, k, x, 0, y, 0, idx, 0);
        float[] dx = new float[x.length];
        Simd.maxoutBackward(rows, units, k, w, 0, idx, 0, dx, 0);
        for (int i = 0; i < x.length; i++) {
            float save = x[i];
            double lp = maxoutLoss(x, i, save + FD_STEP, w, rows, units, k);
            double lm = maxoutLoss(x, i, save - FD_STEP, w, rows, units, k);
            assertEquals((lp - lm) / (2 * FD_STEP), dx[i], FD_TOL, "i=" + i);
        }
    }

    private static double maxoutLoss(float[] x, int at, double value, float[] w, int rows, int units, int k) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    int i = r * units * k + j * units + u;
                    best = Math.max(best, i == at ? value : x[i]);
                }
                loss += w[r * units + u] * best;
            }
        }
        return loss;
    }

    @Test
    void badArguments() {
        float[] a = new float[12];
        assertMessage("k (pieces) must be >= 1, was 0", () -> Simd.maxout(1, 2, 0, a, 0, new float[2], 0, new int[2], 0));
        assertMessage("idx is too short: 4 elements at offset 0 need length >= 4, was 3",
                () -> Simd.maxout(2, 2, 3, a, 0, new float[4], 0, new int[3], 0));
        assertMessage("x is too short: 12 elements at offset 1 need length >= 13, was 12",
                () -> Simd.maxout(2, 2, 3, a, 1, new float[4], 0, new int[4], 0));
        assertMessage("y must not overlap x: [4, 8) and [0, 12) of the same array",
                () -> Simd.maxout(2, 2, 3, a, 0, a, 4, new int[4], 0));
        assertMessage("cols must be >= 0, was -3", () -> Simd.softmaxRows(1, -3, a, 0, a, 0));
        assertMessage("y is too short: 12 elements at offset 0 need length >= 12, was 11",
                () -> Simd.softmaxRows(3, 4, a, 0, new float[11], 0));
        assertMessage("dx must be dy at the same offset (in place) or not overlap it: offsets 0 and 1 with 6 elements "
                + "overlap", () -> Simd.softmaxRowsBackward(2, 3, new float[6], 0, a, 1, a, 0));
    }
}
