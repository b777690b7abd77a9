package vecnet.nn;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Comparison of two runs of the same computation made at different times in one JVM. The Vector API's
 * {@code EXP} is rounded differently by its Java fallback (interpreted, C1) and by C2's intrinsic, so
 * a kernel can return a result one ulp apart before and after warm-up (docs/design-notes.md, "Results
 * depend on the JIT tier"). Softmax sums have a fixed order; exp and sgemm's dot-path sums do not yet.
 * The bound is far below any effect of a race or a reused buffer, which is what the callers test.
 */
final class JitTier {
    /** Relative bound: a few ulps of exp, grown through a few training steps. */
    static final float REL_TOL = 1e-5f;
    /** Absolute floor for values near zero. */
    static final float ABS_TOL = 1e-7f;

    private JitTier() {
    }

    static boolean close(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a) || !(Math.abs(e - a) <= REL_TOL * (Math.abs(e) + Math.abs(a)) + ABS_TOL)) {
                return false;
            }
        }
        return true;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        if (!close(expected, actual)) {
            fail(what + ": " + java.util.Arrays.toString(expected) + " vs " + java.util.Arrays.toString(actual));
        }
    }
}
