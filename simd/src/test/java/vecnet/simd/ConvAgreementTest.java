package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The vector im2col, col2im, column sums and the convolution built on them agree with the scalar kernels. */
@Tag("agreement")
class ConvAgreementTest {
    static final double EPS = Math.ulp(1f);

    @Test
    void im2colAndCol2imAreIdentical() {
        Kernels v = Kernels.vector();
        Kernels s = Kernels.scalar();
        for (ConvCase c : ConvCase.cases()) {
            int rows = c.rows();
            int depth = c.depth();
            // the whole matrix, then a row range in the middle (the chunked path's calls)
            int[][] ranges = {{0, rows}, {rows / 3, rows / 2}};
            for (int[] range : ranges) {
                int cols = range[1] * depth;
                float[] cs = new float[cols + 2];
                float[] cv = new float[cols + 2];
                java.util.Arrays.fill(cv, Float.NaN); // every entry, padding included, must be written
                s.conv().im2col(c.n, c.h, c.w, c.cin, c.win, range[0], range[1], c.x, 0, cs, 1);
                v.conv().im2col(c.n, c.h, c.w, c.cin, c.win, range[0], range[1], c.x, 0, cv, 1);
                cv[0] = 0f;
                cv[cols + 1] = 0f;
                assertArrayEquals(cs, cv, "im2col " + c + " rows " + range[0] + "+" + range[1]);
                float[] g = ConvTestData.random(new SplittableRandom(c.n + 7L * c.cin), cols);
                float[] start = ConvTestData.random(new SplittableRandom(3), c.x.length); // col2im adds
                float[] ds = start.clone();
                float[] dv = start.clone();
                s.conv().col2imAdd(c.n, c.h, c.w, c.cin, c.win, range[0], range[1], g, 0, ds, 0);
                v.conv().col2imAdd(c.n, c.h, c.w, c.cin, c.win, range[0], range[1], g, 0, dv, 0);
                assertArrayEquals(ds, dv, "col2im " + c); // same per-element summation order
            }
            float[] full = new float[rows * depth];
            float[] part = new float[rows / 2 * depth];
            v.conv().im2col(c.n, c.h, c.w, c.cin, c.win, 0, rows, c.x, 0, full, 0);
            v.conv().im2col(c.n, c.h, c.w, c.cin, c.win, rows / 3, rows / 2, c.x, 0, part, 0);
            assertArrayEquals(java.util.Arrays.copyOfRange(full, rows / 3 * depth, (rows / 3 + rows / 2) * depth), part,
                    "a row range is a slice of the whole matrix " + c);
        }
    }

    /** Includes a case deeper than one packed block (K = 360 > KC) and wider than one B block (cout > NC). */
    @Test
    void implicitIm2colForward() {
        Kernels v = Kernels.vector();
        ConvCase[] extra = {new ConvCase(1, 5, 4, 40, VectorSgemm.NC + 19, Window2d.of(3, 1, 1), true, 21)};
        ConvCase[] base = ConvCase.cases();
        ConvCase[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        for (ConvCase c : all) {
            float[] y = new float[c.outSize()];
            java.util.Arrays.fill(y, Float.NaN); // bias preload and beta must overwrite everything
            Simd.conv2dImplicit(v.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, c.weight, 0, c.bias, 0, y, 0);
            c.assertMatchesDirect(y, v.name() + " implicit");
        }
    }

    @Test
    void columnSums() {
        Kernels v = Kernels.vector();
        Kernels s = Kernels.scalar();
        int l = VectorConvolution.L;
        int[] colsList = {1, 3, l - 1, l, l + 1, 2 * l + 3, 97};
        SplittableRandom rnd = new SplittableRandom(5);
        for (int rows : new int[] {1, 2, 33}) {
            for (int cols : colsList) {
                if (cols < 1) {
                    continue;
                }
                float[] a = ConvTestData.random(rnd, rows * cols);
                float[] ss = new float[cols];
                float[] sv = new float[cols];
                Simd.sumRows(s.conv(), rows, cols, a, 0, ss, 0);
                Simd.sumRows(v.conv(), rows, cols, a, 0, sv, 0);
                for (int j = 0; j < cols; j++) {
                    assertEquals(ss[j], sv[j], rows * EPS * rows, "rows=" + rows + " cols=" + cols);
                }
            }
        }
    }

    /**
     * The narrow direct convolution splits images (forward) or taps (weight gradient) over threads: the
     * split must not change a bit.
     */
    @Test
    void narrowConvolutionGivesTheSameBitsOnOneAndTwoThreads() {
        Kernels v = Kernels.vector();
        ConvCase c = new ConvCase(16, 28, 28, 3, 6, Window2d.of(5, 1, 2), true, 31);
        int previous = vecnet.core.Parallel.parallelism();
        float[] y1 = new float[c.outSize()];
        float[] y2 = new float[c.outSize()];
        float[] g = ConvTestData.random(new SplittableRandom(5), c.outSize());
        float[] dw1 = new float[c.weight.length];
        float[] dw2 = new float[c.weight.length];
        try {
            vecnet.core.Parallel.setParallelism(1);
            Im2colConvolution.forward(v.gemm(), v.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, c.weight, 0,
                    c.bias, 0, y1, 0, null, 0);
            Im2colConvolution.backwardWeight(v.gemm(), v.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, g, 0, dw1,
                    0, null, 0);
            vecnet.core.Parallel.setParallelism(2);
            Im2colConvolution.forward(v.gemm(), v.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, c.weight, 0,
                    c.bias, 0, y2, 0, null, 0);
            Im2colConvolution.backwardWeight(v.gemm(), v.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, g, 0, dw2,
                    0, null, 0);
        } finally {
            vecnet.core.Parallel.setParallelism(previous);
        }
        assertArrayEquals(y1, y2, "1 vs 2 threads " + c);
        assertArrayEquals(dw1, dw2, "dW 1 vs 2 threads " + c);
        c.assertMatchesDirect(y2, v.name());
    }

    @Test
    void convolutionForwardAndBackward() {
        Kernels v = Kernels.vector();
        Kernels s = Kernels.scalar();
        for (ConvCase c : ConvCase.cases()) {
            int work = (int) Im2colConvolution.workSize(c.n, c.h, c.w, c.cin, c.win);
            float[] ws = new float[work];
            float[] wv = new float[work];
            float[] ys = new float[c.outSize()];
            float[] yv = new float[c.outSize()];
            Im2colConvolution.forward(s.gemm(), s.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, c.weight, 0,
                    c.bias, 0, ys, 0, ws, 0);
            Im2colConvolution.forward(v.gemm(), v.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, c.weight, 0,
                    c.bias, 0, yv, 0, wv, 0);
            double[] tol = c.tolerance();
            float[] ref = c.direct();
            for (int i = 0; i < ys.length; i++) {
                assertEquals(ref[i], ys[i], tol[i], "scalar " + c);
                assertEquals(ref[i], yv[i], tol[i], v.name() + " " + c);
            }
            // backward: each output sums at most rows (dW) or cout * taps (dX) products of values in [-1, 1]
            float[] g = ConvTestData.random(new SplittableRandom(c.cout), c.outSize());
            float[] dxs = new float[c.x.length];
            float[] dxv = new float[c.x.length];
            Im2colConvolution.backwardInput(s.gemm(), s.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, g, 0, c.weight, 0,
                    dxs, 0, ws, 0);
            Im2colConvolution.backwardInput(v.gemm(), v.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, g, 0, c.weight, 0,
                    dxv, 0, wv, 0);
            double terms = (double) c.cout * c.win.kernelH() * c.win.kernelW();
            for (int i = 0; i < dxs.length; i++) {
                assertEquals(dxs[i], dxv[i], 2 * terms * terms * EPS, "dX " + v.name() + " " + c);
            }
            float[] dws = new float[c.weight.length];
            float[] dwv = new float[c.weight.length];
            Im2colConvolution.backwardWeight(s.gemm(), s.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, g, 0, dws,
                    0, ws, 0);
            Im2colConvolution.backwardWeight(v.gemm(), v.conv(), c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, g, 0, dwv,
                    0, wv, 0);
            double rows = c.rows();
            for (int i = 0; i < dws.length; i++) {
                assertEquals(dws[i], dwv[i], 2 * rows * rows * EPS, "dW " + v.name() + " " + c);
            }
        }
    }
}
