package vecnet.simd;

/**
 * The public entry point for every kernel. Checks arguments (naming the bad one, with the expected and
 * the actual value), then delegates to the implementation chosen once per JVM: the JDK Vector API
 * kernels when {@code jdk.incubator.vector} is available, otherwise the scalar reference kernels.
 *
 * <p>All matrices are row-major {@code float[]} with an offset and a leading dimension (the distance
 * between consecutive rows), so sub-matrices work without copies. Kernels write only their output
 * argument, allocate nothing in steady state, and are safe to call from many threads at once on
 * distinct outputs. Large calls use up to {@link vecnet.core.Parallel#parallelism()} threads.
 */
public final class Simd {
    private Simd() {
    }

    /** The active implementation: {@code scalar} or {@code vector-<bits>}. */
    public static String implementation() {
        return KernelProvider.get().name();
    }

    /** Whether the Vector API kernels are active. */
    public static boolean isVectorized() {
        return KernelProvider.get() != KernelProvider.scalar();
    }

    /**
     * Single-precision GEMM: {@code C = alpha * op(A) * op(B) + beta * C} where {@code op(X)} is X, or
     * its transpose when the flag is set; op(A) is m x k, op(B) is k x n and C is m x n. As in BLAS,
     * when beta is 0 the previous contents of C are not read (NaN there is overwritten), and when alpha
     * is 0 or k is 0, A and B are not read.
     *
     * @param transA use Aᵀ: A is stored k x m
     * @param transB use Bᵀ: B is stored n x k
     * @param lda distance between rows of the stored A, at least its column count (and 1)
     * @throws IllegalArgumentException for negative sizes, leading dimensions smaller than a row, arrays
     *         too short for the described matrix, or C overlapping A or B in the same array
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(KernelProvider.get(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    static void sgemm(KernelSupport impl, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        checkNonNegative("m", m);
        checkNonNegative("n", n);
        checkNonNegative("k", k);
        checkMatrix("a", a, aOff, lda, transA ? k : m, transA ? m : k, transA ? "k x m (transA)" : "m x k");
        checkMatrix("b", b, bOff, ldb, transB ? n : k, transB ? k : n, transB ? "n x k (transB)" : "k x n");
        checkMatrix("c", c, cOff, ldc, m, n, "m x n");
        checkNoOverlap("c", c, cOff, ldc, m, n, "a", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkNoOverlap("c", c, cOff, ldc, m, n, "b", b, bOff, ldb, transB ? n : k, transB ? k : n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            for (int i = 0; i < m; i++) {
                ScalarSgemm.scaleRow(c, cOff + i * ldc, n, beta);
            }
            return;
        }
        impl.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@code C = A * B} for dense row-major matrices (no offsets, leading dimension = column count). */
    public static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
    }

    // ---- activations ----------------------------------------------------------------------------

    /**
     * Elementwise activation {@code y[yOff + i] = f(x[xOff + i])} for {@code i < n}. In place when y is
     * x at the same offset. See {@link Activation} for the functions and their conventions.
     *
     * @param param α for {@link Activation#LEAKY_RELU} and {@link Activation#ELU} (must be finite there),
     *              ignored otherwise
     * @throws IllegalArgumentException for a null function or array, negative n or offset, arrays too
     *         short, a non-finite α, or y partly overlapping x
     */
    public static void activate(Activation f, float param, float[] x, int xOff, float[] y, int yOff, int n) {
        activate(KernelProvider.get(), f, param, x, xOff, y, yOff, n);
    }

    static void activate(KernelSupport impl, Activation f, float param, float[] x, int xOff, float[] y, int yOff,
            int n) {
        checkActivation(f, param);
        checkNonNegative("n", n);
        checkArray("x", x, xOff, n);
        checkArray("y", y, yOff, n);
        checkSameOrDisjoint("y", y, yOff, "x", x, xOff, n);
        if (n > 0) {
            impl.activate(f, param, x, xOff, y, yOff, n);
        }
    }

    /** In-place {@link #activate}: {@code x[off + i] = f(x[off + i])}. */
    public static void activate(Activation f, float param, float[] x, int off, int n) {
        activate(f, param, x, off, x, off, n);
    }

    /**
     * Backward of {@link #activate}: {@code dx[i] = dy[i] * f'(x[i])}, where x is the forward
     * <em>input</em> (every derivative is a function of it, and the forward output may have been
     * overwritten in place). dx may be dy or x at the same offset (in place).
     *
     * @throws IllegalArgumentException as for {@link #activate}, for each of x, dy and dx
     */
    public static void activateBackward(Activation f, float param, float[] x, int xOff, float[] dy, int dyOff,
                                        float[] dx, int dxOff, int n) {
        activateBackward(KernelProvider.get(), f, param, x, xOff, dy, dyOff, dx, dxOff, n);
    }

    static void activateBackward(KernelSupport impl, Activation f, float param, float[] x, int xOff, float[] dy,
            int dyOff,
                                        float[] dx, int dxOff, int n) {
        checkActivation(f, param);
        checkNonNegative("n", n);
        checkArray("x", x, xOff, n);
        checkArray("dy", dy, dyOff, n);
        checkArray("dx", dx, dxOff, n);
        checkSameOrDisjoint("dx", dx, dxOff, "x", x, xOff, n);
        checkSameOrDisjoint("dx", dx, dxOff, "dy", dy, dyOff, n);
        if (n > 0) {
            impl.activateBackward(f, param, x, xOff, dy, dyOff, dx, dxOff, n);
        }
    }

    /**
     * Row-wise softmax of a dense row-major rows x cols matrix: {@code y = exp(x - max) / Σ exp(x - max)}.
     * Subtracting the row maximum keeps every exponent <= 0, so no row overflows. A row holding a NaN
     * becomes all NaN. y may be x at the same offset.
     */
    public static void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        softmaxRows(KernelProvider.get(), rows, cols, x, xOff, y, yOff);
    }

    static void softmaxRows(KernelSupport impl, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        checkRows(rows, cols, "x", x, xOff, "y", y, yOff);
        if (rows > 0 && cols > 0) {
            impl.softmaxRows(rows, cols, x, xOff, y, yOff);
        }
    }

    /** Row-wise log-softmax {@code y = x - max - log Σ exp(x - max)}, stable as {@link #softmaxRows}. */
    public static void logSoftmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        logSoftmaxRows(KernelProvider.get(), rows, cols, x, xOff, y, yOff);
    }

    static void logSoftmaxRows(KernelSupport impl, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        checkRows(rows, cols, "x", x, xOff, "y", y, yOff);
        if (rows > 0 && cols > 0) {
            impl.logSoftmaxRows(rows, cols, x, xOff, y, yOff);
        }
    }

    /**
     * Backward of {@link #softmaxRows} from its <em>output</em> y: {@code dx = y ⊙ (dy - Σ_j dy_j y_j)}
     * per row. dx may be y or dy at the same offset.
     */
    public static void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff,
                                           float[] dx, int dxOff) {
        checkRows(rows, cols, "y", y, yOff, "dx", dx, dxOff);
        checkRows(rows, cols, "dy", dy, dyOff, "dx", dx, dxOff);
        if (rows > 0 && cols > 0) {
            KernelProvider.get().softmaxRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
        }
    }

    /**
     * Backward of {@link #logSoftmaxRows} from its <em>output</em> y: {@code dx = dy - exp(y) Σ_j dy_j}
     * per row. dx may be y or dy at the same offset.
     */
    public static void logSoftmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff,
                                              float[] dx, int dxOff) {
        checkRows(rows, cols, "y", y, yOff, "dx", dx, dxOff);
        checkRows(rows, cols, "dy", dy, dyOff, "dx", dx, dxOff);
        if (rows > 0 && cols > 0) {
            KernelProvider.get().logSoftmaxRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
        }
    }

    /**
     * Maxout over k pieces. Each input row holds k blocks of {@code units} values, piece-major (the
     * output of a linear layer with k * units outputs, viewed as k x units):
     * {@code y[r, u] = max_j x[r, j * units + u]}, and {@code idx[r, u]} receives the winning j (the
     * first of equal maxima; a NaN piece wins, so NaN propagates). x is rows x (k * units); y and idx are
     * rows x units.
     *
     * @throws IllegalArgumentException for k < 1, negative sizes, short arrays, or y overlapping x
     */
    public static void maxout(int rows, int units, int k, float[] x, int xOff, float[] y, int yOff,
                              int[] idx, int idxOff) {
        checkMaxout(rows, units, k);
        long n = (long) rows * units;
        checkArray("x", x, xOff, n * k);
        checkArray("y", y, yOff, n);
        checkIntArray("idx", idx, idxOff, n);
        checkDisjoint("y", y, yOff, n, "x", x, xOff, n * k);
        if (n > 0) {
            KernelProvider.get().maxout(rows, units, k, x, xOff, y, yOff, idx, idxOff);
        }
    }

    /**
     * Backward of {@link #maxout}: the gradient goes to the winning piece only,
     * {@code dx[r, j * units + u] = j == idx[r, u] ? dy[r, u] : 0} (dx is overwritten, not accumulated).
     * Every index must be a piece in [0, k), as {@link #maxout} records them.
     *
     * @throws IllegalArgumentException as for {@link #maxout}, dx overlapping dy, or an index outside
     *         [0, k) (named; dx is then unchanged)
     */
    public static void maxoutBackward(int rows, int units, int k, float[] dy, int dyOff, int[] idx, int idxOff,
                                      float[] dx, int dxOff) {
        maxoutBackward(KernelProvider.get(), rows, units, k, dy, dyOff, idx, idxOff, dx, dxOff);
    }

    static void maxoutBackward(KernelSupport impl, int rows, int units, int k, float[] dy, int dyOff, int[] idx,
                               int idxOff, float[] dx, int dxOff) {
        checkMaxout(rows, units, k);
        long n = (long) rows * units;
        checkArray("dy", dy, dyOff, n);
        checkIntArray("idx", idx, idxOff, n);
        checkArray("dx", dx, dxOff, n * k);
        checkDisjoint("dx", dx, dxOff, n * k, "dy", dy, dyOff, n);
        // the kernels compare each index with every piece: one outside [0, k) would silently lose its gradient
        for (int i = 0; i < n; i++) {
            int j = idx[idxOff + i];
            if (j < 0 || j >= k) {
                throw new IllegalArgumentException("idx[" + (idxOff + i) + "] (row " + i / units + ", unit "
                        + i % units + ") must be a piece index in [0, " + k + "), was " + j);
            }
        }
        if (n > 0) {
            impl.maxoutBackward(rows, units, k, dy, dyOff, idx, idxOff, dx, dxOff);
        }
    }

    // ---- pooling (NHWC) --------------------------------------------------------------------------

    /**
     * 2-D max pooling over an NHWC tensor x (n, h, w, c) into y (n, outH, outW, c), vectorised across
     * channels. Padding never wins (it acts as -inf, as in PyTorch); a NaN in a window wins, so NaN
     * propagates. {@code argmax} (same shape as y) receives the winner's flat spatial position
     * {@code ih * w + iw} within its image (the first of equal maxima), which
     * {@link #maxPool2dBackward} needs.
     *
     * @throws IllegalArgumentException for negative sizes, a null window, a dilated kernel larger than the
     *         padded input, padding above half the dilated kernel (PyTorch's rule: every window must
     *         cover real input), short arrays, or y overlapping x
     */
    public static void maxPool2d(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                                 int[] argmax, int argOff) {
        maxPool2d(KernelProvider.get(), n, h, w, c, win, x, xOff, y, yOff, argmax, argOff);
    }

    static void maxPool2d(KernelSupport impl, int n, int h, int w, int c, Window2d win, float[] x, int xOff,
            float[] y, int yOff,
                                 int[] argmax, int argOff) {
        long out = checkPool(n, h, w, c, win);
        long in = (long) n * h * w * c;
        checkArray("x", x, xOff, in);
        checkArray("y", y, yOff, out);
        checkIntArray("argmax", argmax, argOff, out);
        checkDisjoint("y", y, yOff, out, "x", x, xOff, in);
        if (out > 0) {
            impl.maxPool2d(n, h, w, c, win, x, xOff, y, yOff, argmax, argOff);
        }
    }

    /**
     * Backward of {@link #maxPool2d}: dx (n, h, w, c) is overwritten with zeros except at the recorded
     * winners, which receive their dy (summed where overlapping windows share a winner). {@code argmax}
     * must be what {@link #maxPool2d} recorded for the same shape and window: each index is checked to be
     * a tap of its own output's window on real input (one pass over argmax, a compare or two per element).
     *
     * @throws IllegalArgumentException as for {@link #maxPool2d}, dx overlapping dy, or an index that is
     *         not a tap of its window (named; dx is then unchanged)
     */
    public static void maxPool2dBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff,
                                         int[] argmax, int argOff, float[] dx, int dxOff) {
        maxPool2dBackward(KernelProvider.get(), n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
    }

    static void maxPool2dBackward(KernelSupport impl, int n, int h, int w, int c, Window2d win, float[] dy, int dyOff,
                                         int[] argmax, int argOff, float[] dx, int dxOff) {
        long out = checkPool(n, h, w, c, win);
        long in = (long) n * h * w * c;
        checkArray("dy", dy, dyOff, out);
        checkIntArray("argmax", argmax, argOff, out);
        checkArray("dx", dx, dxOff, in);
        checkDisjoint("dx", dx, dxOff, in, "dy", dy, dyOff, out);
        checkArgmax(n, h, w, c, win, argmax, argOff);
        if (in > 0) {
            impl.maxPool2dBackward(n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
        }
    }

    /**
     * Every index of a max-pooling backward must be a tap of its own window on real input. The kernels
     * differ on any other: the scalar one scatters through it (out of dx, or into another window's
     * input), the vector ones match it against their window's taps and drop it. Checked here, so both
     * paths reject the same calls. No division: per element, one range test per window row.
     */
    private static void checkArgmax(int n, int h, int w, int c, Window2d win, int[] argmax, int argOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int dh = win.dilationH();
        int dw = win.dilationW();
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
                        if (!isTap(a, w, h0, i0, i1, dh, colLo, colHi, dw)) {
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
    }

    /** Whether flat position a is on one of rows h0 + i * dh (i in [i0, i1)) at columns colLo..colHi step dw. */
    private static boolean isTap(int a, int w, int h0, int i0, int i1, int dh, int colLo, int colHi, int dw) {
        for (int i = i0; i < i1; i++) {
            int row = (h0 + i * dh) * w;
            if (a < row + colLo) {
                return false; // rows ascend: a lies before this row's taps, so before every later row's too
            }
            if (a <= row + colHi) {
                return dw == 1 || (a - row - colLo) % dw == 0;
            }
        }
        return false;
    }

    /**
     * 2-D average pooling over an NHWC tensor x (n, h, w, c) into y (n, outH, outW, c). With
     * {@code countIncludePad} (PyTorch's default, {@code count_include_pad=True}) every window divides by
     * kernelH * kernelW, padding counting as zeros; otherwise by the number of taps on real input.
     *
     * @throws IllegalArgumentException as for {@link #maxPool2d}
     */
    public static void avgPool2d(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] x,
                                 int xOff, float[] y, int yOff) {
        avgPool2d(KernelProvider.get(), n, h, w, c, win, countIncludePad, x, xOff, y, yOff);
    }

    static void avgPool2d(KernelSupport impl, int n, int h, int w, int c, Window2d win, boolean countIncludePad,
            float[] x,
                                 int xOff, float[] y, int yOff) {
        long out = checkPool(n, h, w, c, win);
        long in = (long) n * h * w * c;
        checkArray("x", x, xOff, in);
        checkArray("y", y, yOff, out);
        checkDisjoint("y", y, yOff, out, "x", x, xOff, in);
        if (out > 0) {
            impl.avgPool2d(n, h, w, c, win, countIncludePad, x, xOff, y, yOff);
        }
    }

    /** Backward of {@link #avgPool2d}: overwrites dx (n, h, w, c); each dy is spread evenly over its window. */
    public static void avgPool2dBackward(int n, int h, int w, int c, Window2d win, boolean countIncludePad,
                                         float[] dy, int dyOff, float[] dx, int dxOff) {
        avgPool2dBackward(KernelProvider.get(), n, h, w, c, win, countIncludePad, dy, dyOff, dx, dxOff);
    }

    static void avgPool2dBackward(KernelSupport impl, int n, int h, int w, int c, Window2d win, boolean countIncludePad,
                                         float[] dy, int dyOff, float[] dx, int dxOff) {
        long out = checkPool(n, h, w, c, win);
        long in = (long) n * h * w * c;
        checkArray("dy", dy, dyOff, out);
        checkArray("dx", dx, dxOff, in);
        checkDisjoint("dx", dx, dxOff, in, "dy", dy, dyOff, out);
        if (in > 0) {
            impl.avgPool2dBackward(n, h, w, c, win, countIncludePad, dy, dyOff, dx, dxOff);
        }
    }

    /** Global average pooling: x (n, h, w, c) to y (n, c), {@code y[b, ch] = mean over h, w}. h and w >= 1. */
    public static void globalAvgPool2d(int n, int h, int w, int c, float[] x, int xOff, float[] y, int yOff) {
        long in = checkGlobalPool(n, h, w, c);
        checkArray("x", x, xOff, in);
        checkArray("y", y, yOff, (long) n * c);
        checkDisjoint("y", y, yOff, (long) n * c, "x", x, xOff, in);
        if (in > 0) {
            KernelProvider.get().globalAvgPool2d(n, h * w, c, x, xOff, y, yOff);
        }
    }

    /** Backward of {@link #globalAvgPool2d}: overwrites dx (n, h, w, c) with {@code dy[b, ch] / (h w)}. */
    public static void globalAvgPool2dBackward(int n, int h, int w, int c, float[] dy, int dyOff, float[] dx,
                                               int dxOff) {
        long in = checkGlobalPool(n, h, w, c);
        checkArray("dy", dy, dyOff, (long) n * c);
        checkArray("dx", dx, dxOff, in);
        checkDisjoint("dx", dx, dxOff, in, "dy", dy, dyOff, (long) n * c);
        if (in > 0) {
            KernelProvider.get().globalAvgPool2dBackward(n, h * w, c, dy, dyOff, dx, dxOff);
        }
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
        for (int o = 0; o < out; o++) {
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

    /** Sizes of an NHWC input and a window that must fit it (after padding) at least once. */
    private static void checkImage(int n, int h, int w, int c, Window2d win) {
        checkNonNegative("n", n);
        checkPositive("h", h);
        checkPositive("w", w);
        checkNonNegative("c", c);
        if (win == null) {
            throw new IllegalArgumentException("win must not be null");
        }
        if ((long) h + 2L * win.padH() > Integer.MAX_VALUE || (long) w + 2L * win.padW() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("padded input " + ((long) h + 2L * win.padH()) + " x "
                    + ((long) w + 2L * win.padW()) + " exceeds Integer.MAX_VALUE");
        }
        if ((long) h + 2L * win.padH() < win.effectiveKernelH()) {
            throw new IllegalArgumentException("kernel height " + win.effectiveKernelH() + " (dilated) is larger than "
                    + "the padded input height " + ((long) h + 2L * win.padH()) + " (h " + h + " + 2 * padH "
                    + win.padH() + ")");
        }
        if ((long) w + 2L * win.padW() < win.effectiveKernelW()) {
            throw new IllegalArgumentException("kernel width " + win.effectiveKernelW() + " (dilated) is larger than "
                    + "the padded input width " + ((long) w + 2L * win.padW()) + " (w " + w + " + 2 * padW "
                    + win.padW() + ")");
        }
        long in = (long) n * h * w * c;
        if (in > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("n * h * w * c = " + in + " exceeds Integer.MAX_VALUE");
        }
    }

    static void checkPositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }

    // ---- convolution (NHWC) ----------------------------------------------------------------------

    /**
     * Floats of scratch {@link #conv2d}, {@link #conv2dBackwardInput} and {@link #conv2dBackwardWeight}
     * need in {@code work}: one chunk of the column matrix (at least 256 output pixels, or all of them,
     * by kernelH * kernelW * cin; the matrix is built and consumed chunk by chunk); 0 for a pointwise
     * convolution (1x1, stride 1, no padding), which runs as a plain GEMM on x.
     *
     * @throws IllegalArgumentException for bad sizes (as {@link #conv2d}) or a size beyond {@code int}
     */
    public static int conv2dWorkSize(int n, int h, int w, int cin, Window2d win) {
        checkPositive("cin", cin);
        checkImage(n, h, w, cin, win);
        long size = Conv2d.workSize(n, h, w, cin, win);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the column matrix needs " + size + " floats, more than an array holds;"
                    + " split the batch");
        }
        return (int) size;
    }

    /**
     * 2-D convolution (cross-correlation, as in PyTorch), explicit im2col + GEMM. x is NHWC
     * (n, h, w, cin); weight is (kernelH, kernelW, cin, cout) row-major, so the im2col matrix times the
     * weight matrix is the output; y is NHWC (n, outH, outW, cout) with the sizes of {@link Window2d};
     * bias (cout values) may be null. {@code work} holds at least {@link #conv2dWorkSize} floats (it
     * may be null when that is 0) and is overwritten. With the vector kernels, layers with at most two
     * vectors of output channels (16 at 256 bits) skip the column matrix and read x directly.
     *
     * @throws IllegalArgumentException for negative n, h, w, cin or cout below 1, a null window, a
     *         (dilated) kernel larger than the padded input, arrays too short for their shapes, or the
     *         output or work overlapping another argument
     */
    public static void conv2d(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                              float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff,
                              float[] work, int workOff) {
        conv2d(KernelProvider.get(), n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff, work,
                workOff);
    }

    static void conv2d(KernelSupport impl, int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                              float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff,
                              float[] work, int workOff) {
        long sy = checkConvForward(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
        long sx = (long) n * h * w * cin;
        long sw = (long) win.kernelH() * win.kernelW() * cin * cout;
        long sk = Conv2d.workSize(n, h, w, cin, win);
        checkWork(work, workOff, sk);
        checkWorkDisjoint(work, workOff, sk, "x", x, xOff, sx, "y", y, yOff, sy, "weight", weight, wOff, sw);
        if (bias != null) { // the kernels write scratch to work before they read the bias
            checkDisjoint("work", work, workOff, sk, "bias", bias, bOff, cout);
        }
        if (sy > 0) {
            Conv2d.forward(impl, n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff,
                    work, workOff);
        }
    }

    /**
     * {@link #conv2d} without the column matrix and without a work buffer (implicit im2col): the vector
     * kernels pack the GEMM's panels straight from x. Single-threaded (whatever
     * {@link vecnet.core.Parallel#parallelism()} says); without the vector module it runs the direct
     * loops. Same layouts, results within float rounding of {@link #conv2d}. Offered next to the
     * explicit path so the two can be measured against each other.
     *
     * @throws IllegalArgumentException as for {@link #conv2d}
     */
    public static void conv2dImplicit(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                      float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        conv2dImplicit(KernelProvider.get(), n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
    }

    static void conv2dImplicit(KernelSupport impl, int n, int h, int w, int cin, int cout, Window2d win, float[] x,
            int xOff, float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        long sy = checkConvForward(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
        if (sy > 0) {
            impl.conv2dImplicit(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
        }
    }

    /**
     * Input gradient of {@link #conv2d}: overwrites dx (n, h, w, cin) with {@code col2im(dy · Wᵀ)}; dy is
     * (n, outH, outW, cout). work as for {@link #conv2d}.
     *
     * @throws IllegalArgumentException as for {@link #conv2d}
     */
    public static void conv2dBackwardInput(int n, int h, int w, int cin, int cout, Window2d win, float[] dy,
                                           int dyOff, float[] weight, int wOff, float[] dx, int dxOff,
                                           float[] work, int workOff) {
        conv2dBackwardInput(KernelProvider.get(), n, h, w, cin, cout, win, dy, dyOff, weight, wOff, dx, dxOff, work,
                workOff);
    }

    static void conv2dBackwardInput(KernelSupport impl, int n, int h, int w, int cin, int cout, Window2d win,
            float[] dy,
                                           int dyOff, float[] weight, int wOff, float[] dx, int dxOff,
                                           float[] work, int workOff) {
        checkConv(n, h, w, cin, cout, win);
        long sx = (long) n * h * w * cin;
        long sy = (long) n * win.outH(h) * win.outW(w) * cout;
        long sw = (long) win.kernelH() * win.kernelW() * cin * cout;
        long sk = Conv2d.workSize(n, h, w, cin, win);
        checkTensor("dy", "n x outH x outW x cout", n, win.outH(h), win.outW(w), cout,
                dy, dyOff, sy);
        checkWeight(weight, wOff, win, cin, cout, sw);
        checkTensor("dx", "n x h x w x cin", n, h, w, cin, dx, dxOff, sx);
        checkWork(work, workOff, sk);
        checkDisjoint("dx", dx, dxOff, sx, "dy", dy, dyOff, sy);
        checkDisjoint("dx", dx, dxOff, sx, "weight", weight, wOff, sw);
        checkWorkDisjoint(work, workOff, sk, "dy", dy, dyOff, sy, "dx", dx, dxOff, sx, "weight", weight, wOff,
                sw);
        if (sx > 0) {
            Conv2d.backwardInput(impl, n, h, w, cin, cout, win, dy, dyOff, weight, wOff, dx, dxOff,
                    work, workOff);
        }
    }

    /**
     * Weight gradient of {@link #conv2d}: overwrites dWeight (kernelH, kernelW, cin, cout) with
     * {@code colᵀ · dy}. work as for {@link #conv2d}.
     *
     * @throws IllegalArgumentException as for {@link #conv2d}
     */
    public static void conv2dBackwardWeight(int n, int h, int w, int cin, int cout, Window2d win, float[] x,
                                            int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff,
                                            float[] work, int workOff) {
        conv2dBackwardWeight(KernelProvider.get(), n, h, w, cin, cout, win, x, xOff, dy, dyOff, dWeight, dwOff,
                work, workOff);
    }

    static void conv2dBackwardWeight(KernelSupport impl, int n, int h, int w, int cin, int cout, Window2d win,
            float[] x,
                                            int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff,
                                            float[] work, int workOff) {
        checkConv(n, h, w, cin, cout, win);
        long sx = (long) n * h * w * cin;
        long sy = (long) n * win.outH(h) * win.outW(w) * cout;
        long sw = (long) win.kernelH() * win.kernelW() * cin * cout;
        long sk = Conv2d.workSize(n, h, w, cin, win);
        checkTensor("x", "n x h x w x cin", n, h, w, cin, x, xOff, sx);
        checkTensor("dy", "n x outH x outW x cout", n, win.outH(h), win.outW(w), cout,
                dy, dyOff, sy);
        checkTensor("dWeight", "kernelH x kernelW x cin x cout", win.kernelH(),
                win.kernelW(), cin, cout, dWeight, dwOff, sw);
        checkWork(work, workOff, sk);
        checkDisjoint("dWeight", dWeight, dwOff, sw, "x", x, xOff, sx);
        checkDisjoint("dWeight", dWeight, dwOff, sw, "dy", dy, dyOff, sy);
        checkWorkDisjoint(work, workOff, sk, "x", x, xOff, sx, "dy", dy, dyOff, sy, "dWeight", dWeight, dwOff,
                sw);
        if (sy == 0) {
            java.util.Arrays.fill(dWeight, dwOff, dwOff + (int) sw, 0f);
            return;
        }
        Conv2d.backwardWeight(impl, n, h, w, cin, cout, win, x, xOff, dy, dyOff, dWeight, dwOff,
                work, workOff);
    }

    /** Bias gradient of {@link #conv2d}: {@code dBias[co] = Σ dy[b, p, q, co]} (overwritten). */
    public static void conv2dBackwardBias(int n, int h, int w, int cout, Window2d win, float[] dy, int dyOff,
                                          float[] dBias, int dbOff) {
        checkImage(n, h, w, 1, win);
        checkPositive("cout", cout);
        long rows = (long) n * win.outH(h) * win.outW(w);
        checkTensor("dy", "n x outH x outW x cout", n, win.outH(h), win.outW(w), cout,
                dy, dyOff, rows * cout);
        checkTensor("dBias", "cout", cout, -1, -1, -1, dBias, dbOff, cout);
        sumRows((int) rows, cout, dy, dyOff, dBias, dbOff);
    }

    /**
     * The im2col matrix of an NHWC tensor x (n, h, w, c): n * outH * outW rows (output pixels in NHW
     * order) of kernelH * kernelW * c columns (kernel row, kernel column, channel), zeros for padding.
     */
    public static void im2col(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] col,
                              int colOff) {
        checkImage(n, h, w, c, win);
        long in = (long) n * h * w * c;
        long cols = (long) n * win.outH(h) * win.outW(w) * win.kernelH() * win.kernelW() * c;
        checkTensor("x", "n x h x w x c", n, h, w, c, x, xOff, in);
        checkTensor("col", "n*outH*outW x kernelH*kernelW*c", -1, -1, -1, -1, col, colOff, cols);
        checkDisjoint("col", col, colOff, cols, "x", x, xOff, in);
        if (cols > 0) {
            KernelProvider.get().im2col(n, h, w, c, win, 0, n * win.outH(h) * win.outW(w), x, xOff, col, colOff);
        }
    }

    /** The adjoint of {@link #im2col}: overwrites dx (n, h, w, c) with the sum of the column entries. */
    public static void col2im(int n, int h, int w, int c, Window2d win, float[] col, int colOff, float[] dx,
                              int dxOff) {
        col2im(n, h, w, c, win, col, colOff, dx, dxOff, false);
    }

    /**
     * {@link #col2im} that adds into dx instead of overwriting it ({@code dx += col2im(col)}), for callers
     * that accumulate gradients.
     */
    public static void col2imAdd(int n, int h, int w, int c, Window2d win, float[] col, int colOff, float[] dx,
                                 int dxOff) {
        col2im(n, h, w, c, win, col, colOff, dx, dxOff, true);
    }

    private static void col2im(int n, int h, int w, int c, Window2d win, float[] col, int colOff, float[] dx,
                               int dxOff, boolean accumulate) {
        checkImage(n, h, w, c, win);
        long in = (long) n * h * w * c;
        long cols = (long) n * win.outH(h) * win.outW(w) * win.kernelH() * win.kernelW() * c;
        checkTensor("col", "n*outH*outW x kernelH*kernelW*c", -1, -1, -1, -1, col, colOff, cols);
        checkTensor("dx", "n x h x w x c", n, h, w, c, dx, dxOff, in);
        checkDisjoint("dx", dx, dxOff, in, "col", col, colOff, cols);
        if (in > 0) {
            if (!accumulate) {
                java.util.Arrays.fill(dx, dxOff, dxOff + (int) in, 0f);
            }
            KernelProvider.get().col2imAdd(n, h, w, c, win, 0, n * win.outH(h) * win.outW(w), col, colOff, dx, dxOff);
        }
    }

    /**
     * One fused Adam (or AdamW) step over {@code n} parameters, in place, as PyTorch computes it:
     * <pre>
     * p' = p * decay                 (AdamW: decay = 1 - lr * weightDecay; Adam: 1)
     * d  = g + l2 * p'               (Adam's L2 weight decay; AdamW: l2 = 0)
     * m  = beta1 * m + (1 - beta1) * d
     * v  = beta2 * v + (1 - beta2) * d * d
     * p  = p' - stepSize * m / (sqrt(v) / bc2Sqrt + eps)
     * </pre>
     * with {@code stepSize = lr / (1 - beta1^t)} and {@code bc2Sqrt = sqrt(1 - beta2^t)} for step t.
     * The vector and scalar kernels give identical bits. p, m and v must be distinct arrays or disjoint
     * ranges; g must not overlap them.
     */
    public static void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                  int vOff, float beta1, float beta2, float stepSize, float bc2Sqrt, float eps,
                                  float decay, float l2) {
        adamUpdate(KernelProvider.get(), n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, stepSize, bc2Sqrt, eps,
                decay, l2);
    }

    static void adamUpdate(KernelSupport impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                           float[] v, int vOff, float beta1, float beta2, float stepSize, float bc2Sqrt, float eps,
                           float decay, float l2) {
        OptimizerArgs.checkBuffers(n, p, pOff, g, gOff, "m", m, mOff, "v", v, vOff, null, null, 0);
        OptimizerArgs.checkAdam(beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
        impl.adamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    /**
     * {@link #adamUpdate} with AMSGrad: the denominator uses the running maximum of v,
     * <pre>
     * vMax = max(vMax, v)            (Math.max: a NaN in either wins)
     * p    = p' - stepSize * m / (sqrt(vMax) / bc2Sqrt + eps)
     * </pre>
     * with p', d, m and v as in {@link #adamUpdate}. Same argument rules, plus vMax (disjoint from the rest).
     */
    public static void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                     int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float stepSize,
                                     float bc2Sqrt, float eps, float decay, float l2) {
        amsgradUpdate(KernelProvider.get(), n, p, pOff, g, gOff, m, mOff, v, vOff, vMax, vMaxOff, beta1, beta2,
                stepSize, bc2Sqrt, eps, decay, l2);
    }

    static void amsgradUpdate(KernelSupport impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m,
                              int mOff, float[] v, int vOff, float[] vMax, int vMaxOff, float beta1, float beta2,
                              float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        OptimizerArgs.checkBuffers(n, p, pOff, g, gOff, "m", m, mOff, "v", v, vOff, "vMax", vMax, vMaxOff);
        OptimizerArgs.checkAdam(beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
        impl.amsgradUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, vMax, vMaxOff, beta1, beta2, stepSize, bc2Sqrt, eps,
                decay, l2);
    }

    /**
     * One fused RAdam step over {@code n} parameters, in place; the caller decides the branch and folds
     * the bias corrections and the rectifier into stepSize:
     * <pre>
     * p' = p * decay;  d = g + l2 * p'     (decoupled decay or L2, as in {@link #adamUpdate})
     * m  = beta1 * m + (1 - beta1) * d
     * v  = beta2 * v + (1 - beta2) * d * d
     * p  = p' - stepSize * m / (sqrt(v) + eps)     rectified: stepSize = lr / (1 - beta1^t) * r * sqrt(1 - beta2^t)
     * p  = p' - stepSize * m                       otherwise: stepSize = lr / (1 - beta1^t)
     * </pre>
     * Vector and scalar kernels give identical bits. p, g, m and v must not overlap.
     */
    public static void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                   int vOff, float beta1, float beta2, boolean rectified, float stepSize, float eps,
                                   float decay, float l2) {
        radamUpdate(KernelProvider.get(), n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, rectified, stepSize,
                eps, decay, l2);
    }

    static void radamUpdate(KernelSupport impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                            float[] v, int vOff, float beta1, float beta2, boolean rectified, float stepSize,
                            float eps, float decay, float l2) {
        OptimizerArgs.checkBuffers(n, p, pOff, g, gOff, "m", m, mOff, "v", v, vOff, null, null, 0);
        OptimizerArgs.checkBetas(beta1, beta2);
        OptimizerArgs.checkFinite("stepSize", stepSize);
        OptimizerArgs.checkNonNegative("eps", eps);
        OptimizerArgs.checkFinite("decay", decay);
        OptimizerArgs.checkFinite("l2", l2);
        impl.radamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, rectified, stepSize, eps, decay, l2);
    }

    /**
     * One fused AdaBelief step over {@code n} parameters, in place (decoupled weight decay):
     * <pre>
     * m = beta1 * m + (1 - beta1) * g
     * s = beta2 * s + (1 - beta2) * (g - m) * (g - m) + eps
     * p = p * decay - stepSize * m / (sqrt(s) / bc2Sqrt + eps)
     * </pre>
     * with {@code stepSize = lr / (1 - beta1^t)}, {@code bc2Sqrt = sqrt(1 - beta2^t)} and
     * {@code decay = 1 - lr * weightDecay}. Vector and scalar kernels give identical bits. p, g, m and s
     * must not overlap.
     */
    public static void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                                       float[] s, int sOff, float beta1, float beta2, float stepSize, float bc2Sqrt,
                                       float eps, float decay) {
        adaBeliefUpdate(KernelProvider.get(), n, p, pOff, g, gOff, m, mOff, s, sOff, beta1, beta2, stepSize, bc2Sqrt,
                eps, decay);
    }

    static void adaBeliefUpdate(KernelSupport impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m,
                                int mOff, float[] s, int sOff, float beta1, float beta2, float stepSize,
                                float bc2Sqrt, float eps, float decay) {
        OptimizerArgs.checkBuffers(n, p, pOff, g, gOff, "m", m, mOff, "s", s, sOff, null, null, 0);
        OptimizerArgs.checkBetas(beta1, beta2);
        OptimizerArgs.checkFinite("stepSize", stepSize);
        OptimizerArgs.checkBc2Sqrt(bc2Sqrt);
        OptimizerArgs.checkNonNegative("eps", eps);
        OptimizerArgs.checkFinite("decay", decay);
        impl.adaBeliefUpdate(n, p, pOff, g, gOff, m, mOff, s, sOff, beta1, beta2, stepSize, bc2Sqrt, eps, decay);
    }

    /**
     * One fused SGD step over {@code n} parameters, in place, as PyTorch's SGD:
     * <pre>
     * d   = g + weightDecay * p
     * buf = firstStep ? d : momentum * buf + (1 - dampening) * d     (only when buf is not null)
     * d   = nesterov ? d + momentum * buf : buf                      (only when buf is not null)
     * p   = p - lr * d
     * </pre>
     * buf null is plain SGD: momentum must then be 0 and nesterov false, and firstStep is ignored.
     * Vector and scalar kernels give identical bits. p, g and buf must not overlap.
     */
    public static void sgdUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
                                 float weightDecay, float momentum, float dampening, boolean nesterov,
                                 boolean firstStep) {
        sgdUpdate(KernelProvider.get(), n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum, dampening,
                nesterov, firstStep);
    }

    static void sgdUpdate(KernelSupport impl, int n, float[] p, int pOff, float[] g, int gOff, float[] buf,
                          int bufOff, float lr, float weightDecay, float momentum, float dampening, boolean nesterov,
                          boolean firstStep) {
        OptimizerArgs.checkBuffers(n, p, pOff, g, gOff, buf == null ? null : "buf", buf, bufOff, null, null, 0,
                null, null, 0);
        OptimizerArgs.checkFinite("lr", lr);
        OptimizerArgs.checkFinite("weightDecay", weightDecay);
        OptimizerArgs.checkNonNegative("momentum", momentum);
        OptimizerArgs.checkFinite("dampening", dampening);
        OptimizerArgs.checkMomentumBuffer(buf, momentum);
        if (buf == null && nesterov) {
            throw new IllegalArgumentException("nesterov needs a momentum buffer, but buf is null");
        }
        impl.sgdUpdate(n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum, dampening, nesterov, firstStep);
    }

    /**
     * One fused Adagrad step over {@code n} parameters, in place:
     * <pre>
     * d   = g + weightDecay * p
     * sum = sum + d * d
     * p   = p - clr * d / (sqrt(sum) + eps)
     * </pre>
     * with the decayed rate {@code clr = lr / (1 + (t - 1) * lrDecay)} computed by the caller. Vector and
     * scalar kernels give identical bits. p, g and sum must not overlap.
     */
    public static void adagradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] sum, int sumOff,
                                     float clr, float weightDecay, float eps) {
        adagradUpdate(KernelProvider.get(), n, p, pOff, g, gOff, sum, sumOff, clr, weightDecay, eps);
    }

    static void adagradUpdate(KernelSupport impl, int n, float[] p, int pOff, float[] g, int gOff, float[] sum,
                              int sumOff, float clr, float weightDecay, float eps) {
        OptimizerArgs.checkBuffers(n, p, pOff, g, gOff, "sum", sum, sumOff, null, null, 0, null, null, 0);
        OptimizerArgs.checkFinite("clr", clr);
        OptimizerArgs.checkFinite("weightDecay", weightDecay);
        OptimizerArgs.checkNonNegative("eps", eps);
        impl.adagradUpdate(n, p, pOff, g, gOff, sum, sumOff, clr, weightDecay, eps);
    }

    /**
     * One fused RMSprop step over {@code n} parameters, in place, as PyTorch's RMSprop:
     * <pre>
     * d         = g + weightDecay * p
     * squareAvg = alpha * squareAvg + (1 - alpha) * d * d;  v = squareAvg
     * gradAvg   = alpha * gradAvg + (1 - alpha) * d;  v = max(0, v - gradAvg * gradAvg)   (centered: gradAvg not null)
     * avg       = sqrt(v) + eps
     * buf       = momentum * buf + d / avg;  p = p - lr * buf                            (buf not null)
     * p         = p - lr * d / avg                                                       (buf null)
     * </pre>
     * max is {@code Math.max} (a NaN wins). buf null requires momentum 0. Vector and scalar kernels give
     * identical bits. No two of p, g, squareAvg, gradAvg and buf may overlap.
     */
    public static void rmspropUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg, int sqOff,
                                     float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha,
                                     float eps, float weightDecay, float momentum) {
        rmspropUpdate(KernelProvider.get(), n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, buf, bufOff, lr,
                alpha, eps, weightDecay, momentum);
    }

    static void rmspropUpdate(KernelSupport impl, int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg,
                              int sqOff, float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha,
                              float eps, float weightDecay, float momentum) {
        OptimizerArgs.checkBuffers(n, p, pOff, g, gOff, "squareAvg", squareAvg, sqOff,
                gradAvg == null ? null : "gradAvg", gradAvg, gaOff, buf == null ? null : "buf", buf, bufOff);
        OptimizerArgs.checkFinite("lr", lr);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
        }
        OptimizerArgs.checkNonNegative("eps", eps);
        OptimizerArgs.checkFinite("weightDecay", weightDecay);
        OptimizerArgs.checkNonNegative("momentum", momentum);
        OptimizerArgs.checkMomentumBuffer(buf, momentum);
        impl.rmspropUpdate(n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, buf, bufOff, lr, alpha, eps,
                weightDecay, momentum);
    }

    /** Column sums {@code s[j] = Σ_r a[r, j]} of a dense rows x cols matrix (overwrites s). */
    public static void sumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        checkNonNegative("rows", rows);
        checkNonNegative("cols", cols);
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows * cols = " + n + " exceeds Integer.MAX_VALUE");
        }
        checkArray("a", a, aOff, n);
        checkArray("s", s, sOff, cols);
        checkDisjoint("s", s, sOff, cols, "a", a, aOff, n);
        if (cols > 0) {
            KernelProvider.get().sumRows(rows, cols, a, aOff, s, sOff);
        }
    }

    /** Validates a convolution's sizes: each tensor and the work buffer must be indexable by {@code int}. */
    /**
     * The checks both forward convolutions share: sizes, x, weight, the optional bias and y, and that
     * y overlaps none of its inputs. Returns the size of y.
     */
    private static long checkConvForward(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                         float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        checkConv(n, h, w, cin, cout, win);
        long sx = (long) n * h * w * cin;
        long sy = (long) n * win.outH(h) * win.outW(w) * cout;
        long sw = (long) win.kernelH() * win.kernelW() * cin * cout;
        checkTensor("x", "n x h x w x cin", n, h, w, cin, x, xOff, sx);
        checkWeight(weight, wOff, win, cin, cout, sw);
        if (bias != null) {
            checkTensor("bias", "cout", cout, -1, -1, -1, bias, bOff, cout);
        }
        checkTensor("y", "n x outH x outW x cout", n, win.outH(h), win.outW(w), cout, y, yOff, sy);
        checkDisjoint("y", y, yOff, sy, "x", x, xOff, sx);
        checkDisjoint("y", y, yOff, sy, "weight", weight, wOff, sw);
        if (bias != null) {
            checkDisjoint("y", y, yOff, sy, "bias", bias, bOff, cout);
        }
        return sy;
    }

    private static void checkConv(int n, int h, int w, int cin, int cout, Window2d win) {
        checkPositive("cin", cin);
        checkPositive("cout", cout);
        checkImage(n, h, w, cin, win);
        long out = (long) n * win.outH(h) * win.outW(w) * cout;
        long weight = (long) win.kernelH() * win.kernelW() * cin * cout;
        long work = Conv2d.workSize(n, h, w, cin, win);
        if (out > Integer.MAX_VALUE || weight > Integer.MAX_VALUE || work > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("convolution too large for int indexing: output " + out + ", weight "
                    + weight + ", work " + work + " elements");
        }
    }

    private static void checkWeight(float[] weight, int wOff, Window2d win, int cin, int cout, long size) {
        checkTensor("weight", "kernelH x kernelW x cin x cout", win.kernelH(),
                win.kernelW(), cin, cout, weight, wOff, size);
    }

    private static void checkWork(float[] work, int workOff, long size) {
        if (size > 0 || work != null) {
            checkTensor("work", "conv2dWorkSize", -1, -1, -1, -1, work, workOff, size);
        }
    }

    /**
     * Like {@link #checkArray}, naming the expected shape in the message: {@code dims} names up to four
     * dimensions, given as d0..d3 (-1 = unused). The message is built only on failure, so a valid call
     * allocates nothing.
     */
    private static void checkTensor(String name, String dims, int d0, int d1, int d2, int d3, float[] array, int off,
                                    long n) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0, was " + off);
        }
        if (off + n > array.length) {
            StringBuilder shape = new StringBuilder(dims);
            int[] ds = {d0, d1, d2, d3};
            for (int i = 0; i < ds.length && ds[i] >= 0; i++) {
                shape.append(i == 0 ? " = " : " x ").append(ds[i]);
            }
            throw new IllegalArgumentException(name + " is too short for " + shape + ": " + n + " elements at offset "
                    + off + " need length >= " + (off + n) + ", was " + array.length);
        }
    }

    private static void checkWorkDisjoint(float[] work, int workOff, long size, String n1, float[] a1, int o1, long s1,
                                          String n2, float[] a2, int o2, long s2, String n3, float[] a3, int o3,
                                          long s3) {
        checkDisjoint("work", work, workOff, size, n1, a1, o1, s1);
        checkDisjoint("work", work, workOff, size, n2, a2, o2, s2);
        checkDisjoint("work", work, workOff, size, n3, a3, o3, s3);
    }

    private static void checkActivation(Activation f, float param) {
        if (f == null) {
            throw new IllegalArgumentException("f must not be null");
        }
        if ((f == Activation.LEAKY_RELU || f == Activation.ELU) && !Float.isFinite(param)) {
            throw new IllegalArgumentException("param (alpha of " + f + ") must be finite, was " + param);
        }
    }

    private static void checkMaxout(int rows, int units, int k) {
        checkNonNegative("rows", rows);
        checkNonNegative("units", units);
        if (k < 1) {
            throw new IllegalArgumentException("k (pieces) must be >= 1, was " + k);
        }
        if ((long) rows * units * k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows * units * k = " + ((long) rows * units * k)
                    + " exceeds Integer.MAX_VALUE");
        }
    }

    /** A dense rows x cols input and output of one row-wise op; the output may be the input in place. */
    private static void checkRows(int rows, int cols, String inName, float[] in, int inOff, String outName,
                                  float[] out, int outOff) {
        checkNonNegative("rows", rows);
        checkNonNegative("cols", cols);
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows * cols = " + n + " exceeds Integer.MAX_VALUE");
        }
        checkArray(inName, in, inOff, n);
        checkArray(outName, out, outOff, n);
        checkSameOrDisjoint(outName, out, outOff, inName, in, inOff, n);
    }

    /** {@code n} elements from {@code off} must fit in {@code array}. */
    static void checkArray(String name, float[] array, int off, long n) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        checkExtent(name, array.length, off, n);
    }

    static void checkIntArray(String name, int[] array, int off, long n) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        checkExtent(name, array.length, off, n);
    }

    private static void checkExtent(String name, int length, int off, long n) {
        if (off < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0, was " + off);
        }
        if (off + n > length) {
            throw new IllegalArgumentException(name + " is too short: " + n + " elements at offset " + off
                    + " need length >= " + (off + n) + ", was " + length);
        }
    }

    /** Elementwise ops may run in place (same array, same offset) but not on partly overlapping ranges. */
    static void checkSameOrDisjoint(String outName, float[] out, int outOff, String inName, float[] in, int inOff,
                                    long n) {
        if (out == in && outOff != inOff && n > 0 && outOff < inOff + n && inOff < outOff + n) {
            throw new IllegalArgumentException(outName + " must be " + inName + " at the same offset (in place) or "
                    + "not overlap it: offsets " + outOff + " and " + inOff + " with " + n + " elements overlap");
        }
    }

    /** The two ranges of the same array must not share elements. */
    static void checkDisjoint(String outName, float[] out, int outOff, long outN, String inName, float[] in,
                              int inOff, long inN) {
        if (out == in && outN > 0 && inN > 0 && outOff < inOff + inN && inOff < outOff + outN) {
            throw new IllegalArgumentException(outName + " must not overlap " + inName + ": [" + outOff + ", "
                    + (outOff + outN) + ") and [" + inOff + ", " + (inOff + inN) + ") of the same array");
        }
    }

    static void checkNonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    /** A rows x cols matrix at {@code off} with row stride {@code ld} must fit in {@code array}. */
    static void checkMatrix(String name, float[] array, int off, int ld, int rows, int cols, String dims) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0, was " + off);
        }
        int minLd = Math.max(1, cols);
        if (ld < minLd) {
            throw new IllegalArgumentException("ld" + name + " must be >= " + minLd + " (columns of " + name + ", "
                    + dims + " = " + rows + " x " + cols + "), was " + ld);
        }
        long needed = extent(off, ld, rows, cols);
        if (needed > array.length) {
            throw new IllegalArgumentException(name + " is too short: a " + rows + " x " + cols + " matrix (" + dims
                    + ") at offset " + off + " with ld" + name + " " + ld + " needs length >= " + needed + ", was "
                    + array.length);
        }
    }

    /** One past the last element a rows x cols matrix touches (off when it is empty). */
    private static long extent(int off, int ld, int rows, int cols) {
        return rows == 0 || cols == 0 ? off : off + (long) (rows - 1) * ld + cols;
    }

    /**
     * The output must not share elements with an input: the kernels read inputs after writing C. Exact
     * for strided sub-matrices: disjoint blocks of one array (e.g. two column ranges) are allowed.
     */
    static void checkNoOverlap(String outName, float[] out, int outOff, int outLd, int outRows, int outCols,
                               String inName, float[] in, int inOff, int inLd, int inRows, int inCols) {
        if (out != in || outRows == 0 || outCols == 0 || inRows == 0 || inCols == 0) {
            return;
        }
        long outEnd = extent(outOff, outLd, outRows, outCols);
        long inEnd = extent(inOff, inLd, inRows, inCols);
        if (outOff >= inEnd || inOff >= outEnd) {
            return;
        }
        for (int i = 0; i < outRows; i++) {
            long s = outOff + (long) i * outLd;
            long e = s + outCols;
            // input rows r with inOff + r*inLd < e and inOff + r*inLd + inCols > s
            long rMin = Math.max(0, Math.floorDiv(s - inCols - inOff, (long) inLd) + 1);
            long rMax = Math.min(inRows - 1L, Math.floorDiv(e - 1 - inOff, (long) inLd));
            if (rMin <= rMax) {
                throw new IllegalArgumentException(outName + " must not overlap " + inName + ": both use the same "
                        + "array and row " + i + " of " + outName + " (elements [" + s + ", " + e + ")) shares "
                        + "elements with row " + rMin + " of " + inName);
            }
        }
    }

    // ---- recurrent cells (issue 12): RecurrentKernels, checks in RecurrentArgs -------------------------------

    /**
     * One LSTM time step after its two GEMMs, PyTorch's gate order (i, f, g, o): with a = xg + hg + bih +
     * bhh (n, 4·hidden), i, f, o = σ(a), g = tanh(a), c = f ⊙ cPrev + i ⊙ g and h = o ⊙ tanh(c). Writes
     * the activations to gates (n, 4·hidden; may be xg at the same offset: in place), c (n, hidden) and h
     * (n rows of hidden, row stride ldh, e.g. one direction's half of a bidirectional output).
     *
     * @throws IllegalArgumentException for negative sizes, blocks too short, ldh below hidden, or an output
     *         sharing elements with an input or another output (other than gates = xg)
     */
    public static void lstmCellForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff,
                                       float[] bih, int bihOff, float[] bhh, int bhhOff, float[] cPrev, int cPrevOff,
                                       float[] gates, int gatesOff, float[] c, int cOff, float[] h, int hOff, int ldh) {
        RecurrentArgs.lstmForward(n, hidden, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, cPrev, cPrevOff, gates,
                gatesOff, c, cOff, h, hOff, ldh);
        KernelProvider.recurrent().lstmCellForward(n, hidden, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, cPrev,
                cPrevOff, gates, gatesOff, c, cOff, h, hOff, ldh);
    }

    /**
     * The backward of {@link #lstmCellForward} from its gates, cPrev and c: with dH = dh (row stride lddh:
     * the output's gradient) + dhNext (the gradient through the next step's hidden GEMM) and dC = dc +
     * dH ⊙ o ⊙ (1 − tanh² c), writes the pre-activation gradients dGates (n, 4·hidden) and dcPrev = dC ⊙ f
     * (may be dc at the same offset).
     */
    public static void lstmCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                                        float[] c, int cOff, float[] dh, int dhOff, int lddh, float[] dhNext,
                                        int dhNextOff, float[] dc, int dcOff, float[] dGates, int dGatesOff,
                                        float[] dcPrev, int dcPrevOff) {
        RecurrentArgs.lstmBackward(n, hidden, gates, gatesOff, cPrev, cPrevOff, c, cOff, dh, dhOff, lddh, dhNext,
                dhNextOff, dc, dcOff, dGates, dGatesOff, dcPrev, dcPrevOff);
        KernelProvider.recurrent().lstmCellBackward(n, hidden, gates, gatesOff, cPrev, cPrevOff, c, cOff, dh, dhOff,
                lddh, dhNext, dhNextOff, dc, dcOff, dGates, dGatesOff, dcPrev, dcPrevOff);
    }

    /**
     * One GRU time step after its two GEMMs, PyTorch's gate order (r, z, n) and formula: r = σ(xg_r + bih_r
     * + hg_r + bhh_r), z likewise, hn = hg_n + bhh_n, nn = tanh(xg_n + bih_n + r ⊙ hn) and
     * h = (1 − z) ⊙ nn + z ⊙ hPrev (hPrev and h strided). Writes (r, z, nn) to gates (may be xg at the
     * same offset), hn (n, hidden; the backward needs it) and h.
     */
    public static void gruCellForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih,
                                      int bihOff, float[] bhh, int bhhOff, float[] hPrev, int hPrevOff, int ldhPrev,
                                      float[] gates, int gatesOff, float[] hn, int hnOff, float[] h, int hOff,
                                      int ldh) {
        RecurrentArgs.gruForward(n, hidden, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, hPrev, hPrevOff, ldhPrev,
                gates, gatesOff, hn, hnOff, h, hOff, ldh);
        KernelProvider.recurrent().gruCellForward(n, hidden, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, hPrev,
                hPrevOff, ldhPrev, gates, gatesOff, hn, hnOff, h, hOff, ldh);
    }

    /**
     * The backward of {@link #gruCellForward}: with dH = dh + dhNext, writes the gradients of the
     * input-side pre-activations dxg = (dr, dz, dn), of the hidden-side ones dhg = (dr, dz, dn ⊙ r), and
     * dhPrev = dH ⊙ z, the part of hPrev's gradient that bypasses the hidden GEMM (the caller adds
     * dhg · W_hh); dhPrev may be dhNext at the same offset.
     */
    public static void gruCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] hn, int hnOff,
                                       float[] hPrev, int hPrevOff, int ldhPrev, float[] dh, int dhOff, int lddh,
                                       float[] dhNext, int dhNextOff, float[] dxg, int dxgOff, float[] dhg, int dhgOff,
                                       float[] dhPrev, int dhPrevOff) {
        RecurrentArgs.gruBackward(n, hidden, gates, gatesOff, hn, hnOff, hPrev, hPrevOff, ldhPrev, dh, dhOff, lddh,
                dhNext, dhNextOff, dxg, dxgOff, dhg, dhgOff, dhPrev, dhPrevOff);
        KernelProvider.recurrent().gruCellBackward(n, hidden, gates, gatesOff, hn, hnOff, hPrev, hPrevOff, ldhPrev, dh,
                dhOff, lddh, dhNext, dhNextOff, dxg, dxgOff, dhg, dhgOff, dhPrev, dhPrevOff);
    }

    /** One Elman RNN step: h = act(xg + hg + bih + bhh), act tanh or (relu) max(0, ·); h strided (ldh). */
    public static void rnnCellForward(int n, int hidden, boolean relu, float[] xg, int xgOff, float[] hg, int hgOff,
                                      float[] bih, int bihOff, float[] bhh, int bhhOff, float[] h, int hOff, int ldh) {
        RecurrentArgs.rnnForward(n, hidden, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, h, hOff, ldh);
        KernelProvider.recurrent().rnnCellForward(n, hidden, relu, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, h,
                hOff, ldh);
    }

    /**
     * The backward of {@link #rnnCellForward} from its output h: dg = (dh + dhNext) ⊙ act'(h), with
     * tanh' = 1 − h² and relu' = [h > 0] (0 at 0, as PyTorch).
     */
    public static void rnnCellBackward(int n, int hidden, boolean relu, float[] h, int hOff, int ldh, float[] dh,
                                       int dhOff, int lddh, float[] dhNext, int dhNextOff, float[] dg, int dgOff) {
        RecurrentArgs.rnnBackward(n, hidden, h, hOff, ldh, dh, dhOff, lddh, dhNext, dhNextOff, dg, dgOff);
        KernelProvider.recurrent().rnnCellBackward(n, hidden, relu, h, hOff, ldh, dh, dhOff, lddh, dhNext, dhNextOff,
                dg, dgOff);
    }
    // ---- end of recurrent cells ----------------------------------------------------------------------------------
}
