package vecnet.simd;

import static vecnet.simd.Args.checkArray;
import static vecnet.simd.Args.checkDisjoint;
import static vecnet.simd.Args.checkImage;
import static vecnet.simd.Args.checkIntArray;
import static vecnet.simd.Args.checkNonNegative;
import static vecnet.simd.Args.checkPositive;
import static vecnet.simd.Args.checkSameOrDisjoint;

/**
 * The argument checks every kernel family's facade shares: array extents, overlaps, signs, and an NHWC
 * input against its sliding window. Each message names the argument, the rule and the value; messages
 * are built only on failure, so a valid call allocates nothing.
 */
final class Args {
    private Args() {
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

    static void checkExtent(String name, int length, int off, long n) {
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

    static void checkPositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }

    /** Sizes of an NHWC input and a window that must fit it (after padding) at least once. */
    static void checkImage(int n, int h, int w, int c, Window2d win) {
        checkNonNegative("n", n);
        checkPositive("h", h);
        checkPositive("w", w);
        checkNonNegative("c", c);
        if (win == null) {
            throw new IllegalArgumentException("win must not be null");
        }
        win.requireFits(h, w);
        long in = (long) n * h * w * c;
        if (in > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("n * h * w * c = " + in + " exceeds Integer.MAX_VALUE");
        }
    }
}
