package vecnet.simd;

import static vecnet.simd.Args.checkArray;
import static vecnet.simd.Args.checkDisjoint;
import static vecnet.simd.Args.checkIntArray;
import static vecnet.simd.Args.checkNonNegative;
import static vecnet.simd.Args.checkSameOrDisjoint;

/**
 * Argument checks of the activation family in {@link Simd}: elementwise activations, row-wise softmax
 * and log-softmax, maxout.
 */
final class ActivationArgs {
    private ActivationArgs() {
    }

    /** {@link Simd#activate}: y is x in place or apart from it. */
    static void checkActivate(Activation f, float param, float[] x, int xOff, float[] y, int yOff, int n) {
        checkActivation(f, param);
        checkNonNegative("n", n);
        checkArray("x", x, xOff, n);
        checkArray("y", y, yOff, n);
        checkSameOrDisjoint("y", y, yOff, "x", x, xOff, n);
    }

    /** {@link Simd#addInPlace}: y is x in place, or apart from it. */
    static void checkAdd(int n, float[] x, int xOff, float[] y, int yOff) {
        checkNonNegative("n", n);
        checkArray("x", x, xOff, n);
        checkArray("y", y, yOff, n);
        checkSameOrDisjoint("y", y, yOff, "x", x, xOff, n);
    }

    /** {@link Simd#activateBackward}: dx is x or dy in place, or apart from both. */
    static void checkActivateBackward(Activation f, float param, float[] x, int xOff, float[] dy, int dyOff,
                                      float[] dx, int dxOff, int n) {
        checkActivation(f, param);
        checkNonNegative("n", n);
        checkArray("x", x, xOff, n);
        checkArray("dy", dy, dyOff, n);
        checkArray("dx", dx, dxOff, n);
        checkSameOrDisjoint("dx", dx, dxOff, "x", x, xOff, n);
        checkSameOrDisjoint("dx", dx, dxOff, "dy", dy, dyOff, n);
    }

    /** The backward of a row-wise op from its output y: y and dy against dx. */
    static void checkRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                  int dxOff) {
        checkRows(rows, cols, "y", y, yOff, "dx", dx, dxOff);
        checkRows(rows, cols, "dy", dy, dyOff, "dx", dx, dxOff);
    }

    /** {@link Simd#maxout}: sizes, and y apart from x. */
    static void checkMaxoutForward(int rows, int units, int k, float[] x, int xOff, float[] y, int yOff, int[] idx,
                                   int idxOff) {
        checkMaxout(rows, units, k);
        long n = (long) rows * units;
        checkArray("x", x, xOff, n * k);
        checkArray("y", y, yOff, n);
        checkIntArray("idx", idx, idxOff, n);
        checkDisjoint("y", y, yOff, n, "x", x, xOff, n * k);
    }

    /** {@link Simd#maxoutBackward}: sizes, dx apart from dy, and every index a piece in [0, k). */
    static void checkMaxoutBackward(int rows, int units, int k, float[] dy, int dyOff, int[] idx, int idxOff,
                                    float[] dx, int dxOff) {
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
    static void checkRows(int rows, int cols, String inName, float[] in, int inOff, String outName,
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
}
