package vecnet.simd;

/**
 * The public entry point for every kernel. Each op checks its arguments in its family's
 * package-private checker ({@link GemmArgs}, {@link ActivationArgs}, {@link PoolingArgs},
 * {@link ConvArgs}, {@link OptimizerArgs}, {@link NormArgs}: messages name the bad argument, the expected and the actual
 * value), then calls its family's kernel object, chosen once per JVM by {@link KernelProvider}: the JDK
 * Vector API kernels when {@code jdk.incubator.vector} is available, otherwise the scalar reference
 * kernels. Every op has a package-private overload taking the family object first, so tests run the
 * same checked call on both implementations.
 *
 * <p>All matrices are row-major {@code float[]} with an offset and a leading dimension (the distance
 * between consecutive rows), so sub-matrices work without copies. Kernels write only their output
 * argument, allocate nothing in steady state, and are safe to call from many threads at once on
 * distinct outputs. Large calls use up to {@link vecnet.core.Parallel#parallelism()} threads.
 * Elementwise ops (activations and their derivatives, the optimizer updates) split into contiguous,
 * vector-aligned ranges ({@link ElementwiseSplit}), so they give the same bits on any number of threads.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads; arrays a call writes must not be read
 * or written by another thread meanwhile. Scratch space is per thread.
 */
public final class Simd {
    private Simd() {
    }

    /** The active implementation: {@code scalar} or {@code vector-<bits>}. */
    public static String implementation() {
        return KernelProvider.name();
    }

    /** Whether the Vector API kernels are active. */
    public static boolean isVectorized() {
        return KernelProvider.isVectorized();
    }

    /**
     * A few lines saying what runs: kernel implementation, vector width (used and preferred), GEMM
     * micro-kernel, parallelism, JDK and the {@code vecnet.*} properties set. Log it at start-up when the speed
     * matters; {@link Diagnostics#main} prints it.
     */
    public static String diagnostics() {
        return Diagnostics.report();
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
        sgemm(KernelProvider.GEMM.chosen(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                ldc);
    }

    static void sgemm(GemmKernels impl, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
            int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        GemmArgs.checkSgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
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

    /**
     * How many floats {@link #packB} writes for a k x n op(B): the active implementation's packed layout,
     * zero padding included (at least k·n). The layout is private to the implementation: a buffer packed
     * here is only for {@link #sgemmPackedB} in this JVM ({@link ScalarReference} has its own pair).
     *
     * @throws IllegalArgumentException for negative sizes or a size past an array's capacity
     */
    public static int packedBSize(int k, int n) {
        return packedBSize(KernelProvider.GEMM.chosen(), k, n);
    }

    static int packedBSize(GemmKernels impl, int k, int n) {
        // the layout's count is plain arithmetic; the check rejects negative sizes before it is used
        return GemmArgs.checkPackedBSize(k, n, impl.packedBSize(k, n));
    }

    /**
     * Packs op(B) (k x n; B stored n x k when {@code transB}) into {@code packed} from {@code packedOff},
     * for repeated {@link #sgemmPackedB} calls with the same B: a recurrent layer's W_hh multiplies every
     * time step, and packing it once per sequence instead of once per step halves the memory traffic of
     * the small per-step products. Writes exactly {@link #packedBSize}{@code (k, n)} floats.
     *
     * @throws IllegalArgumentException for negative sizes, B too short for the described matrix, packed too
     *         short, or packed overlapping B
     */
    public static void packB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] packed,
                             int packedOff) {
        packB(KernelProvider.GEMM.chosen(), transB, k, n, b, bOff, ldb, packed, packedOff);
    }

    static void packB(GemmKernels impl, boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] packed,
                      int packedOff) {
        int size = packedBSize(impl, k, n);
        GemmArgs.checkPackB(transB, k, n, b, bOff, ldb, packed, packedOff, size);
        impl.packB(transB, k, n, b, bOff, ldb, packed, packedOff);
    }

    /**
     * How many floats {@link #packGemv} writes for a weight matrix W of n x k (at least n·k). The layout is
     * private to the active implementation, for {@link #sgemvPacked} in this JVM only.
     *
     * @throws IllegalArgumentException for negative sizes or a size past an array's capacity
     */
    public static int packedGemvSize(int n, int k) {
        return packedGemvSize(KernelProvider.GEMM.chosen(), n, k);
    }

    static int packedGemvSize(GemmKernels impl, int n, int k) {
        return GemmArgs.checkPackedGemvSize(n, k, impl.packedGemvSize(n, k));
    }

    /**
     * Packs W (n x k, row stride {@code ldw}: a {@code Linear} weight of n outputs and k inputs) into
     * {@code packed} from {@code packedOff}, for repeated {@link #sgemvPacked} calls with the same W: the
     * one-row product reads W once per call, and in this layout it reads it as one stream instead of eight
     * rows at once. Writes exactly {@link #packedGemvSize}{@code (n, k)} floats.
     *
     * @throws IllegalArgumentException for negative sizes, W too short for the described matrix, packed too
     *         short, or packed overlapping W
     */
    public static void packGemv(int n, int k, float[] w, int wOff, int ldw, float[] packed, int packedOff) {
        packGemv(KernelProvider.GEMM.chosen(), n, k, w, wOff, ldw, packed, packedOff);
    }

    static void packGemv(GemmKernels impl, int n, int k, float[] w, int wOff, int ldw, float[] packed,
                         int packedOff) {
        int size = packedGemvSize(impl, n, k);
        GemmArgs.checkPackGemv(n, k, w, wOff, ldw, packed, packedOff, size);
        impl.packGemv(n, k, w, wOff, ldw, packed, packedOff);
    }

    /**
     * {@code y = alpha * W x + beta * y} for one vector x (k floats) with W packed by {@link #packGemv}: the same
     * bits as {@code sgemm(false, true, 1, n, k, alpha, x, xOff, k, w, wOff, ldw, beta, y, yOff, n)} on the
     * unpacked W (batch-1 {@code X·Wᵀ}), BLAS semantics for alpha and beta as there.
     *
     * @throws IllegalArgumentException for negative sizes, x, y or packed too short, or y overlapping x or the
     *         packed W
     */
    public static void sgemvPacked(int n, int k, float alpha, float[] packed, int packedOff, float[] x, int xOff,
                                   float beta, float[] y, int yOff) {
        sgemvPacked(KernelProvider.GEMM.chosen(), n, k, alpha, packed, packedOff, x, xOff, beta, y, yOff);
    }

    static void sgemvPacked(GemmKernels impl, int n, int k, float alpha, float[] packed, int packedOff, float[] x,
                            int xOff, float beta, float[] y, int yOff) {
        int size = packedGemvSize(impl, n, k);
        GemmArgs.checkSgemvPacked(n, k, packed, packedOff, size, x, xOff, y, yOff);
        if (n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) { // as sgemm: C scaled by beta, A and B not read
            ScalarSgemm.scaleRow(y, yOff, n, beta);
            return;
        }
        impl.sgemvPacked(n, k, alpha, packed, packedOff, x, xOff, beta, y, yOff);
    }

    /**
     * {@link #sgemm} with op(B) (k x n) already packed by {@link #packB}: {@code C = alpha * op(A) * B + beta
     * * C}, BLAS semantics for beta and alpha as there. On the vector kernels each element's arithmetic is
     * that of {@code sgemm}'s general path with the same op(B), so results do not depend on which of the
     * two ran, except where {@code sgemm} would have picked a small-M, narrow or transposed path.
     *
     * @throws IllegalArgumentException for negative sizes, A or C too short, packed shorter than
     *         {@code packedOff + packedBSize(k, n)}, or C overlapping A or the packed B
     */
    public static void sgemmPackedB(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                    float[] packed, int packedOff, float beta, float[] c, int cOff, int ldc) {
        sgemmPackedB(KernelProvider.GEMM.chosen(), transA, m, n, k, alpha, a, aOff, lda, packed, packedOff, beta, c,
                cOff, ldc);
    }

    static void sgemmPackedB(GemmKernels impl, boolean transA, int m, int n, int k, float alpha, float[] a, int aOff,
                             int lda, float[] packed, int packedOff, float beta, float[] c, int cOff, int ldc) {
        int size = packedBSize(impl, k, n);
        GemmArgs.checkSgemmPackedB(transA, m, n, k, a, aOff, lda, packed, packedOff, size, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            for (int i = 0; i < m; i++) {
                ScalarSgemm.scaleRow(c, cOff + i * ldc, n, beta);
            }
            return;
        }
        impl.sgemmPackedB(transA, m, n, k, alpha, a, aOff, lda, packed, packedOff, beta, c, cOff, ldc);
    }

    /** {@code C = A * B} for dense row-major matrices (no offsets, leading dimension = column count). */
    public static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
    }

    // ---- activations, softmax, maxout ------------------------------------------------------------

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
        activate(KernelProvider.ACTIVATIONS.chosen(), f, param, x, xOff, y, yOff, n);
    }

    static void activate(ActivationKernels impl, Activation f, float param, float[] x, int xOff, float[] y, int yOff,
            int n) {
        ActivationArgs.checkActivate(f, param, x, xOff, y, yOff, n);
        if (n > 0) {
            ElementwiseSplit.activate(impl, f, param, x, xOff, y, yOff, n);
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
        activateBackward(KernelProvider.ACTIVATIONS.chosen(), f, param, x, xOff, dy, dyOff, dx, dxOff, n);
    }

    static void activateBackward(ActivationKernels impl, Activation f, float param, float[] x, int xOff, float[] dy,
            int dyOff, float[] dx, int dxOff, int n) {
        ActivationArgs.checkActivateBackward(f, param, x, xOff, dy, dyOff, dx, dxOff, n);
        if (n > 0) {
            ElementwiseSplit.activateBackward(impl, f, param, x, xOff, dy, dyOff, dx, dxOff, n);
        }
    }

    /**
     * {@code y[yOff + i] += x[xOff + i]} for {@code i < n}, e.g. to accumulate a gradient. One float add
     * per element, so the bits are the same with or without the vector module and on any number of
     * threads (large calls split like {@link #activate}).
     *
     * @throws IllegalArgumentException for a null array, negative n or offset, arrays too short, or y
     *         partly overlapping x
     */
    public static void addInPlace(int n, float[] x, int xOff, float[] y, int yOff) {
        addInPlace(KernelProvider.ACTIVATIONS.chosen(), n, x, xOff, y, yOff);
    }

    static void addInPlace(ActivationKernels impl, int n, float[] x, int xOff, float[] y, int yOff) {
        ActivationArgs.checkAdd(n, x, xOff, y, yOff);
        if (n > 0) {
            ElementwiseSplit.add(impl, n, x, xOff, y, yOff);
        }
    }

    /**
     * Row-wise softmax of a dense row-major rows x cols matrix: {@code y = exp(x - max) / Σ exp(x - max)}.
     * Subtracting the row maximum keeps every exponent <= 0, so no row overflows. A row holding a NaN
     * becomes all NaN. y may be x at the same offset.
     */
    public static void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        softmaxRows(KernelProvider.ACTIVATIONS.chosen(), rows, cols, x, xOff, y, yOff);
    }

    static void softmaxRows(ActivationKernels impl, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        ActivationArgs.checkRows(rows, cols, "x", x, xOff, "y", y, yOff);
        if (rows > 0 && cols > 0) {
            impl.softmaxRows(rows, cols, x, xOff, y, yOff);
        }
    }

    /** Row-wise log-softmax {@code y = x - max - log Σ exp(x - max)}, stable as {@link #softmaxRows}. */
    public static void logSoftmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        logSoftmaxRows(KernelProvider.ACTIVATIONS.chosen(), rows, cols, x, xOff, y, yOff);
    }

    static void logSoftmaxRows(ActivationKernels impl, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        ActivationArgs.checkRows(rows, cols, "x", x, xOff, "y", y, yOff);
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
        softmaxRowsBackward(KernelProvider.ACTIVATIONS.chosen(), rows, cols, y, yOff, dy, dyOff, dx, dxOff);
    }

    static void softmaxRowsBackward(ActivationKernels impl, int rows, int cols, float[] y, int yOff, float[] dy,
            int dyOff, float[] dx, int dxOff) {
        ActivationArgs.checkRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
        if (rows > 0 && cols > 0) {
            impl.softmaxRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
        }
    }

    /**
     * Backward of {@link #logSoftmaxRows} from its <em>output</em> y: {@code dx = dy - exp(y) Σ_j dy_j}
     * per row. dx may be y or dy at the same offset.
     */
    public static void logSoftmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff,
                                              float[] dx, int dxOff) {
        logSoftmaxRowsBackward(KernelProvider.ACTIVATIONS.chosen(), rows, cols, y, yOff, dy, dyOff, dx, dxOff);
    }

    static void logSoftmaxRowsBackward(ActivationKernels impl, int rows, int cols, float[] y, int yOff, float[] dy,
            int dyOff, float[] dx, int dxOff) {
        ActivationArgs.checkRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
        if (rows > 0 && cols > 0) {
            impl.logSoftmaxRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
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
        maxout(KernelProvider.ACTIVATIONS.chosen(), rows, units, k, x, xOff, y, yOff, idx, idxOff);
    }

    static void maxout(ActivationKernels impl, int rows, int units, int k, float[] x, int xOff, float[] y, int yOff,
            int[] idx, int idxOff) {
        ActivationArgs.checkMaxoutForward(rows, units, k, x, xOff, y, yOff, idx, idxOff);
        if (rows > 0 && units > 0) {
            impl.maxout(rows, units, k, x, xOff, y, yOff, idx, idxOff);
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
        maxoutBackward(KernelProvider.ACTIVATIONS.chosen(), rows, units, k, dy, dyOff, idx, idxOff, dx, dxOff);
    }

    static void maxoutBackward(ActivationKernels impl, int rows, int units, int k, float[] dy, int dyOff, int[] idx,
            int idxOff, float[] dx, int dxOff) {
        ActivationArgs.checkMaxoutBackward(rows, units, k, dy, dyOff, idx, idxOff, dx, dxOff);
        if (rows > 0 && units > 0) {
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
        maxPool2d(KernelProvider.POOLING.chosen(), n, h, w, c, win, x, xOff, y, yOff, argmax, argOff);
    }

    static void maxPool2d(PoolingKernels impl, int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y,
            int yOff, int[] argmax, int argOff) {
        long out = PoolingArgs.checkMaxPool(n, h, w, c, win, x, xOff, y, yOff, argmax, argOff);
        if (out > 0) {
            ElementwiseSplit.maxPool(impl, n, h, w, c, win, x, xOff, y, yOff, argmax, argOff);
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
        maxPool2dBackward(KernelProvider.POOLING.chosen(), n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
    }

    static void maxPool2dBackward(PoolingKernels impl, int n, int h, int w, int c, Window2d win, float[] dy, int dyOff,
            int[] argmax, int argOff, float[] dx, int dxOff) {
        long in = PoolingArgs.checkMaxPoolBackward(n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
        if (in > 0) {
            ElementwiseSplit.maxPoolBackward(impl, n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
        }
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
        avgPool2d(KernelProvider.POOLING.chosen(), n, h, w, c, win, countIncludePad, x, xOff, y, yOff);
    }

    static void avgPool2d(PoolingKernels impl, int n, int h, int w, int c, Window2d win, boolean countIncludePad,
            float[] x, int xOff, float[] y, int yOff) {
        long out = PoolingArgs.checkAvgPool(n, h, w, c, win, x, xOff, y, yOff);
        if (out > 0) {
            ElementwiseSplit.avgPool(false, impl, n, h, w, c, win, countIncludePad, x, xOff, y, yOff);
        }
    }

    /** Backward of {@link #avgPool2d}: overwrites dx (n, h, w, c); each dy is spread evenly over its window. */
    public static void avgPool2dBackward(int n, int h, int w, int c, Window2d win, boolean countIncludePad,
                                         float[] dy, int dyOff, float[] dx, int dxOff) {
        avgPool2dBackward(KernelProvider.POOLING.chosen(), n, h, w, c, win, countIncludePad, dy, dyOff, dx, dxOff);
    }

    static void avgPool2dBackward(PoolingKernels impl, int n, int h, int w, int c, Window2d win,
            boolean countIncludePad, float[] dy, int dyOff, float[] dx, int dxOff) {
        long in = PoolingArgs.checkAvgPoolBackward(n, h, w, c, win, dy, dyOff, dx, dxOff);
        if (in > 0) {
            ElementwiseSplit.avgPool(true, impl, n, h, w, c, win, countIncludePad, dy, dyOff, dx, dxOff);
        }
    }

    /** Global average pooling: x (n, h, w, c) to y (n, c), {@code y[b, ch] = mean over h, w}. h and w >= 1. */
    public static void globalAvgPool2d(int n, int h, int w, int c, float[] x, int xOff, float[] y, int yOff) {
        globalAvgPool2d(KernelProvider.POOLING.chosen(), n, h, w, c, x, xOff, y, yOff);
    }

    static void globalAvgPool2d(PoolingKernels impl, int n, int h, int w, int c, float[] x, int xOff, float[] y,
            int yOff) {
        long in = PoolingArgs.checkGlobalAvgPool(n, h, w, c, x, xOff, y, yOff);
        if (in > 0) {
            impl.globalAvgPool2d(n, h * w, c, x, xOff, y, yOff);
        }
    }

    /** Backward of {@link #globalAvgPool2d}: overwrites dx (n, h, w, c) with {@code dy[b, ch] / (h w)}. */
    public static void globalAvgPool2dBackward(int n, int h, int w, int c, float[] dy, int dyOff, float[] dx,
                                               int dxOff) {
        globalAvgPool2dBackward(KernelProvider.POOLING.chosen(), n, h, w, c, dy, dyOff, dx, dxOff);
    }

    static void globalAvgPool2dBackward(PoolingKernels impl, int n, int h, int w, int c, float[] dy, int dyOff,
            float[] dx, int dxOff) {
        long in = PoolingArgs.checkGlobalAvgPoolBackward(n, h, w, c, dy, dyOff, dx, dxOff);
        if (in > 0) {
            impl.globalAvgPool2dBackward(n, h * w, c, dy, dyOff, dx, dxOff);
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
        return ConvArgs.checkWorkSize(n, h, w, cin, win);
    }

    /**
     * 2-D convolution (cross-correlation, as in PyTorch), explicit im2col + GEMM. x is NHWC
     * (n, h, w, cin); weight is (kernelH, kernelW, cin, cout) row-major, so the im2col matrix times the
     * weight matrix is the output; y is NHWC (n, outH, outW, cout) with the sizes of {@link Window2d};
     * bias (cout values) may be null. {@code work} holds at least {@link #conv2dWorkSize} floats (it
     * may be null when that is 0) and is overwritten. With the vector kernels, layers with at most two
     * vectors of output channels (16 at 256 bits) skip the column matrix and read x directly. Large calls split
     * the column chunks over threads (each with its own column buffer, so work is then unused); the bits do not
     * depend on the thread count.
     *
     * @throws IllegalArgumentException for negative n, h, w, cin or cout below 1, a null window, a
     *         (dilated) kernel larger than the padded input, arrays too short for their shapes, or the
     *         output or work overlapping another argument
     */
    public static void conv2d(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                              float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff,
                              float[] work, int workOff) {
        conv2d(KernelProvider.GEMM.chosen(), KernelProvider.CONV.chosen(), n, h, w, cin, cout, win, x, xOff, weight,
                wOff, bias, bOff, y, yOff, work, workOff);
    }

    static void conv2d(GemmKernels gemm, ConvKernels conv, int n, int h, int w, int cin, int cout, Window2d win,
            float[] x, int xOff, float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff, float[] work,
            int workOff) {
        long sy = ConvArgs.checkConv2d(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff, work,
                workOff);
        if (sy > 0) {
            Im2colConvolution.forward(gemm, conv, n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff,
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
        conv2dImplicit(KernelProvider.CONV.chosen(), n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y,
                yOff);
    }

    static void conv2dImplicit(ConvKernels impl, int n, int h, int w, int cin, int cout, Window2d win, float[] x,
            int xOff, float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        long sy = ConvArgs.checkConvForward(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
        if (sy > 0) {
            impl.conv2dImplicit(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
        }
    }

    /**
     * Input gradient of {@link #conv2d}: overwrites dx (n, h, w, cin) with {@code col2im(dy · Wᵀ)}; dy is
     * (n, outH, outW, cout). work as for {@link #conv2d}. Large calls split the batch over threads (each
     * with its own column buffer); the bits do not depend on the thread count.
     *
     * @throws IllegalArgumentException as for {@link #conv2d}
     */
    public static void conv2dBackwardInput(int n, int h, int w, int cin, int cout, Window2d win, float[] dy,
                                           int dyOff, float[] weight, int wOff, float[] dx, int dxOff,
                                           float[] work, int workOff) {
        conv2dBackwardInput(KernelProvider.GEMM.chosen(), KernelProvider.CONV.chosen(), n, h, w, cin, cout, win, dy,
                dyOff, weight, wOff, dx, dxOff, work, workOff);
    }

    static void conv2dBackwardInput(GemmKernels gemm, ConvKernels conv, int n, int h, int w, int cin, int cout,
            Window2d win, float[] dy, int dyOff, float[] weight, int wOff, float[] dx, int dxOff, float[] work,
            int workOff) {
        long sx = ConvArgs.checkBackwardInput(n, h, w, cin, cout, win, dy, dyOff, weight, wOff, dx, dxOff, work,
                workOff);
        if (sx > 0) {
            Im2colConvolution.backwardInput(gemm, conv, n, h, w, cin, cout, win, dy, dyOff, weight, wOff, dx, dxOff,
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
        conv2dBackwardWeight(KernelProvider.GEMM.chosen(), KernelProvider.CONV.chosen(), n, h, w, cin, cout, win, x,
                xOff, dy, dyOff, dWeight, dwOff, work, workOff);
    }

    static void conv2dBackwardWeight(GemmKernels gemm, ConvKernels conv, int n, int h, int w, int cin, int cout,
            Window2d win, float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff, float[] work,
            int workOff) {
        long sy = ConvArgs.checkBackwardWeight(n, h, w, cin, cout, win, x, xOff, dy, dyOff, dWeight, dwOff, work,
                workOff);
        if (sy == 0) {
            java.util.Arrays.fill(dWeight, dwOff, dwOff + win.kernelH() * win.kernelW() * cin * cout, 0f);
            return;
        }
        Im2colConvolution.backwardWeight(gemm, conv, n, h, w, cin, cout, win, x, xOff, dy, dyOff, dWeight, dwOff, work,
                workOff);
    }

    /** Bias gradient of {@link #conv2d}: {@code dBias[co] = Σ dy[b, p, q, co]} (overwritten). */
    public static void conv2dBackwardBias(int n, int h, int w, int cout, Window2d win, float[] dy, int dyOff,
                                          float[] dBias, int dbOff) {
        conv2dBackwardBias(KernelProvider.CONV.chosen(), n, h, w, cout, win, dy, dyOff, dBias, dbOff);
    }

    static void conv2dBackwardBias(ConvKernels impl, int n, int h, int w, int cout, Window2d win, float[] dy, int dyOff,
            float[] dBias, int dbOff) {
        int rows = ConvArgs.checkBackwardBias(n, h, w, cout, win, dy, dyOff, dBias, dbOff);
        sumRows(impl, rows, cout, dy, dyOff, dBias, dbOff);
    }

    /**
     * The im2col matrix of an NHWC tensor x (n, h, w, c): n * outH * outW rows (output pixels in NHW
     * order) of kernelH * kernelW * c columns (kernel row, kernel column, channel), zeros for padding.
     */
    public static void im2col(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] col,
                              int colOff) {
        im2col(KernelProvider.CONV.chosen(), n, h, w, c, win, x, xOff, col, colOff);
    }

    static void im2col(ConvKernels impl, int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] col,
            int colOff) {
        long cols = ConvArgs.checkIm2col(n, h, w, c, win, x, xOff, col, colOff);
        if (cols > 0) {
            impl.im2col(n, h, w, c, win, 0, n * win.outH(h) * win.outW(w), x, xOff, col, colOff);
        }
    }

    /** The adjoint of {@link #im2col}: overwrites dx (n, h, w, c) with the sum of the column entries. */
    public static void col2im(int n, int h, int w, int c, Window2d win, float[] col, int colOff, float[] dx,
                              int dxOff) {
        col2im(KernelProvider.CONV.chosen(), n, h, w, c, win, col, colOff, dx, dxOff, false);
    }

    /**
     * {@link #col2im} that adds into dx instead of overwriting it ({@code dx += col2im(col)}), for callers
     * that accumulate gradients.
     */
    public static void col2imAdd(int n, int h, int w, int c, Window2d win, float[] col, int colOff, float[] dx,
                                 int dxOff) {
        col2im(KernelProvider.CONV.chosen(), n, h, w, c, win, col, colOff, dx, dxOff, true);
    }

    static void col2im(ConvKernels impl, int n, int h, int w, int c, Window2d win, float[] col, int colOff, float[] dx,
            int dxOff, boolean accumulate) {
        long in = ConvArgs.checkCol2im(n, h, w, c, win, col, colOff, dx, dxOff);
        if (in > 0) {
            if (!accumulate) {
                java.util.Arrays.fill(dx, dxOff, dxOff + (int) in, 0f);
            }
            impl.col2imAdd(n, h, w, c, win, 0, n * win.outH(h) * win.outW(w), col, colOff, dx, dxOff);
        }
    }

    /**
     * {@code y[r, j] += b[j]} over a dense rows x cols y: a bias added after a product (as {@code Linear} does),
     * the adjoint of {@link #sumRows}. One float add per element, so the same bits in every implementation and on
     * any number of threads (large calls split by rows).
     */
    public static void addRowVector(int rows, int cols, float[] b, int bOff, float[] y, int yOff) {
        addRowVector(KernelProvider.CONV.chosen(), rows, cols, b, bOff, y, yOff);
    }

    static void addRowVector(ConvKernels impl, int rows, int cols, float[] b, int bOff, float[] y, int yOff) {
        ConvArgs.checkAddRowVector(rows, cols, b, bOff, y, yOff);
        if (rows > 0 && cols > 0) {
            ElementwiseSplit.addRowVector(impl, rows, cols, b, bOff, y, yOff);
        }
    }

    /** Column sums {@code s[j] = Σ_r a[r, j]} of a dense rows x cols matrix (overwrites s). */
    public static void sumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        sumRows(KernelProvider.CONV.chosen(), rows, cols, a, aOff, s, sOff);
    }

    static void sumRows(ConvKernels impl, int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        ConvArgs.checkSumRows(rows, cols, a, aOff, s, sOff);
        if (cols > 0) {
            impl.sumRows(rows, cols, a, aOff, s, sOff);
        }
    }

    // ---- batch normalization (channels last) ------------------------------------------------------

    /**
     * The batch statistics of batch normalization over a dense rows x c matrix, channels last (an NHWC
     * tensor as (N·H·W, C)): {@code mean[j] = Σ_r x[r, j] / rows} and the biased variance
     * {@code var[j] = Σ_r (x[r, j] − mean[j])² / rows}, two passes. Each sum runs over fixed blocks of rows
     * in float, the blocks' sums then added in order in double, so the bits are the same on any number of
     * threads and for the vector and scalar kernels.
     *
     * @throws IllegalArgumentException for rows or c below 1, arrays too short, or mean or var overlapping x
     *         or each other
     */
    public static void batchNormStats(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] var,
                                      int varOff) {
        batchNormStats(KernelProvider.NORM.chosen(), rows, c, x, xOff, mean, meanOff, var, varOff);
    }

    static void batchNormStats(NormKernels impl, int rows, int c, float[] x, int xOff, float[] mean, int meanOff,
                               float[] var, int varOff) {
        NormArgs.checkStats(rows, c, x, xOff, mean, meanOff, var, varOff);
        BatchNormPasses.stats(impl, rows, c, x, xOff, mean, meanOff, var, varOff);
    }

    /**
     * The normalization itself, {@code y[r, j] = (x[r, j] − mean[j])·scale[j] + shift[j]}: in training the
     * batch mean with {@code scale = γ / √(var + eps)} and {@code shift = β}, in evaluation the running
     * statistics. y may be x (in place) but must not partly overlap it.
     */
    public static void batchNormApply(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] scale,
                                      int scaleOff, float[] shift, int shiftOff, float[] y, int yOff) {
        batchNormApply(KernelProvider.NORM.chosen(), rows, c, x, xOff, mean, meanOff, scale, scaleOff, shift,
                shiftOff, y, yOff);
    }

    static void batchNormApply(NormKernels impl, int rows, int c, float[] x, int xOff, float[] mean, int meanOff,
                               float[] scale, int scaleOff, float[] shift, int shiftOff, float[] y, int yOff) {
        NormArgs.checkApply(rows, c, x, xOff, mean, meanOff, scale, scaleOff, shift, shiftOff, y, yOff);
        if (rows > 0 && c > 0) {
            BatchNormPasses.apply(impl, rows, c, x, xOff, mean, meanOff, scale, scaleOff, shift, shiftOff, y, yOff);
        }
    }

    /**
     * The backward pass of training-mode batch normalization {@code y = γ·(x − mean)·invStd + β}, mean and
     * invStd the batch's (from {@link #batchNormStats}): overwrites {@code dGamma[j] = Σ_r dy·(x − mean)·invStd},
     * {@code dBeta[j] = Σ_r dy} and, unless dx is null, {@code dx = (dy − Σdy/rows − (x − mean)·invStd²·Σ dy(x −
     * mean)/rows)·invStd·γ}. One pass for the two sums (blocked as in {@link #batchNormStats}, so the same bits on any
     * thread count), one for dx. dx may be dy or x (in place).
     */
    public static void batchNormBackward(int rows, int c, float[] x, int xOff, float[] dy, int dyOff, float[] mean,
                                         int meanOff, float[] invStd, int invOff, float[] gamma, int gammaOff,
                                         float[] dx, int dxOff, float[] dGamma, int dgOff, float[] dBeta, int dbOff) {
        batchNormBackward(KernelProvider.NORM.chosen(), rows, c, x, xOff, dy, dyOff, mean, meanOff, invStd, invOff,
                gamma, gammaOff, dx, dxOff, dGamma, dgOff, dBeta, dbOff);
    }

    static void batchNormBackward(NormKernels impl, int rows, int c, float[] x, int xOff, float[] dy, int dyOff,
                                  float[] mean, int meanOff, float[] invStd, int invOff, float[] gamma, int gammaOff,
                                  float[] dx, int dxOff, float[] dGamma, int dgOff, float[] dBeta, int dbOff) {
        NormArgs.checkBackward(rows, c, x, xOff, dy, dyOff, mean, meanOff, invStd, invOff, gamma, gammaOff, dx, dxOff,
                dGamma, dgOff, dBeta, dbOff);
        BatchNormPasses.backward(impl, rows, c, x, xOff, dy, dyOff, mean, meanOff, invStd, invOff, gamma, gammaOff,
                dx, dxOff, dGamma, dgOff, dBeta, dbOff);
    }

    // ---- fused optimizer updates ------------------------------------------------------------------

    /**
     * One fused Adam (or AdamW) step over {@code n} parameters, in place, as PyTorch computes it:
     * <pre>
     * p' = p * decay                 (AdamW: decay = 1 - lr * weightDecay; Adam: 1)
     * d  = g + l2 * p'               (Adam's L2 weight decay; AdamW: l2 = 0)
     * m  = beta1 * m + oneMinusBeta1 * d
     * v  = beta2 * v + oneMinusBeta2 * d * d
     * p  = p' - stepSize * m / (sqrt(v) / bc2Sqrt + eps)
     * </pre>
     * with {@code stepSize = lr / (1 - beta1^t)} and {@code bc2Sqrt = sqrt(1 - beta2^t)} for step t, and
     * {@code oneMinusBeta = 1 - beta} computed by the caller in double from the double beta and rounded once, as
     * PyTorch does ({@code 0.001f} for 0.999, where {@code 1 - 0.999f} is 9.99987e-4); it must be within two ulps
     * of 1 of the float difference. The vector and scalar kernels give identical bits. p, m and v must be
     * distinct arrays or disjoint ranges; g must not overlap them.
     */
    public static void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                  int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
                                  float decay, float l2) {
        adamUpdate(KernelProvider.OPTIMIZERS.chosen(), n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize,
                bc2Sqrt, eps, decay, l2);
    }

    static void adamUpdate(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
            float[] v, int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float decay,
            float l2) {
        OptimizerArgs.checkAdamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps,
                decay, l2);
        ElementwiseSplit.adam(impl, n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
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
                                     int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize,
                                     float bc2Sqrt, float eps, float decay, float l2) {
        amsgradUpdate(KernelProvider.OPTIMIZERS.chosen(), n, p, pOff, g, gOff, m, mOff, v, vOff, vMax, vMaxOff, beta1,
                beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    static void amsgradUpdate(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m,
            int mOff, float[] v, int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize,
            float bc2Sqrt, float eps, float decay, float l2) {
        OptimizerArgs.checkAmsgradUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, vMax, vMaxOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize,
                bc2Sqrt, eps, decay, l2);
        ElementwiseSplit.amsgrad(impl, n, p, pOff, g, gOff, m, mOff, v, vOff, vMax, vMaxOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps,
                decay, l2);
    }

    /**
     * One fused RAdam step over {@code n} parameters, in place; the caller decides the branch and folds
     * the bias corrections and the rectifier into stepSize:
     * <pre>
     * p' = p * decay;  d = g + l2 * p'     (decoupled decay or L2, as in {@link #adamUpdate})
     * m  = beta1 * m + oneMinusBeta1 * d
     * v  = beta2 * v + oneMinusBeta2 * d * d
     * p  = p' - stepSize * m / (sqrt(v) + eps)     rectified: stepSize = lr / (1 - beta1^t) * r * sqrt(1 - beta2^t)
     * p  = p' - stepSize * m                       otherwise: stepSize = lr / (1 - beta1^t)
     * </pre>
     * Vector and scalar kernels give identical bits. p, g, m and v must not overlap.
     */
    public static void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                   int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, boolean rectified, float stepSize, float eps,
                                   float decay, float l2) {
        radamUpdate(KernelProvider.OPTIMIZERS.chosen(), n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, rectified,
                stepSize, eps, decay, l2);
    }

    static void radamUpdate(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
            float[] v, int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, boolean rectified, float stepSize, float eps, float decay,
            float l2) {
        OptimizerArgs.checkRadamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, eps, decay, l2);
        ElementwiseSplit.radam(impl, n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, rectified, stepSize, eps, decay, l2);
    }

    /**
     * One fused AdaBelief step over {@code n} parameters, in place (decoupled weight decay):
     * <pre>
     * m = beta1 * m + oneMinusBeta1 * g
     * s = beta2 * s + oneMinusBeta2 * (g - m) * (g - m) + eps
     * p = p * decay - stepSize * m / (sqrt(s) / bc2Sqrt + eps)
     * </pre>
     * with {@code stepSize = lr / (1 - beta1^t)}, {@code bc2Sqrt = sqrt(1 - beta2^t)} and
     * {@code decay = 1 - lr * weightDecay}. Vector and scalar kernels give identical bits. p, g, m and s
     * must not overlap.
     */
    public static void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                                       float[] s, int sOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt,
                                       float eps, float decay) {
        adaBeliefUpdate(KernelProvider.OPTIMIZERS.chosen(), n, p, pOff, g, gOff, m, mOff, s, sOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2,
                stepSize, bc2Sqrt, eps, decay);
    }

    static void adaBeliefUpdate(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m,
            int mOff, float[] s, int sOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
            float decay) {
        OptimizerArgs.checkAdaBeliefUpdate(n, p, pOff, g, gOff, m, mOff, s, sOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps,
                decay);
        ElementwiseSplit.adaBelief(impl, n, p, pOff, g, gOff, m, mOff, s, sOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay);
    }

    /**
     * The index (from {@code xOff}) of the first NaN or infinite element of {@code x[xOff, xOff + n)}, or -1
     * when all n are finite: the check a training loop makes on every gradient before an update, a pass at
     * about the speed of reading x. Every implementation gives the same answer.
     */
    public static int firstNonFinite(int n, float[] x, int xOff) {
        return firstNonFinite(KernelProvider.OPTIMIZERS.chosen(), n, x, xOff);
    }

    static int firstNonFinite(OptimizerKernels impl, int n, float[] x, int xOff) {
        Args.checkNonNegative("n", n);
        Args.checkArray("x", x, xOff, n);
        return impl.firstNonFinite(n, x, xOff);
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
        sgdUpdate(KernelProvider.OPTIMIZERS.chosen(), n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum,
                dampening, nesterov, firstStep);
    }

    static void sgdUpdate(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] buf,
            int bufOff, float lr, float weightDecay, float momentum, float dampening, boolean nesterov,
            boolean firstStep) {
        OptimizerArgs.checkSgdUpdate(n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum, dampening, nesterov);
        ElementwiseSplit.sgd(impl, n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum, dampening, nesterov, firstStep);
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
        adagradUpdate(KernelProvider.OPTIMIZERS.chosen(), n, p, pOff, g, gOff, sum, sumOff, clr, weightDecay, eps);
    }

    static void adagradUpdate(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] sum,
            int sumOff, float clr, float weightDecay, float eps) {
        OptimizerArgs.checkAdagradUpdate(n, p, pOff, g, gOff, sum, sumOff, clr, weightDecay, eps);
        ElementwiseSplit.adagrad(impl, n, p, pOff, g, gOff, sum, sumOff, clr, weightDecay, eps);
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
        rmspropUpdate(KernelProvider.OPTIMIZERS.chosen(), n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, buf,
                bufOff, lr, alpha, eps, weightDecay, momentum);
    }

    static void rmspropUpdate(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg,
            int sqOff, float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha, float eps,
            float weightDecay, float momentum) {
        OptimizerArgs.checkRmspropUpdate(n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, buf, bufOff, lr, alpha,
                eps, weightDecay, momentum);
        ElementwiseSplit.rmsprop(impl, n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, buf, bufOff, lr, alpha, eps,
                weightDecay, momentum);
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
        KernelProvider.RECURRENT.chosen().lstmCellForward(n, hidden, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, cPrev,
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
        KernelProvider.RECURRENT.chosen().lstmCellBackward(n, hidden, gates, gatesOff, cPrev, cPrevOff, c, cOff, dh, dhOff,
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
        KernelProvider.RECURRENT.chosen().gruCellForward(n, hidden, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, hPrev,
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
        KernelProvider.RECURRENT.chosen().gruCellBackward(n, hidden, gates, gatesOff, hn, hnOff, hPrev, hPrevOff, ldhPrev, dh,
                dhOff, lddh, dhNext, dhNextOff, dxg, dxgOff, dhg, dhgOff, dhPrev, dhPrevOff);
    }

    /** One Elman RNN step: h = act(xg + hg + bih + bhh), act tanh or (relu) max(0, ·); h strided (ldh). */
    public static void rnnCellForward(int n, int hidden, boolean relu, float[] xg, int xgOff, float[] hg, int hgOff,
                                      float[] bih, int bihOff, float[] bhh, int bhhOff, float[] h, int hOff, int ldh) {
        RecurrentArgs.rnnForward(n, hidden, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, h, hOff, ldh);
        KernelProvider.RECURRENT.chosen().rnnCellForward(n, hidden, relu, xg, xgOff, hg, hgOff, bih, bihOff, bhh, bhhOff, h,
                hOff, ldh);
    }

    /**
     * The backward of {@link #rnnCellForward} from its output h: dg = (dh + dhNext) ⊙ act'(h), with
     * tanh' = 1 − h² and relu' = [h > 0] (0 at 0, as PyTorch).
     */
    public static void rnnCellBackward(int n, int hidden, boolean relu, float[] h, int hOff, int ldh, float[] dh,
                                       int dhOff, int lddh, float[] dhNext, int dhNextOff, float[] dg, int dgOff) {
        RecurrentArgs.rnnBackward(n, hidden, h, hOff, ldh, dh, dhOff, lddh, dhNext, dhNextOff, dg, dgOff);
        KernelProvider.RECURRENT.chosen().rnnCellBackward(n, hidden, relu, h, hOff, ldh, dh, dhOff, lddh, dhNext,
                dhNextOff, dg, dgOff);
    }
    // ---- end of recurrent cells ----------------------------------------------------------------------------------
}
