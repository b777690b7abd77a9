package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vecnet.core.Parallel;

/**
 * The batch-normalization ops ({@link Simd#batchNormStats}, {@link Simd#batchNormApply},
 * {@link Simd#batchNormBackward}) on both implementations: a hand-worked answer, the definitions computed
 * in double over sizes that span several row blocks and thread tasks, the same bits on 1, 2 and 3 threads,
 * and every bad argument refused by name.
 */
class BatchNormTest {
    private static final int PREVIOUS = Parallel.parallelism();
    static final double EPS = Math.ulp(1f);
    /**
     * Error bound in units of EPS per term of a float sum: a sum of k terms in float is within
     * (k − 1)·EPS·Σ|terms| of the exact one; the blocked sums have k = min(rows, BLOCK).
     */
    static final double SUM_ULPS = 1.0;
    /** The elementwise passes round a handful of times per element, after the per-channel sums. */
    static final double ELEMENT_ULPS = 4.0;

    @AfterEach
    void restoreParallelism() {
        Parallel.setParallelism(PREVIOUS);
    }

    static List<NormKernels> implementations() {
        NormKernels v = KernelProvider.NORM.vectorOrNull();
        return v == null ? List.of(KernelProvider.NORM.scalar()) : List.of(KernelProvider.NORM.scalar(), v);
    }

    /** Two channels of four rows: means 2.5 and 11, biased variances 1.25 and 3 (all exact in float). */
    @Test
    void handWorkedStatisticsNormalizationAndGradients() {
        float[] x = {1, 10, 2, 10, 3, 10, 4, 14};
        for (NormKernels k : implementations()) {
            float[] mean = new float[2];
            float[] var = new float[2];
            Simd.batchNormStats(k, 4, 2, x, 0, mean, 0, var, 0);
            assertArrayEquals(new float[] {2.5f, 11f}, mean, k.getClass().getSimpleName());
            assertArrayEquals(new float[] {1.25f, 3f}, var, k.getClass().getSimpleName());
            float[] y = new float[8];
            Simd.batchNormApply(k, 4, 2, x, 0, mean, 0, new float[] {2f, 0.5f}, 0, new float[] {1f, -1f}, 0, y, 0);
            assertArrayEquals(new float[] {-2f, -1.5f, 0f, -1.5f, 2f, -1.5f, 4f, 0.5f}, y);
            // dy = 1 on channel 0's first row only; invStd 2 and 1, gamma 3 and 1
            float[] dy = {1, 0, 0, 0, 0, 0, 0, 0};
            float[] dx = new float[8];
            float[] dGamma = new float[2];
            float[] dBeta = new float[2];
            Simd.batchNormBackward(k, 4, 2, x, 0, dy, 0, mean, 0, new float[] {2f, 1f}, 0, new float[] {3f, 1f}, 0,
                    dx, 0, dGamma, 0, dBeta, 0);
            assertArrayEquals(new float[] {-3f, 0f}, dGamma); // Σ dy·(x − mean)·invStd = (1 − 2.5)·2
            assertArrayEquals(new float[] {1f, 0f}, dBeta);
            // dx = (dy − 1/4 − (x − 2.5)·4·(−1.5)/4)·6 = (dy − 0.25 + 1.5·(x − 2.5))·6
            assertArrayEquals(new float[] {-9f, 0f, -6f, 0f, 3f, 0f, 12f, 0f}, dx); // sums to 0, as it must
        }
    }

    @Test
    void statisticsApplyAndBackwardMatchTheirDefinitions() {
        int[][] shapes = {{1, 1}, {2, 3}, {7, 17}, {256, 5}, {257, 16}, {600, 40}, {1000, 64}, {3000, 3}};
        SplittableRandom rnd = new SplittableRandom(5);
        for (NormKernels k : implementations()) {
            for (int[] sh : shapes) {
                int rows = sh[0];
                int c = sh[1];
                String what = k.getClass().getSimpleName() + " " + rows + "x" + c;
                float[] x = new float[rows * c + 3];
                float[] dy = new float[rows * c + 1];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (5 + 3 * rnd.nextDouble(-1, 1)); // an offset mean: the variance must not cancel
                }
                for (int i = 0; i < dy.length; i++) {
                    dy[i] = (float) rnd.nextDouble(-1, 1);
                }
                float[] mean = new float[c + 1];
                float[] var = new float[c + 2];
                Simd.batchNormStats(k, rows, c, x, 3, mean, 1, var, 2);
                int len = Math.min(rows, BatchNormPasses.BLOCK);
                float[] inv = new float[c];
                float[] gamma = new float[c];
                float[] beta = new float[c];
                for (int j = 0; j < c; j++) {
                    double s = 0;
                    double abs = 0;
                    for (int r = 0; r < rows; r++) {
                        s += x[3 + r * c + j];
                        abs += Math.abs(x[3 + r * c + j]);
                    }
                    double m = s / rows;
                    assertEquals(m, mean[1 + j], SUM_ULPS * EPS * len * abs / rows + EPS * Math.abs(m),
                            what + " mean " + j);
                    double sq = 0;
                    for (int r = 0; r < rows; r++) {
                        double d = x[3 + r * c + j] - (double) mean[1 + j];
                        sq += d * d;
                    }
                    double v = sq / rows;
                    assertEquals(v, var[2 + j], (SUM_ULPS * len + ELEMENT_ULPS) * EPS * v + 1e-30, what + " var " + j);
                    inv[j] = (float) (1 / Math.sqrt(var[2 + j] + 1e-5));
                    gamma[j] = (float) rnd.nextDouble(0.5, 2);
                    beta[j] = (float) rnd.nextDouble(-1, 1);
                }
                float[] scale = new float[c];
                for (int j = 0; j < c; j++) {
                    scale[j] = inv[j] * gamma[j];
                }
                float[] y = new float[rows * c];
                Simd.batchNormApply(k, rows, c, x, 3, mean, 1, scale, 0, beta, 0, y, 0);
                float[] dx = new float[rows * c + 2];
                float[] dGamma = new float[c];
                float[] dBeta = new float[c];
                Simd.batchNormBackward(k, rows, c, x, 3, dy, 1, mean, 1, inv, 0, gamma, 0, dx, 2, dGamma, 0, dBeta, 0);
                for (int j = 0; j < c; j++) {
                    double sumDy = 0;
                    double sumDyXc = 0;
                    double absDy = 0;
                    double absDyXc = 0;
                    for (int r = 0; r < rows; r++) {
                        int i = r * c + j;
                        double xc = x[3 + i] - (double) mean[1 + j];
                        double yRef = xc * scale[j] + beta[j];
                        assertEquals(yRef, y[i], ELEMENT_ULPS * EPS * (Math.abs(xc * scale[j]) + Math.abs(beta[j])
                                + Math.abs(mean[1 + j] * scale[j])), what + " y " + i);
                        sumDy += dy[1 + i];
                        sumDyXc += dy[1 + i] * xc;
                        absDy += Math.abs(dy[1 + i]);
                        absDyXc += Math.abs(dy[1 + i] * xc);
                    }
                    double sumTol = SUM_ULPS * EPS * len;
                    assertEquals(sumDy, dBeta[j], sumTol * absDy + EPS * Math.abs(sumDy), what + " dBeta " + j);
                    assertEquals(sumDyXc * inv[j], dGamma[j], (sumTol * absDyXc + 2 * EPS * Math.abs(sumDyXc)) * inv[j],
                            what + " dGamma " + j);
                    double dyMean = sumDy / rows;
                    double proj = sumDyXc * inv[j] * inv[j] / rows;
                    double projTol = (sumTol * absDyXc + 2 * EPS * Math.abs(sumDyXc)) * inv[j] * inv[j] / rows;
                    double dyMeanTol = (sumTol * absDy + EPS * Math.abs(sumDy)) / rows;
                    for (int r = 0; r < rows; r++) {
                        int i = r * c + j;
                        double xc = x[3 + i] - (double) mean[1 + j];
                        double s = inv[j] * (double) gamma[j];
                        double ref = (dy[1 + i] - dyMean - xc * proj) * s;
                        double terms = (Math.abs(dy[1 + i]) + Math.abs(dyMean) + Math.abs(xc * proj)
                                + Math.abs(mean[1 + j] * proj)) * Math.abs(s);
                        double tol = ELEMENT_ULPS * EPS * terms + (dyMeanTol + Math.abs(xc) * projTol) * Math.abs(s);
                        assertEquals(ref, dx[2 + i], tol, what + " dx " + i);
                    }
                }
            }
        }
    }

    /** Row blocks are fixed and tasks take whole blocks: 1, 2 and 3 threads give the same bits. */
    @Test
    void theSameBitsOnAnyThreadCount() {
        int rows = 20_000;
        int c = 40;
        SplittableRandom rnd = new SplittableRandom(9);
        float[] x = new float[rows * c];
        float[] dy = new float[rows * c];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-2, 3);
            dy[i] = (float) rnd.nextDouble(-1, 1);
        }
        float[] gamma = new float[c];
        float[] inv = new float[c];
        for (int j = 0; j < c; j++) {
            gamma[j] = (float) rnd.nextDouble(0.5, 2);
            inv[j] = (float) rnd.nextDouble(0.5, 2);
        }
        for (NormKernels k : implementations()) {
            float[][] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setParallelism(threads);
                float[] mean = new float[c];
                float[] var = new float[c];
                Simd.batchNormStats(k, rows, c, x, 0, mean, 0, var, 0);
                float[] y = new float[rows * c];
                Simd.batchNormApply(k, rows, c, x, 0, mean, 0, gamma, 0, inv, 0, y, 0);
                float[] dx = new float[rows * c];
                float[] dGamma = new float[c];
                float[] dBeta = new float[c];
                Simd.batchNormBackward(k, rows, c, x, 0, dy, 0, mean, 0, inv, 0, gamma, 0, dx, 0, dGamma, 0, dBeta, 0);
                float[][] got = {mean, var, y, dx, dGamma, dBeta};
                if (first == null) {
                    first = got;
                } else {
                    for (int a = 0; a < got.length; a++) {
                        assertArrayEquals(first[a], got[a], k.getClass().getSimpleName() + " output " + a + " on "
                                + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void aNullDxSkipsTheInputGradientOnly() {
        float[] x = {1, 2, 4, 8};
        float[] dy = {1, -1, 2, 0.5f};
        float[] mean = new float[2];
        float[] var = new float[2];
        Simd.batchNormStats(2, 2, x, 0, mean, 0, var, 0);
        float[] g1 = new float[2];
        float[] b1 = new float[2];
        float[] g2 = new float[2];
        float[] b2 = new float[2];
        float[] one = {1f, 1f};
        Simd.batchNormBackward(2, 2, x, 0, dy, 0, mean, 0, one, 0, one, 0, new float[4], 0, g1, 0, b1, 0);
        Simd.batchNormBackward(2, 2, x, 0, dy, 0, mean, 0, one, 0, one, 0, null, 0, g2, 0, b2, 0);
        assertArrayEquals(g1, g2);
        assertArrayEquals(b1, b2);
    }

    @Test
    void badArgumentsAreRefusedByName() {
        float[] x = new float[12];
        float[] m = new float[3];
        float[] v = new float[3];
        rejects("rows must be >= 1, was 0", () -> Simd.batchNormStats(0, 3, x, 0, m, 0, v, 0));
        rejects("c must be >= 1, was 0", () -> Simd.batchNormStats(4, 0, x, 0, m, 0, v, 0));
        rejects("x is too short: 12 elements at offset 1 need length >= 13, was 12",
                () -> Simd.batchNormStats(4, 3, x, 1, m, 0, v, 0));
        rejects("var is too short", () -> Simd.batchNormStats(4, 3, x, 0, m, 0, new float[2], 0));
        rejects("mean must not overlap x", () -> Simd.batchNormStats(3, 3, x, 0, x, 8, v, 0));
        rejects("var must not overlap mean", () -> Simd.batchNormStats(4, 3, x, 0, m, 0, m, 0));
        rejects("rows * c = 4294967296 exceeds Integer.MAX_VALUE",
                () -> Simd.batchNormStats(65536, 65536, x, 0, m, 0, v, 0));
        rejects("rows must be >= 0, was -1", () -> Simd.batchNormApply(-1, 3, x, 0, m, 0, m, 0, m, 0, x, 0));
        rejects("y must be x at the same offset", () -> Simd.batchNormApply(3, 3, x, 0, m, 0, v, 0, v, 0, x, 1));
        rejects("y must not overlap scale", () -> Simd.batchNormApply(1, 3, x, 0, m, 0, x, 0, v, 0, x, 0));
        rejects("shift must not be null", () -> Simd.batchNormApply(4, 3, x, 0, m, 0, v, 0, null, 0, x, 0));
        float[] dy = new float[12];
        float[] g = new float[3];
        float[] b = new float[3];
        rejects("dy is too short", () -> Simd.batchNormBackward(4, 3, x, 0, new float[11], 0, m, 0, v, 0, v, 0, null,
                0, g, 0, b, 0));
        rejects("invStd must not be null", () -> Simd.batchNormBackward(4, 3, x, 0, dy, 0, m, 0, null, 0, v, 0, null,
                0, g, 0, b, 0));
        rejects("dx must be dy at the same offset", () -> Simd.batchNormBackward(3, 3, x, 0, dy, 0, m, 0, v, 0, v, 0,
                dy, 3, g, 0, b, 0));
        rejects("dBeta must not overlap dGamma", () -> Simd.batchNormBackward(4, 3, x, 0, dy, 0, m, 0, v, 0, v, 0,
                null, 0, g, 0, g, 0));
        rejects("dGamma must not overlap gamma", () -> Simd.batchNormBackward(4, 3, x, 0, dy, 0, m, 0, v, 0, g, 0,
                null, 0, g, 0, b, 0));
        rejects("dBeta must not overlap dy", () -> Simd.batchNormBackward(3, 3, x, 0, dy, 0, m, 0, v, 0, v, 0,
                null, 0, g, 0, dy, 8));
    }

    private static void rejects(String message, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(message), "expected '" + message + "', got '" + e.getMessage() + "'");
    }
}
