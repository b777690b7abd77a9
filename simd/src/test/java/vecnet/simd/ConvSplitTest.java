package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vecnet.core.Parallel;

/**
 * The convolution passes split over the batch give the same bits as one thread: forward (the narrow
 * kernel for LeNet's layers, whole column chunks per thread for the others), the input gradient ({@link Im2colConvolution#inputTasks}: whole images per
 * thread on the unsplit chunk grid) and the weight gradient, at parallelism 2 and 3, for the scalar and
 * the vector kernels, at LeNet-5's shapes and awkward ones.
 */
@Tag("agreement")
class ConvSplitTest {
    private static final int PREVIOUS = Parallel.parallelism();
    private static final int[] THREADS = {2, 3};

    /** n, h, w, cin, cout and the window; each splits at parallelism 2 except the last (refused: a 2-row piece). */
    private record Shape(String name, int n, int h, int w, int cin, int cout, Window2d win) {
    }

    private static final Shape[] SHAPES = {
        new Shape("LeNet conv1", 64, 28, 28, 1, 6, Window2d.of(5, 1, 2)),
        new Shape("LeNet conv2", 64, 14, 14, 6, 16, Window2d.of(5, 1, 0)),
        new Shape("odd sizes", 7, 33, 31, 5, 24, Window2d.of(3, 1, 1)),
        new Shape("strided, dilated", 16, 20, 18, 8, 64, new Window2d(3, 3, 2, 2, 1, 1, 2, 2)),
        new Shape("CNN conv2, 10 chunks, the last short", 3, 28, 28, 32, 64, Window2d.of(3, 1, 1)),
        new Shape("cut next to a chunk bound", 516, 5, 5, 64, 8, Window2d.of(5, 1, 0)),
    };

    @AfterEach
    void restoreParallelism() {
        Parallel.setParallelism(PREVIOUS);
    }

    @Test
    void inputGradientSplitsWhereItCan() {
        Parallel.setParallelism(2);
        for (int i = 0; i < SHAPES.length; i++) {
            Shape s = SHAPES[i];
            int expected = i == SHAPES.length - 1 ? 1 : 2;
            assertEquals(expected, Im2colConvolution.inputTasks(s.n, s.h, s.w, s.cin, s.cout, s.win), s.name);
        }
        Parallel.setParallelism(1);
        Shape lenet = SHAPES[1];
        assertEquals(1, Im2colConvolution.inputTasks(lenet.n, lenet.h, lenet.w, lenet.cin, lenet.cout, lenet.win));
    }

    @Test
    void everyPassGivesTheSameBitsOnAnyThreadCount() {
        List<Kernels> impls = new ArrayList<>();
        impls.add(Kernels.scalar());
        if (KernelProvider.vectorModulePresent()) {
            impls.add(Kernels.vectorOrNull());
        }
        for (Kernels k : impls) {
            for (Shape s : SHAPES) {
                String what = k.name() + " " + s.name;
                SplittableRandom r = new SplittableRandom(s.n * 31L + s.cout);
                int kk = s.win.kernelH() * s.win.kernelW() * s.cin;
                int ySize = s.n * s.win.outH(s.h) * s.win.outW(s.w) * s.cout;
                float[] x = ConvTestData.random(r, s.n * s.h * s.w * s.cin);
                float[] wt = ConvTestData.random(r, kk * s.cout);
                float[] bias = ConvTestData.random(r, s.cout);
                float[] dy = ConvTestData.random(r, ySize);
                float[] work = new float[Math.max(1, Simd.conv2dWorkSize(s.n, s.h, s.w, s.cin, s.win))];
                Parallel.setParallelism(1);
                float[] y1 = new float[ySize];
                Simd.conv2d(k.gemm(), k.conv(), s.n, s.h, s.w, s.cin, s.cout, s.win, x, 0, wt, 0, bias, 0, y1, 0,
                        work, 0);
                float[] dx1 = new float[x.length];
                Simd.conv2dBackwardInput(k.gemm(), k.conv(), s.n, s.h, s.w, s.cin, s.cout, s.win, dy, 0, wt, 0,
                        dx1, 0, work, 0);
                float[] dw1 = new float[wt.length];
                Simd.conv2dBackwardWeight(k.gemm(), k.conv(), s.n, s.h, s.w, s.cin, s.cout, s.win, x, 0, dy, 0,
                        dw1, 0, work, 0);
                for (int threads : THREADS) {
                    Parallel.setParallelism(threads);
                    float[] y = new float[ySize];
                    java.util.Arrays.fill(y, Float.NaN);
                    Simd.conv2d(k.gemm(), k.conv(), s.n, s.h, s.w, s.cin, s.cout, s.win, x, 0, wt, 0, bias, 0, y,
                            0, work, 0);
                    assertSameBits(y1, y, what + " forward, " + threads + " threads");
                    float[] dx = new float[x.length];
                    java.util.Arrays.fill(dx, Float.NaN); // every element must be overwritten
                    Simd.conv2dBackwardInput(k.gemm(), k.conv(), s.n, s.h, s.w, s.cin, s.cout, s.win, dy, 0, wt,
                            0, dx, 0, work, 0);
                    assertSameBits(dx1, dx, what + " input gradient, " + threads + " threads");
                    float[] dw = new float[wt.length];
                    java.util.Arrays.fill(dw, Float.NaN);
                    Simd.conv2dBackwardWeight(k.gemm(), k.conv(), s.n, s.h, s.w, s.cin, s.cout, s.win, x, 0, dy,
                            0, dw, 0, work, 0);
                    assertSameBits(dw1, dw, what + " weight gradient, " + threads + " threads");
                }
            }
        }
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected "
                        + expected[i]);
            }
        }
    }
}
