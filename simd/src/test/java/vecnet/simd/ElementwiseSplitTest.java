package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vecnet.core.Parallel;

/**
 * Elementwise kernels split over threads ({@link ElementwiseSplit}): the ranges are aligned and cover the
 * call, large calls do split, and every activation (forward and backward) and every optimizer update
 * (each flag combination) gives the same raw bits at parallelism 1, 2 and 3, for the scalar and the
 * vector kernels, over sizes that split into ranges with and without a tail; pooling, split over images,
 * likewise at LeNet-5's shapes and an overlapping padded window.
 */
@Tag("agreement")
class ElementwiseSplitTest {
    private static final int PREVIOUS = Parallel.parallelism();
    private static final int[] THREADS = {2, 3};
    /** Below and above the split thresholds, tails of every length class, and offsets shifted against ALIGN. */
    private static final int[] SIZES = {1, 17, 16_383, 32_768, 32_768 + 64 * 3 + 5, 100_003};
    private static final int OFF_X = 3;
    private static final int OFF_Y = 5;
    private static final int OFF_Z = 2;

    @AfterEach
    void restoreParallelism() {
        Parallel.setParallelism(PREVIOUS);
    }

    @Test
    void rangesAreAlignedAndCoverTheCall() {
        for (int n : new int[] {0, 1, 63, 64, 65, 1000, 100_003}) {
            for (int parts = 1; parts <= 5; parts++) {
                assertEquals(0, ElementwiseSplit.start(n, 0, parts), "start of n " + n);
                assertEquals(n, ElementwiseSplit.start(n, parts, parts), "end of n " + n);
                for (int t = 1; t < parts; t++) {
                    int s = ElementwiseSplit.start(n, t, parts);
                    assertEquals(0, s % ElementwiseSplit.ALIGN, "start " + t + " of " + parts + ", n " + n);
                    assertTrue(s >= ElementwiseSplit.start(n, t - 1, parts), "ranges in order, n " + n);
                }
            }
        }
    }

    @Test
    void largeCallsSplitAndSmallOnesDoNot() {
        Parallel.setParallelism(2);
        assertEquals(2, ElementwiseSplit.count(100_003, 8), "activation of 100k floats");
        assertEquals(1, ElementwiseSplit.count(16_383, 8), "activation below 128 KiB");
        assertEquals(2, ElementwiseSplit.count(784 * 256, 28), "Adam over the MLP's first weight");
        assertEquals(1, ElementwiseSplit.count(256, 28), "Adam over a bias");
        Parallel.setParallelism(1);
        assertEquals(1, ElementwiseSplit.count(100_003, 8), "parallelism 1");
    }

    @Test
    void activationsGiveTheSameBitsOnAnyThreadCount() {
        for (Kernels impl : Kernels.available()) {
            for (Activation f : Activation.values()) {
                for (int n : SIZES) {
                    float[] x = data(n + OFF_X, 11 + n);
                    float[] dy = data(n + OFF_Y, 12 + n);
                    String what = impl.name() + " " + f + " n " + n;
                    sameOnAnyThreadCount(what + " forward", n + OFF_Y, y ->
                            Simd.activate(impl.activations(), f, 0.1f, x, OFF_X, y, OFF_Y, n));
                    sameOnAnyThreadCount(what + " backward", n + OFF_Z, dx ->
                            Simd.activateBackward(impl.activations(), f, 0.1f, x, OFF_X, dy, OFF_Y, dx, OFF_Z, n));
                }
            }
        }
    }

    @Test
    void optimizerUpdatesGiveTheSameBitsOnAnyThreadCount() {
        for (Kernels impl : Kernels.available()) {
            OptimizerKernels k = impl.optimizers();
            for (int n : SIZES) {
                String what = impl.name() + " n " + n;
                sameState(what + " adam", n, s -> Simd.adamUpdate(k, n, s[0], 1, s[1], 2, s[2], 3, s[3], 4,
                        0.9f, 0.999f, 0.1f, 0.001f, 0.01f, 0.3f, 1e-8f, 0.999f, 0.01f));
                sameState(what + " amsgrad", n, s -> Simd.amsgradUpdate(k, n, s[0], 1, s[1], 2, s[2], 3, s[3], 4,
                        s[4], 5, 0.9f, 0.999f, 0.1f, 0.001f, 0.01f, 0.3f, 1e-8f, 1f, 0f));
                for (boolean rectified : new boolean[] {false, true}) {
                    sameState(what + " radam " + rectified, n, s -> Simd.radamUpdate(k, n, s[0], 1, s[1], 2, s[2],
                            3, s[3], 4, 0.9f, 0.999f, 0.1f, 0.001f, rectified, 0.01f, 1e-8f, 0.999f, 0.01f));
                }
                sameState(what + " adabelief", n, s -> Simd.adaBeliefUpdate(k, n, s[0], 1, s[1], 2, s[2], 3, s[3],
                        4, 0.9f, 0.999f, 0.1f, 0.001f, 0.01f, 0.3f, 1e-8f, 0.999f));
                sameState(what + " sgd", n, s -> Simd.sgdUpdate(k, n, s[0], 1, s[1], 2, null, 0, 0.1f, 0.01f, 0f,
                        0f, false, false));
                for (boolean nesterov : new boolean[] {false, true}) {
                    for (boolean first : new boolean[] {false, true}) {
                        sameState(what + " sgd momentum " + nesterov + " " + first, n, s -> Simd.sgdUpdate(k, n,
                                s[0], 1, s[1], 2, s[2], 3, 0.1f, 0.01f, 0.9f, nesterov ? 0f : 0.2f, nesterov, first));
                    }
                }
                sameState(what + " adagrad", n, s -> Simd.adagradUpdate(k, n, s[0], 1, s[1], 2, s[3], 4, 0.1f,
                        0.01f, 1e-10f));
                for (int flags = 0; flags < 4; flags++) {
                    boolean centered = (flags & 1) != 0;
                    boolean momentum = (flags & 2) != 0;
                    sameState(what + " rmsprop " + flags, n, s -> Simd.rmspropUpdate(k, n, s[0], 1, s[1], 2, s[3],
                            4, centered ? s[2] : null, 3, momentum ? s[4] : null, 5, 0.01f, 0.99f, 1e-8f, 0.01f,
                            momentum ? 0.9f : 0f));
                }
            }
        }
    }

    @Test
    void poolingGivesTheSameBitsOnAnyThreadCount() {
        // n, h, w, c, kernel, stride, pad
        int[][] shapes = {{64, 28, 28, 6, 2, 2, 0}, {64, 10, 10, 16, 2, 2, 0}, {33, 23, 21, 7, 3, 2, 1}};
        Parallel.setParallelism(2);
        for (int[] s : shapes) {
            Window2d win = Window2d.of(s[4], s[5], s[6]);
            long bytes = 4L * s[1] * s[2] * s[3] + 8L * win.outH(s[1]) * win.outW(s[2]) * s[3];
            assertEquals(2, ElementwiseSplit.imageTasks(s[0], bytes), "pooling " + java.util.Arrays.toString(s));
        }
        for (Kernels impl : Kernels.available()) {
            PoolingKernels k = impl.pooling();
            for (int[] s : shapes) {
                int n = s[0];
                int h = s[1];
                int w = s[2];
                int c = s[3];
                Window2d win = Window2d.of(s[4], s[5], s[6]);
                int in = n * h * w * c;
                int out = n * win.outH(h) * win.outW(w) * c;
                float[] x = data(in + OFF_X, in);
                float[] dy = data(out + OFF_Y, out);
                String what = impl.name() + " " + java.util.Arrays.toString(s);
                Parallel.setParallelism(1);
                int[] arg1 = new int[out + OFF_Z];
                float[] y1 = nans(out + OFF_Y);
                Simd.maxPool2d(k, n, h, w, c, win, x, OFF_X, y1, OFF_Y, arg1, OFF_Z);
                for (int threads : THREADS) {
                    Parallel.setParallelism(threads);
                    int[] arg = new int[out + OFF_Z];
                    float[] y = nans(out + OFF_Y);
                    Simd.maxPool2d(k, n, h, w, c, win, x, OFF_X, y, OFF_Y, arg, OFF_Z);
                    assertSameBits(y1, y, what + " max forward, " + threads + " threads");
                    assertTrue(java.util.Arrays.equals(arg1, arg), what + " argmax, " + threads + " threads");
                }
                sameOnAnyThreadCount(what + " max backward", in + OFF_Z, dx ->
                        Simd.maxPool2dBackward(k, n, h, w, c, win, dy, OFF_Y, arg1, OFF_Z, dx, OFF_Z));
                for (boolean includePad : new boolean[] {false, true}) {
                    sameOnAnyThreadCount(what + " avg forward " + includePad, out + OFF_Y, y ->
                            Simd.avgPool2d(k, n, h, w, c, win, includePad, x, OFF_X, y, OFF_Y));
                    sameOnAnyThreadCount(what + " avg backward " + includePad, in + OFF_Z, dx ->
                            Simd.avgPool2dBackward(k, n, h, w, c, win, includePad, dy, OFF_Y, dx, OFF_Z));
                }
            }
        }
    }

    @Test
    void addInPlaceKnownAnswerAndSameBitsOnAnyThreadCount() {
        float[] y = {1f, 2f, 3f, 4f};
        Simd.addInPlace(2, new float[] {9f, 0.5f, -1f}, 1, y, 2);
        assertTrue(java.util.Arrays.equals(new float[] {1f, 2f, 3.5f, 3f}, y), java.util.Arrays.toString(y));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simd.addInPlace(3, new float[3], 0, new float[4], 2));
        assertTrue(e.getMessage().contains("y"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Simd.addInPlace(-1, new float[1], 0, new float[1], 0));
        float[] both = new float[8];
        assertThrows(IllegalArgumentException.class, () -> Simd.addInPlace(4, both, 0, both, 2), "partial overlap");
        for (Kernels impl : Kernels.available()) {
            for (int n : SIZES) {
                float[] x = data(n + OFF_X, 21 + n);
                float[] y0 = data(n + OFF_Y, 22 + n);
                float[] plain = y0.clone();
                for (int i = 0; i < n; i++) {
                    plain[OFF_Y + i] += x[OFF_X + i];
                }
                String what = impl.name() + " add n " + n;
                sameOnAnyThreadCount(what, n + OFF_Y, out -> {
                    System.arraycopy(y0, 0, out, 0, out.length);
                    Simd.addInPlace(impl.activations(), n, x, OFF_X, out, OFF_Y);
                    assertSameBits(plain, out, what + " against the plain loop");
                });
            }
        }
    }

    @Test
    void addRowVectorKnownAnswerAndSameBitsOnAnyThreadCount() {
        float[] y = {0f, 1f, 2f, 3f, 4f, 5f, 6f};
        Simd.addRowVector(2, 3, new float[] {9f, 10f, 20f, 30f}, 1, y, 1);
        assertTrue(java.util.Arrays.equals(new float[] {0f, 11f, 22f, 33f, 14f, 25f, 36f}, y), java.util.Arrays.toString(y));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simd.addRowVector(2, 3, new float[3], 0, new float[5], 0));
        assertTrue(e.getMessage().startsWith("y is too short"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Simd.addRowVector(-1, 3, new float[3], 0, new float[3], 0));
        float[] both = new float[8];
        e = assertThrows(IllegalArgumentException.class, () -> Simd.addRowVector(2, 2, both, 3, both, 0));
        assertTrue(e.getMessage().startsWith("y must not overlap b"), e.getMessage());
        for (Kernels impl : Kernels.available()) {
            // rows below and above the split, and columns around every vector length with a tail
            for (int[] rc : new int[][] {{1, 1}, {3, 17}, {256, 10}, {256, 128}, {4000, 33}, {513, 256}}) {
                int rows = rc[0];
                int cols = rc[1];
                float[] b = data(cols + OFF_X, 31 + cols);
                float[] y0 = data(rows * cols + OFF_Y, 32 + rows);
                float[] plain = y0.clone();
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < cols; j++) {
                        plain[OFF_Y + r * cols + j] += b[OFF_X + j];
                    }
                }
                String what = impl.name() + " addRowVector " + rows + "x" + cols;
                sameOnAnyThreadCount(what, rows * cols + OFF_Y, out -> {
                    System.arraycopy(y0, 0, out, 0, out.length);
                    Simd.addRowVector(impl.conv(), rows, cols, b, OFF_X, out, OFF_Y);
                    assertSameBits(plain, out, what + " against the plain loop");
                });
            }
        }
    }

    /** Runs {@code call} on a NaN-filled output at parallelism 1, then at each of THREADS: raw bits equal. */
    private static void sameOnAnyThreadCount(String what, int size, Consumer<float[]> call) {
        Parallel.setParallelism(1);
        float[] expected = nans(size);
        call.accept(expected);
        for (int threads : THREADS) {
            Parallel.setParallelism(threads);
            float[] actual = nans(size);
            call.accept(actual);
            assertSameBits(expected, actual, what + ", " + threads + " threads");
        }
    }

    /** Two steps of an update on p, g and three state buffers at parallelism 1 and each of THREADS. */
    private static void sameState(String what, int n, Consumer<float[][]> step) {
        Parallel.setParallelism(1);
        float[][] expected = state(n);
        step.accept(expected);
        step.accept(expected);
        for (int threads : THREADS) {
            Parallel.setParallelism(threads);
            float[][] actual = state(n);
            step.accept(actual);
            step.accept(actual);
            for (int b = 0; b < expected.length; b++) {
                assertSameBits(expected[b], actual[b], what + ", buffer " + b + ", " + threads + " threads");
            }
        }
    }

    /** p, g, and state buffers (state positive, as second moments are), each with a leading offset of up to 5. */
    private static float[][] state(int n) {
        float[][] s = new float[5][];
        for (int b = 0; b < s.length; b++) {
            s[b] = data(n + 6, 100 + b);
            if (b >= 2) {
                for (int i = 0; i < s[b].length; i++) {
                    s[b][i] = Math.abs(s[b][i]) * 0.01f;
                }
            }
        }
        return s;
    }

    private static float[] data(int size, long seed) {
        Random r = new Random(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (r.nextGaussian() * 4);
        }
        return a;
    }

    private static float[] nans(int size) {
        float[] a = new float[size];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
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
