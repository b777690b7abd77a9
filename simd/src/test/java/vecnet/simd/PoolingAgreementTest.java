package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The vector pooling kernels agree with the scalar reference over awkward channel counts and windows. */
@Tag("agreement")
class PoolingAgreementTest {
    /** Averages: the vector path sums a window of at most K taps in float, the reference in double. */
    static final double EPS = Math.ulp(1f);

    /**
     * Max pooling over inputs drawn from a handful of special values, so that windows hold ties, both
     * zeros, infinities and NaNs in every tap position: the vector kernels' fast paths (2x2 windows,
     * disjoint backward) must give the reference's values and indices bit for bit.
     */
    @Test
    void maxPoolingAgreesOnTiesZerosInfinitiesAndNaN() {
        Kernels v = Kernels.vector();
        Kernels s = Kernels.scalar();
        int l = VectorPooling.L;
        float[] specials = {0f, -0f, 1f, -1f, 1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        Window2d[] wins = {Window2d.of(2, 2, 0), Window2d.of(2, 1, 0), Window2d.of(2, 2, 1), Window2d.of(3, 3, 1),
            new Window2d(2, 2, 3, 3, 0, 0, 2, 1)};
        SplittableRandom rnd = new SplittableRandom(23);
        for (int c : new int[] {1, l - 1, l, l + 1, 3 * l}) {
            for (int[] img : new int[][] {{2, 6, 6}, {1, 7, 9}}) {
                int n = img[0];
                int h = img[1];
                int w = img[2];
                float[] x = new float[n * h * w * c];
                for (int i = 0; i < x.length; i++) {
                    // mostly finite ties, with occasional infinities and NaNs
                    x[i] = specials[rnd.nextInt(rnd.nextInt(8) < 6 ? 5 : 8)];
                }
                for (Window2d win : wins) {
                    maxPoolingAgrees(s, v, n, h, w, c, win, x, rnd);
                }
            }
        }
    }

    /**
     * Max pooling forward (values and indices) and backward (every element written, same accumulation
     * order) give the reference's bits; returns the random dy it used.
     */
    private static float[] maxPoolingAgrees(Kernels s, Kernels v, int n, int h, int w, int c,
                                            Window2d win, float[] x, SplittableRandom rnd) {
        String what = v.name() + " c=" + c + " " + n + "x" + h + "x" + w + " " + win;
        int out = n * win.outH(h) * win.outW(w) * c;
        float[] ys = new float[out];
        float[] yv = new float[out];
        int[] as = new int[out];
        int[] av = new int[out];
        Simd.maxPool2d(s.pooling(), n, h, w, c, win, x, 0, ys, 0, as, 0);
        Simd.maxPool2d(v.pooling(), n, h, w, c, win, x, 0, yv, 0, av, 0);
        assertArrayEquals(ys, yv, "max " + what);
        assertArrayEquals(as, av, "argmax " + what);
        float[] dy = ConvTestData.random(rnd, out);
        float[] ds = new float[x.length];
        float[] dv = new float[x.length];
        java.util.Arrays.fill(dv, Float.NaN); // every element must be written
        Simd.maxPool2dBackward(s.pooling(), n, h, w, c, win, dy, 0, as, 0, ds, 0);
        Simd.maxPool2dBackward(v.pooling(), n, h, w, c, win, dy, 0, av, 0, dv, 0);
        assertArrayEquals(ds, dv, "max backward " + what);
        return dy;
    }

    @Test
    void everyPoolingKernelAgrees() {
        Kernels v = Kernels.vector();
        Kernels s = Kernels.scalar();
        int l = VectorPooling.L;
        int[] channels = {1, 3, l - 1, l, l + 1, 2 * l + 3, 64};
        int[][] images = {{1, 7, 5}, {2, 9, 9}};
        Window2d[] wins = {Window2d.of(2, 2, 0), Window2d.of(3, 2, 1), Window2d.of(3, 1, 1),
            new Window2d(2, 3, 1, 2, 1, 1, 2, 1)};
        SplittableRandom rnd = new SplittableRandom(17);
        for (int c : channels) {
            if (c < 1) {
                continue;
            }
            for (int[] img : images) {
                int n = img[0];
                int h = img[1];
                int w = img[2];
                float[] x = ConvTestData.random(rnd, n * h * w * c);
                x[c / 2] = Float.NaN;
                for (Window2d win : wins) {
                    String what = v.name() + " c=" + c + " " + n + "x" + h + "x" + w + " " + win;
                    int out = n * win.outH(h) * win.outW(w) * c;
                    float[] dy = maxPoolingAgrees(s, v, n, h, w, c, win, x, rnd);
                    float[] ys = new float[out];
                    float[] yv = new float[out];
                    float[] ds = new float[x.length];
                    float[] dv = new float[x.length];
                    int taps = win.kernelH() * win.kernelW();
                    for (boolean include : new boolean[] {true, false}) {
                        float[] xf = ConvTestData.random(rnd, x.length);
                        Simd.avgPool2d(s.pooling(), n, h, w, c, win, include, xf, 0, ys, 0);
                        Simd.avgPool2d(v.pooling(), n, h, w, c, win, include, xf, 0, yv, 0);
                        for (int i = 0; i < out; i++) {
                            assertEquals(ys[i], yv[i], 2 * taps * EPS, "avg " + include + " " + what + " i=" + i);
                        }
                        Simd.avgPool2dBackward(s.pooling(), n, h, w, c, win, include, dy, 0, ds, 0);
                        Simd.avgPool2dBackward(v.pooling(), n, h, w, c, win, include, dy, 0, dv, 0);
                        for (int i = 0; i < x.length; i++) {
                            assertEquals(ds[i], dv[i], 2 * taps * EPS, "avg backward " + include + " " + what);
                        }
                    }
                }
                float[] xf = ConvTestData.random(rnd, x.length);
                float[] gs = new float[n * c];
                float[] gv = new float[n * c];
                Simd.globalAvgPool2d(s.pooling(), n, h, w, c, xf, 0, gs, 0);
                Simd.globalAvgPool2d(v.pooling(), n, h, w, c, xf, 0, gv, 0);
                for (int i = 0; i < n * c; i++) {
                    assertEquals(gs[i], gv[i], h * w * EPS, "global avg c=" + c);
                }
                float[] ds = new float[x.length];
                float[] dv = new float[x.length];
                Simd.globalAvgPool2dBackward(s.pooling(), n, h, w, c, gs, 0, ds, 0);
                Simd.globalAvgPool2dBackward(v.pooling(), n, h, w, c, gs, 0, dv, 0);
                assertArrayEquals(ds, dv, "global avg backward c=" + c);
            }
        }
    }
}
