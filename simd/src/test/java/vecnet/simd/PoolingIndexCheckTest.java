package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A max-pooling backward with an index that is not a tap of its window is rejected by the facade, with
 * the same message on the scalar and the vector path and before dx is touched (the scalar kernel used
 * to throw ArrayIndexOutOfBounds or scatter into another window, the vector kernels dropped the
 * gradient). Valid indices give both paths the same gradient.
 */
@Tag("agreement")
class PoolingIndexCheckTest {
    static final float UNTOUCHED = 7f;

    /** Windows that reach every backward kernel: overlapping, disjoint (tiling or not, few channels), dilated. */
    private static final Window2d[] WINDOWS = {Window2d.of(2, 2, 0), Window2d.of(3, 1, 1), Window2d.of(2, 3, 0),
        new Window2d(2, 2, 3, 3, 0, 0, 2, 1), new Window2d(2, 2, 1, 3, 0, 0, 1, 2)};

    /** One channel, fewer than any vector, and one past 16 lanes: full vectors and a tail at every width. */
    private static final int[] CHANNELS = {1, 3, 17};

    /** The message the facade gives for {@code arg} on {@code impl}; asserts dx was left alone. */
    private static String rejection(Kernels impl, int n, int h, int w, int c, Window2d win, float[] dy,
                                    int[] arg) {
        float[] dx = new float[n * h * w * c];
        Arrays.fill(dx, UNTOUCHED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simd.maxPool2dBackward(impl.pooling(), n, h, w, c, win, dy, 0, arg, 0, dx, 0),
                        impl.name() + " " + win);
        for (float v : dx) {
            assertEquals(UNTOUCHED, v, impl.name() + ": dx written before the check");
        }
        return e.getMessage();
    }

    /** A flat position of the image that is not a tap of output (p, q)'s window. */
    private static int outsideWindow(int h, int w, Window2d win, int p, int q) {
        for (int pos = 0; pos < h * w; pos++) {
            int ih = pos / w;
            int iw = pos % w;
            int di = ih - (p * win.strideH() - win.padH());
            int dj = iw - (q * win.strideW() - win.padW());
            boolean tap = di >= 0 && di % win.dilationH() == 0 && di / win.dilationH() < win.kernelH()
                    && dj >= 0 && dj % win.dilationW() == 0 && dj / win.dilationW() < win.kernelW();
            if (!tap) {
                return pos;
            }
        }
        throw new AssertionError("the window covers the whole image");
    }

    /** The last position before output (p, q)'s first tap that is not a tap itself (just left of the window). */
    private static int outsideBefore(int h, int w, Window2d win, int p, int q) {
        int h0 = p * win.strideH() - win.padH();
        int w0 = q * win.strideW() - win.padW();
        int first = (h0 + WindowTaps.firstTap(h0, win.dilationH(), win.kernelH()) * win.dilationH()) * w + w0
                + WindowTaps.firstTap(w0, win.dilationW(), win.kernelW()) * win.dilationW();
        return first - 1 >= 0 ? first - 1 : h * w;
    }

    /** A position inside output (p, q)'s row range but in a dilation gap (or -1 if the window has none). */
    private static int inDilationGap(int w, Window2d win, int p, int q) {
        int ih = p * win.strideH() - win.padH();
        int iw = q * win.strideW() - win.padW();
        if (win.dilationW() > 1 && iw >= 0) {
            return ih * w + iw + 1; // between the first two columns
        }
        if (win.dilationH() > 1 && ih >= 0) {
            return (ih + 1) * w + iw; // between the first two rows
        }
        return -1;
    }

    @Test
    void badIndicesAreRejectedAlikeOnBothPaths() {
        SplittableRandom rnd = new SplittableRandom(31);
        int checked = 0;
        for (int c : CHANNELS) {
            for (Window2d win : WINDOWS) {
                for (int h : new int[] {7, 6}) { // 6 x 6 lets 2 x 2 windows tile the image
                    int n = 2;
                    int w = 6;
                    int oh = win.outH(h);
                    int ow = win.outW(w);
                    int out = n * oh * ow * c;
                    float[] x = ConvTestData.random(rnd, n * h * w * c);
                    float[] dy = ConvTestData.random(rnd, out);
                    int[] arg = new int[out];
                    Simd.maxPool2d(Kernels.scalar().pooling(), n, h, w, c, win, x, 0, new float[out], 0, arg, 0);
                    // corrupt the last channel of image 1's last output, and of image 0's first
                    int last = out - 1;
                    int p = oh - 1;
                    int q = ow - 1;
                    List<int[]> bad = new ArrayList<>();
                    bad.add(new int[] {last, -1});
                    bad.add(new int[] {last, h * w});
                    bad.add(new int[] {last, Integer.MAX_VALUE});
                    bad.add(new int[] {last, Integer.MIN_VALUE}); // a - lo wraps: the unsigned range test
                    bad.add(new int[] {last, outsideBefore(h, w, win, p, q)});
                    bad.add(new int[] {last, outsideWindow(h, w, win, p, q)});
                    bad.add(new int[] {c - 1, outsideWindow(h, w, win, 0, 0)});
                    int gap = inDilationGap(w, win, 0, 0);
                    if (gap >= 0) {
                        bad.add(new int[] {0, gap});
                    }
                    for (int[] b : bad) {
                        int[] corrupt = arg.clone();
                        corrupt[b[0]] = b[1];
                        String expected = null;
                        for (Kernels impl : Kernels.available()) {
                            String m = rejection(impl, n, h, w, c, win, dy, corrupt);
                            assertTrue(m.startsWith("argmax[" + b[0] + "] ") && m.endsWith(", was " + b[1]), m);
                            if (expected == null) {
                                expected = m;
                            }
                            assertEquals(expected, m, impl.name() + " and scalar differ");
                        }
                        String viaReference = assertThrows(IllegalArgumentException.class,
                                () -> ScalarReference.maxPool2dBackward(n, h, w, c, win, dy, 0, corrupt, 0,
                                        new float[x.length], 0)).getMessage();
                        assertEquals(expected, viaReference);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 2 * CHANNELS.length * WINDOWS.length * 5, "only " + checked + " bad indices checked");
    }

    @Test
    void anyTapOfTheWindowIsAcceptedAndRoutedAlike() {
        // not what forward recorded, but valid: every output picks the last real tap of its window
        SplittableRandom rnd = new SplittableRandom(32);
        int c = CHANNELS[2] + 1;
        for (Window2d win : WINDOWS) {
            int n = 2;
            int h = 7;
            int w = 6;
            int oh = win.outH(h);
            int ow = win.outW(w);
            int[] arg = new int[n * oh * ow * c];
            for (int b = 0; b < n; b++) {
                for (int p = 0; p < oh; p++) {
                    int h0 = p * win.strideH() - win.padH();
                    int ih = h0 + (WindowTaps.endTap(h0, win.dilationH(), win.kernelH(), h) - 1) * win.dilationH();
                    for (int q = 0; q < ow; q++) {
                        int w0 = q * win.strideW() - win.padW();
                        int iw = w0 + (WindowTaps.endTap(w0, win.dilationW(), win.kernelW(), w) - 1)
                                * win.dilationW();
                        Arrays.fill(arg, ((b * oh + p) * ow + q) * c, ((b * oh + p) * ow + q + 1) * c, ih * w + iw);
                    }
                }
            }
            float[] dy = ConvTestData.random(rnd, arg.length);
            float[] expected = null;
            for (Kernels impl : Kernels.available()) {
                float[] dx = new float[n * h * w * c];
                Simd.maxPool2dBackward(impl.pooling(), n, h, w, c, win, dy, 0, arg, 0, dx, 0);
                if (expected == null) {
                    expected = dx;
                }
                assertArrayEquals(expected, dx, impl.name() + " " + win);
            }
        }
    }
}
