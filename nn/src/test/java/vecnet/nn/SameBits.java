package vecnet.nn;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bit-for-bit comparison of two runs of the same computation made at different times in one JVM (from
 * other threads, into reused buffers). The kernels give the same bits in every JIT tier (lane sums in a
 * fixed order, exp from plain arithmetic: simd's JitTierTest), so nothing short of equality is allowed.
 */
final class SameBits {
    private SameBits() {
    }

    static boolean same(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                return false;
            }
        }
        return true;
    }

    static void assertSame(float[] expected, float[] actual, String what) {
        if (!same(expected, actual)) {
            fail(what + ": " + java.util.Arrays.toString(expected) + " vs " + java.util.Arrays.toString(actual));
        }
    }
}
