package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The vector activations, softmax and maxout agree with the scalar reference at every forced width. */
@Tag("agreement")
class ActivationAgreementTest {
    /** Elementwise: a few float ulps relative, plus an absolute term growing with |x| (x multiplies
     *  rounding errors of order 1 in SiLU and GELU). */
    static final double REL_TOL = 4e-6;
    static final double ABS_TOL = 4e-7;
    static final double EPS = Math.ulp(1f);
    /** tanh and expm1 for |x| <= 1: error in float ulps of the result (exp-form cancellation near 0.125). */
    static final double SMALL_X_ULPS = 16;
    static final int OFF = 3;
    /** Softmax inputs are uniform in [-RANGE, RANGE]. */
    static final int RANGE = 30;

    static int[] sizes() {
        int l = VectorActivations.L;
        return new int[] {1, 2, 3, 7, 13, l - 1, l, l + 1, 2 * l + 3, 97, 1021, 4099};
    }

    static float[] random(SplittableRandom rnd, int n, double range) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-range, range);
        }
        return a;
    }

    @Test
    void elementwiseForwardAndBackward() {
        Kernels v = Kernels.vector();
        Kernels s = Kernels.scalar();
        SplittableRandom rnd = new SplittableRandom(42);
        for (int n : sizes()) {
            if (n < 1) {
                continue;
            }
            float[] x = random(rnd, n + OFF, 12);
            x[OFF] = 0f; // the kink value itself: both must use the same convention
            float[] dy = random(rnd, n + OFF, 1);
            for (Activation f : Activation.values()) {
                float param = f == Activation.ELU ? 0.7f : 0.05f;
                float[] ys = new float[n];
                float[] yv = new float[n];
                Simd.activate(s.activations(), f, param, x, OFF, ys, 0, n);
                Simd.activate(v.activations(), f, param, x, OFF, yv, 0, n);
                float[] ds = new float[n + 1];
                float[] dv = new float[n + 1];
                Simd.activateBackward(s.activations(), f, param, x, OFF, dy, OFF, ds, 1, n);
                Simd.activateBackward(v.activations(), f, param, x, OFF, dy, OFF, dv, 1, n);
                assertEquals(0f, dv[0], "wrote before its offset");
                for (int i = 0; i < n; i++) {
                    float xi = x[OFF + i];
                    double tol = REL_TOL * Math.abs(ys[i]) + ABS_TOL * (1 + Math.abs(xi));
                    assertEquals(ys[i], yv[i], tol, v.name() + " " + f + "(" + xi + ") n=" + n + " i=" + i);
                    double dtol = REL_TOL * Math.abs(ds[i + 1]) + ABS_TOL * (1 + Math.abs(xi) * (1 + xi * xi));
                    assertEquals(ds[i + 1], dv[i + 1], dtol, v.name() + " " + f + "'(" + xi + ") n=" + n + " i=" + i);
                }
            }
        }
    }

    /**
     * A dense grid across [-1, 1], where the vector tanh and expm1 switch from their polynomials to the
     * exp forms (|x| = 0.125), and across the saturation range of sigmoid and tanh.
     */
    @Test
    void denseGridAcrossBranchSwitches() {
        Kernels v = Kernels.vector();
        Kernels s = Kernels.scalar();
        int n = 2049 + 801;
        float[] x = new float[n];
        for (int i = 0; i < 2049; i++) {
            x[i] = (i - 1024) / 1024f;
        }
        for (int i = 0; i < 801; i++) {
            x[2049 + i] = -40f + i * 0.1f;
        }
        float[] dy = new float[n];
        java.util.Arrays.fill(dy, 1f);
        for (Activation f : Activation.values()) {
            float param = f == Activation.ELU ? 1.5f : 0.02f;
            float[] ys = new float[n];
            float[] yv = new float[n];
            Simd.activate(s.activations(), f, param, x, 0, ys, 0, n);
            Simd.activate(v.activations(), f, param, x, 0, yv, 0, n);
            float[] ds = new float[n];
            float[] dv = new float[n];
            Simd.activateBackward(s.activations(), f, param, x, 0, dy, 0, ds, 0, n);
            Simd.activateBackward(v.activations(), f, param, x, 0, dy, 0, dv, 0, n);
            for (int i = 0; i < n; i++) {
                double tol = REL_TOL * Math.abs(ys[i]) + ABS_TOL * (1 + Math.abs(x[i]));
                if (Math.abs(x[i]) <= 1 && (f == Activation.TANH || f == Activation.ELU || f == Activation.SELU)) {
                    // the polynomial branches exist for relative accuracy next to 0: hold them to it
                    tol = SMALL_X_ULPS * Math.ulp(ys[i]);
                }
                assertEquals(ys[i], yv[i], tol, v.name() + " " + f + "(" + x[i] + ")");
                double dtol = REL_TOL * Math.abs(ds[i]) + ABS_TOL * (1 + Math.abs(x[i]) * (1 + x[i] * x[i]));
                assertEquals(ds[i], dv[i], dtol, v.name() + " " + f + "'(" + x[i] + ")");
            }
        }
    }

    @Test
    void softmaxAndLogSoftmaxRows() {
        Kernels v = Kernels.vector();
        Kernels s = Kernels.scalar();
        SplittableRandom rnd = new SplittableRandom(7);
        int[] rowsList = {1, 3};
        for (int rows : rowsList) {
            for (int cols : sizes()) {
                int n = rows * cols;
                float[] x = random(rnd, n + OFF, RANGE);
                float[] dy = random(rnd, n + OFF, 1);
                float[] ys = new float[n];
                float[] yv = new float[n];
                Simd.softmaxRows(s.activations(), rows, cols, x, OFF, ys, 0);
                Simd.softmaxRows(v.activations(), rows, cols, x, OFF, yv, 0);
                // each output carries the error of a cols-term float sum, and exp turns the rounding of
                // x - max (|x - max| <= 2 RANGE) into a relative error of 2 RANGE eps
                double tol = (8 + cols + 2 * RANGE) * EPS;
                for (int i = 0; i < n; i++) {
                    assertEquals(ys[i], yv[i], tol * ys[i] + Float.MIN_NORMAL, "softmax " + rows + "x" + cols + " i=" + i);
                }
                float[] ds = new float[n];
                float[] dv = new float[n];
                Simd.softmaxRowsBackward(s.activations(), rows, cols, ys, 0, dy, OFF, ds, 0);
                Simd.softmaxRowsBackward(v.activations(), rows, cols, ys, 0, dy, OFF, dv, 0);
                for (int i = 0; i < n; i++) {
                    assertEquals(ds[i], dv[i], tol * (Math.abs(ds[i]) + ys[i]) + Float.MIN_NORMAL,
                            "softmax backward " + rows + "x" + cols + " i=" + i);
                }
                Simd.logSoftmaxRows(s.activations(), rows, cols, x, OFF, ys, 0);
                Simd.logSoftmaxRows(v.activations(), rows, cols, x, OFF, yv, 0);
                for (int i = 0; i < n; i++) {
                    // |x| <= 30 and log Σ <= 30 + log cols: absolute error of that size times eps
                    assertEquals(ys[i], yv[i], (8 + cols) * EPS + 64 * EPS * Math.abs(ys[i]),
                            "log-softmax " + rows + "x" + cols + " i=" + i);
                }
                Simd.logSoftmaxRowsBackward(s.activations(), rows, cols, ys, 0, dy, OFF, ds, 0);
                Simd.logSoftmaxRowsBackward(v.activations(), rows, cols, ys, 0, dy, OFF, dv, 0);
                for (int i = 0; i < n; i++) {
                    assertEquals(ds[i], dv[i], (8 + cols) * EPS * (1 + Math.abs(ds[i])),
                            "log-softmax backward " + rows + "x" + cols + " i=" + i);
                }
            }
        }
    }

    @Test
    void maxoutForwardAndBackward() {
        Kernels v = Kernels.vector();
        Kernels s = Kernels.scalar();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 1; k <= 4; k++) {
            for (int units : sizes()) {
                int rows = 2;
                float[] x = random(rnd, rows * units * k + OFF, 4);
                // ties and a NaN: the rules (first winner, NaN wins) must match
                x[OFF] = 1f;
                if (k > 1) {
                    x[OFF + units] = 1f;
                    for (int j = 2; j < k; j++) {
                        x[OFF + j * units] = -10f;
                    }
                    if (units > 1) {
                        x[OFF + units * k - 1] = Float.NaN;
                    }
                }
                float[] ys = new float[rows * units];
                float[] yv = new float[rows * units];
                int[] is = new int[rows * units];
                int[] iv = new int[rows * units];
                Simd.maxout(s.activations(), rows, units, k, x, OFF, ys, 0, is, 0);
                Simd.maxout(v.activations(), rows, units, k, x, OFF, yv, 0, iv, 0);
                assertArrayEquals(ys, yv, "maxout k=" + k + " units=" + units);
                assertArrayEquals(is, iv, "maxout indices k=" + k + " units=" + units);
                float[] dy = random(rnd, rows * units, 1);
                float[] ds = new float[rows * units * k];
                float[] dv = new float[rows * units * k];
                java.util.Arrays.fill(dv, Float.NaN); // overwritten, not accumulated
                Simd.maxoutBackward(s.activations(), rows, units, k, dy, 0, is, 0, ds, 0);
                Simd.maxoutBackward(v.activations(), rows, units, k, dy, 0, is, 0, dv, 0);
                assertArrayEquals(ds, dv, "maxout backward k=" + k + " units=" + units);
                assertTrue(k == 1 || is[0] == 0, "tie goes to the first piece");
            }
        }
    }
}
