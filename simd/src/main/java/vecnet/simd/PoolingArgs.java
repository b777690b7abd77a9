package vecnet.simd;

import static vecnet.simd.Args.checkArray;
import static vecnet.simd.Args.checkDisjoint;
import static vecnet.simd.Args.checkImage;
import static vecnet.simd.Args.checkIntArray;
import static vecnet.simd.Args.checkNonNegative;
import static vecnet.simd.Args.checkPositive;

/**
 * Argument checks of the pooling family in {@link Simd}: sizes against the window (PyTorch's rule that
 * every window covers real input), extents and overlaps, and the recorded max-pool winners.
 */
final class PoolingArgs {
    private PoolingArgs() {
    }

    /** {@link Simd#maxPool2d}: as {@link #checkAvgPool}, plus argmax; returns the output size. */
    static long checkMaxPool(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                             int[] argmax, int argOff) {
        long out = checkAvgPool(n, h, w, c, win, x, xOff, y, yOff);
        checkIntArray("argmax", argmax, argOff, out);
        return out;
    }

    /**
     * {@link Simd#maxPool2dBackward}: as {@link #checkAvgPoolBackward}, plus argmax, every index a tap of
     * its window; returns the input size.
     */
    static long checkMaxPoolBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff, int[] argmax,
                                     int argOff, float[] dx, int dxOff) {
        long in = checkAvgPoolBackward(n, h, w, c, win, dy, dyOff, dx, dxOff);
        checkIntArray("argmax", argmax, argOff, (long) n * win.outH(h) * win.outW(w) * c);
        checkArgmax(n, h, w, c, win, argmax, argOff);
        return in;
    }

    /** {@link Simd#avgPool2d}; returns the output size. */
    static long checkAvgPool(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff) {
        long out = checkPool(n, h, w, c, win);
        long in = (long) n * h * w * c;
        checkArray("x", x, xOff, in);
        checkArray("y", y, yOff, out);
        checkDisjoint("y", y, yOff, out, "x", x, xOff, in);
        return out;
    }

    /** {@link Simd#avgPool2dBackward}; returns the input size. */
    static long checkAvgPoolBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff, float[] dx,
                                     int dxOff) {
        long out = checkPool(n, h, w, c, win);
        long in = (long) n * h * w * c;
        checkArray("dy", dy, dyOff, out);
        checkArray("dx", dx, dxOff, in);
        checkDisjoint("dx", dx, dxOff, in, "dy", dy, dyOff, out);
        return in;
    }

    /** {@link Simd#globalAvgPool2d}; returns the input size. */
    static long checkGlobalAvgPool(int n, int h, int w, int c, float[] x, int xOff, float[] y, int yOff) {
        long in = checkGlobalPool(n, h, w, c);
        checkArray("x", x, xOff, in);
        checkArray("y", y, yOff, (long) n * c);
        checkDisjoint("y", y, yOff, (long) n * c, "x", x, xOff, in);
        return in;
    }

    /** {@link Simd#globalAvgPool2dBackward}; returns the input size. */
    static long checkGlobalAvgPoolBackward(int n, int h, int w, int c, float[] dy, int dyOff, float[] dx, int dxOff) {
        long in = checkGlobalPool(n, h, w, c);
        checkArray("dy", dy, dyOff, (long) n * c);
        checkArray("dx", dx, dxOff, in);
        checkDisjoint("dx", dx, dxOff, in, "dy", dy, dyOff, (long) n * c);
        return in;
    }

    /** Checks a pooling call's sizes and returns the output element count. */
    private static long checkPool(int n, int h, int w, int c, Window2d win) {
        checkImage(n, h, w, c, win);
        if (win.padH() > win.effectiveKernelH() / 2 || win.padW() > win.effectiveKernelW() / 2) {
            throw new IllegalArgumentException("pooling padding must be at most half the (dilated) kernel: padH "
                    + win.padH() + " <= " + win.effectiveKernelH() / 2 + " and padW " + win.padW() + " <= "
                    + win.effectiveKernelW() / 2 + " required");
        }
        checkEveryWindowCoversInput("row", h, win.outH(h), win.strideH(), win.padH(), win.dilationH(), win.kernelH());
        checkEveryWindowCoversInput("column", w, win.outW(w), win.strideW(), win.padW(), win.dilationW(),
                win.kernelW());
        return (long) n * win.outH(h) * win.outW(w) * c;
    }

    /**
     * A dilated window can straddle a small input with every tap in the padding even when the padding is
     * at most half the kernel; a max over no input (or an average over nothing) has no value.
     */
    private static void checkEveryWindowCoversInput(String axis, int size, int out, int stride, int pad,
                                                    int dilation, int kernel) {
        // Only windows starting in the padding can miss the input: one starting at 0 or later has its first
        // tap at start <= size + pad - kernel extent <= size - 1 (pad is at most half the extent). So the
        // loop is O(pad / stride), not O(out), and a huge h is refused by the extents, not after a long loop.
        int last = Math.min(out, pad / stride + 1);
        for (int o = 0; o < last; o++) {
            int start = o * stride - pad;
            int first = WindowTaps.firstTap(start, dilation, kernel);
            if (first >= WindowTaps.endTap(start, dilation, kernel, size)) {
                throw new IllegalArgumentException("pooling window at output " + axis + " " + o + " covers only "
                        + "padding (input " + axis + "s 0.." + (size - 1) + ", taps at " + start + " + " + dilation
                        + " * t for t < " + kernel + ")");
            }
        }
    }

    private static long checkGlobalPool(int n, int h, int w, int c) {
        checkNonNegative("n", n);
        checkPositive("h", h);
        checkPositive("w", w);
        checkNonNegative("c", c);
        long in = (long) n * h * w * c;
        if (in > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("n * h * w * c = " + in + " exceeds Integer.MAX_VALUE");
        }
        return in;
    }

    /**
     * Every index of a max-pooling backward must be a tap of its own window on real input. The kernels
     * differ on any other: the scalar one scatters through it (out of dx, or into another window's
     * input), the vector ones match it against their window's taps and drop it. Checked here, so both
     * paths reject the same calls. No division: per element, one range test per window row. A first pass
     * without branches on the data (argmax rows are random, and a mispredicted branch per element made this
     * check a tenth of a LeNet-5 training step) only says whether all are valid; the second, which names the
     * first bad index, runs only then.
     */
    private static void checkArgmax(int n, int h, int w, int c, Window2d win, int[] argmax, int argOff) {
        int[] owner = windowOfPosition(h, w, win);
        boolean ok = owner != null ? allOwned(n, h, w, c, win, argmax, argOff, owner)
                : taps(n, h, w, c, win, argmax, argOff, false);
        if (!ok) {
            taps(n, h, w, c, win, argmax, argOff, true);
        }
    }

    /** This thread's table for {@link #windowOfPosition}, grown as needed (no allocation per call). */
    private static final ThreadLocal<int[]> OWNER = ThreadLocal.withInitial(() -> new int[0]);

    /**
     * For windows that share no input position (the usual kernel = stride pooling, with or without padding):
     * the output window p * ow + q of each position ih * w + iw, -1 for positions of no window, and -1 at index
     * h * w; null when two windows share a position. Filling it costs about one write per input position.
     */
    private static int[] windowOfPosition(int h, int w, Window2d win) {
        int hw = h * w;
        int[] owner = OWNER.get();
        if (owner.length < hw + 1) {
            owner = new int[hw + 1];
            OWNER.set(owner);
        }
        java.util.Arrays.fill(owner, 0, hw + 1, -1);
        int oh = win.outH(h);
        int ow = win.outW(w);
        int dh = win.dilationH();
        int dw = win.dilationW();
        for (int p = 0; p < oh; p++) {
            int h0 = p * win.strideH() - win.padH();
            int i1 = WindowTaps.endTap(h0, dh, win.kernelH(), h);
            for (int q = 0; q < ow; q++) {
                int w0 = q * win.strideW() - win.padW();
                int j0 = WindowTaps.firstTap(w0, dw, win.kernelW());
                int j1 = WindowTaps.endTap(w0, dw, win.kernelW(), w);
                for (int i = WindowTaps.firstTap(h0, dh, win.kernelH()); i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        int pos = (h0 + i * dh) * w + w0 + j * dw;
                        if (owner[pos] != -1) {
                            return null;
                        }
                        owner[pos] = p * ow + q;
                    }
                }
            }
        }
        return owner;
    }

    /** Whether every index is owned by its own window: one load and compare per index, no data branch. */
    private static boolean allOwned(int n, int h, int w, int c, Window2d win, int[] argmax, int argOff,
                                    int[] owner) {
        int hw = h * w;
        int windows = win.outH(h) * win.outW(w);
        boolean ok = true;
        for (int b = 0; b < n; b++) {
            for (int id = 0; id < windows; id++) {
                int o = argOff + (b * windows + id) * c;
                for (int ch = 0; ch < c; ch++) {
                    int a = argmax[o + ch];
                    // outside [0, hw) (negatives too, as unsigned) reads the -1 at hw
                    ok &= owner[Integer.compareUnsigned(a, hw) < 0 ? a : hw] == id;
                }
            }
        }
        return ok;
    }

    /**
     * Whether every index is a tap of its own window: per index, one unsigned range test per window row
     * (no branch on the data; a wrapped a - lo lands above the span). With {@code name}, throws for the first
     * index that is not, naming it, its window and its value.
     */
    private static boolean taps(int n, int h, int w, int c, Window2d win, int[] argmax, int argOff, boolean name) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int dh = win.dilationH();
        int dw = win.dilationW();
        boolean ok = true;
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < oh; p++) {
                int h0 = p * win.strideH() - win.padH();
                int i0 = WindowTaps.firstTap(h0, dh, win.kernelH());
                int i1 = WindowTaps.endTap(h0, dh, win.kernelH(), h);
                for (int q = 0; q < ow; q++) {
                    int w0 = q * win.strideW() - win.padW();
                    int colLo = w0 + WindowTaps.firstTap(w0, dw, win.kernelW()) * dw;
                    int colHi = w0 + (WindowTaps.endTap(w0, dw, win.kernelW(), w) - 1) * dw;
                    int o = argOff + ((b * oh + p) * ow + q) * c;
                    for (int ch = 0; ch < c; ch++) {
                        int a = argmax[o + ch];
                        boolean hit = false;
                        for (int i = i0; i < i1; i++) {
                            int d = a - ((h0 + i * dh) * w + colLo);
                            hit |= Integer.compareUnsigned(d, colHi - colLo) <= 0 & (dw == 1 || d % dw == 0);
                        }
                        ok &= hit;
                        if (name && !hit) {
                            throw new IllegalArgumentException("argmax[" + (o + ch) + "] (image " + b + ", output ("
                                    + p + ", " + q + "), channel " + ch + ") must be a position ih * w + iw of its "
                                    + "window, rows " + (h0 + i0 * dh) + ".." + (h0 + (i1 - 1) * dh) + " step " + dh
                                    + " and columns " + colLo + ".." + colHi + " step " + dw + " with w = " + w
                                    + ", was " + a);
                        }
                    }
                }
            }
        }
        return ok;
    }
}
