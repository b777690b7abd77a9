package vecnet.simd;

import static vecnet.simd.Args.checkNonNegative;

/**
 * Argument checks of {@link Simd#sgemm}: sizes, leading dimensions, array extents of strided matrices,
 * and the exact overlap test of C against A and B.
 */
final class GemmArgs {
    private GemmArgs() {
    }

    /** The checks of {@link Simd#sgemm}: sizes, each matrix against its array, and C apart from A and B. */
    static void checkSgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        checkNonNegative("m", m);
        checkNonNegative("n", n);
        checkNonNegative("k", k);
        checkMatrix("a", a, aOff, lda, transA ? k : m, transA ? m : k, transA ? "k x m (transA)" : "m x k");
        checkMatrix("b", b, bOff, ldb, transB ? n : k, transB ? k : n, transB ? "n x k (transB)" : "k x n");
        checkMatrix("c", c, cOff, ldc, m, n, "m x n");
        checkNoOverlap("c", c, cOff, ldc, m, n, "a", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkNoOverlap("c", c, cOff, ldc, m, n, "b", b, bOff, ldb, transB ? n : k, transB ? k : n);
    }

    /** The size of a packed op(B) (k x n) as an array length: the layout's count, which must fit an int. */
    static int checkPackedBSize(int k, int n, long size) {
        return checkPackedSize("k", k, "n", n, " op(B)", size);
    }

    /** Both sizes >= 0 (first named first), and a layout's float count that fits an array. */
    private static int checkPackedSize(String firstName, int first, String secondName, int second, String what,
                                       long size) {
        checkNonNegative(firstName, first);
        checkNonNegative(secondName, second);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a packed " + first + " x " + second + what + " needs " + size
                    + " floats, more than an array holds (" + Integer.MAX_VALUE + ")");
        }
        return (int) size;
    }

    /** The checks of {@link Simd#packB}: B against its array, the packed buffer long enough and apart from B. */
    static void checkPackB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] packed, int packedOff,
                           int size) {
        checkMatrix("b", b, bOff, ldb, transB ? n : k, transB ? k : n, transB ? "n x k (transB)" : "k x n");
        checkPacked(packed, packedOff, size, k, n);
        checkNoOverlap("packed", packed, packedOff, Math.max(1, size), 1, size, "b", b, bOff, ldb,
                transB ? n : k, transB ? k : n);
    }

    /** The checks of {@link Simd#sgemmPackedB}: A and C against their arrays, the packed B's extent, C apart. */
    static void checkSgemmPackedB(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] packed,
                                  int packedOff, int size, float[] c, int cOff, int ldc) {
        checkNonNegative("m", m);
        checkMatrix("a", a, aOff, lda, transA ? k : m, transA ? m : k, transA ? "k x m (transA)" : "m x k");
        checkPacked(packed, packedOff, size, k, n);
        checkMatrix("c", c, cOff, ldc, m, n, "m x n");
        checkNoOverlap("c", c, cOff, ldc, m, n, "a", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkNoOverlap("c", c, cOff, ldc, m, n, "packed", packed, packedOff, Math.max(1, size), 1, size);
    }

    private static void checkPacked(float[] packed, int packedOff, int size, int k, int n) {
        checkPacked(packed, packedOff, size, k, n, " op(B)", "packedBSize");
    }

    /** The packed buffer long enough: "a packed rows x cols" + what names it only when refused (no string per call). */
    private static void checkPacked(float[] packed, int packedOff, int size, int rows, int cols, String what,
                                    String sizeName) {
        if (packed == null) {
            throw new IllegalArgumentException("packed must not be null");
        }
        if (packedOff < 0) {
            throw new IllegalArgumentException("packed offset must be >= 0, was " + packedOff);
        }
        if ((long) packedOff + size > packed.length) {
            throw new IllegalArgumentException("packed is too short: a packed " + rows + " x " + cols + what
                    + " at offset " + packedOff
                    + " needs length >= " + ((long) packedOff + size) + " (" + sizeName + " " + size + "), was "
                    + packed.length);
        }
    }

    /** The size of a packed W (n x k) for {@link Simd#sgemvPacked} as an array length. */
    static int checkPackedGemvSize(int n, int k, long size) {
        return checkPackedSize("n", n, "k", k, " W", size);
    }

    /** The checks of {@link Simd#packGemv}: W against its array, the packed buffer long enough and apart from W. */
    static void checkPackGemv(int n, int k, float[] w, int wOff, int ldw, float[] packed, int packedOff, int size) {
        checkMatrix("w", w, wOff, ldw, n, k, "n x k");
        checkPacked(packed, packedOff, size, n, k, " W", "packedGemvSize");
        checkNoOverlap("packed", packed, packedOff, Math.max(1, size), 1, size, "w", w, wOff, ldw, n, k);
    }

    /** The checks of {@link Simd#sgemvPacked}: x and y against their arrays, the packed W's extent, y apart. */
    static void checkSgemvPacked(int n, int k, float[] packed, int packedOff, int size, float[] x, int xOff, float[] y,
                                 int yOff) {
        checkPacked(packed, packedOff, size, n, k, " W", "packedGemvSize");
        checkVector("x", x, xOff, k, "k");
        checkVector("y", y, yOff, n, "n");
        checkNoOverlap("y", y, yOff, Math.max(1, n), 1, n, "x", x, xOff, Math.max(1, k), 1, k);
        checkNoOverlap("y", y, yOff, Math.max(1, n), 1, n, "packed", packed, packedOff, Math.max(1, size), 1, size);
    }

    private static void checkVector(String name, float[] v, int off, int length, String lengthName) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0, was " + off);
        }
        if ((long) off + length > v.length) {
            throw new IllegalArgumentException(name + " is too short: " + lengthName + " = " + length
                    + " floats at offset " + off + " need length >= " + ((long) off + length) + ", was " + v.length);
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
