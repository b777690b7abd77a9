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
}
