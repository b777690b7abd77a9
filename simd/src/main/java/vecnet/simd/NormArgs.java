package vecnet.simd;

import static vecnet.simd.Args.checkArray;
import static vecnet.simd.Args.checkDisjoint;
import static vecnet.simd.Args.checkNonNegative;
import static vecnet.simd.Args.checkPositive;
import static vecnet.simd.Args.checkSameOrDisjoint;

/**
 * Argument checks of the batch-normalization ops in {@link Simd}: sizes, extents and overlaps, each
 * message naming the argument and its value. Messages are built only on failure, so a valid call
 * allocates nothing.
 */
final class NormArgs {
    private NormArgs() {
    }

    /** {@link Simd#batchNormStats}. */
    static void checkStats(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] var, int varOff) {
        long n = checkSizes(rows, c, true);
        checkArray("x", x, xOff, n);
        checkArray("mean", mean, meanOff, c);
        checkArray("var", var, varOff, c);
        checkDisjoint("mean", mean, meanOff, c, "x", x, xOff, n);
        checkDisjoint("var", var, varOff, c, "x", x, xOff, n);
        checkDisjoint("var", var, varOff, c, "mean", mean, meanOff, c);
    }

    /** {@link Simd#batchNormApply}. */
    static void checkApply(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] scale, int scaleOff,
                           float[] shift, int shiftOff, float[] y, int yOff) {
        long n = checkSizes(rows, c, false);
        checkArray("x", x, xOff, n);
        checkArray("mean", mean, meanOff, c);
        checkArray("scale", scale, scaleOff, c);
        checkArray("shift", shift, shiftOff, c);
        checkArray("y", y, yOff, n);
        checkSameOrDisjoint("y", y, yOff, "x", x, xOff, n);
        checkDisjoint("y", y, yOff, n, "mean", mean, meanOff, c);
        checkDisjoint("y", y, yOff, n, "scale", scale, scaleOff, c);
        checkDisjoint("y", y, yOff, n, "shift", shift, shiftOff, c);
    }

    /** {@link Simd#batchNormBackward}. */
    static void checkBackward(int rows, int c, float[] x, int xOff, float[] dy, int dyOff, float[] mean, int meanOff,
                              float[] invStd, int invOff, float[] gamma, int gammaOff, float[] dx, int dxOff,
                              float[] dGamma, int dgOff, float[] dBeta, int dbOff) {
        long n = checkSizes(rows, c, true);
        checkArray("x", x, xOff, n);
        checkArray("dy", dy, dyOff, n);
        checkArray("mean", mean, meanOff, c);
        checkArray("invStd", invStd, invOff, c);
        checkArray("gamma", gamma, gammaOff, c);
        checkArray("dGamma", dGamma, dgOff, c);
        checkArray("dBeta", dBeta, dbOff, c);
        if (dx != null) {
            checkArray("dx", dx, dxOff, n);
            checkSameOrDisjoint("dx", dx, dxOff, "dy", dy, dyOff, n);
            checkSameOrDisjoint("dx", dx, dxOff, "x", x, xOff, n);
            checkDisjoint("dx", dx, dxOff, n, "mean", mean, meanOff, c);
            checkDisjoint("dx", dx, dxOff, n, "invStd", invStd, invOff, c);
            checkDisjoint("dx", dx, dxOff, n, "gamma", gamma, gammaOff, c);
        }
        checkDisjoint("dBeta", dBeta, dbOff, c, "dGamma", dGamma, dgOff, c);
        for (int out = 0; out < 2; out++) { // the parameter gradients are written before dx: they overlap no input
            String name = out == 0 ? "dGamma" : "dBeta";
            float[] o = out == 0 ? dGamma : dBeta;
            int oOff = out == 0 ? dgOff : dbOff;
            checkDisjoint(name, o, oOff, c, "x", x, xOff, n);
            checkDisjoint(name, o, oOff, c, "dy", dy, dyOff, n);
            checkDisjoint(name, o, oOff, c, "mean", mean, meanOff, c);
            checkDisjoint(name, o, oOff, c, "invStd", invStd, invOff, c);
            checkDisjoint(name, o, oOff, c, "gamma", gamma, gammaOff, c);
            if (dx != null) {
                checkDisjoint(name, o, oOff, c, "dx", dx, dxOff, n);
            }
        }
    }

    /** rows and c in range and rows·c within an int; the statistics need a row and a channel. */
    private static long checkSizes(int rows, int c, boolean statistics) {
        if (statistics) {
            checkPositive("rows", rows);
            checkPositive("c", c);
        } else {
            checkNonNegative("rows", rows);
            checkNonNegative("c", c);
        }
        long n = (long) rows * c;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows * c = " + n + " exceeds Integer.MAX_VALUE");
        }
        return n;
    }
}
