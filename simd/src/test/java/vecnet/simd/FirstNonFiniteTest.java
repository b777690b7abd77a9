package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gradient check: known answers (NaN, both infinities, the largest finite values, subnormals, signed
 * zeros), the vector kernel against the reference with one bad element at every position of sizes around
 * the vector length and the block, at offsets, and bad arguments named.
 */
@Tag("agreement")
class FirstNonFiniteTest {
    private static final float[] BAD = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffffffff)};
    private static final float[] EXTREME_FINITE = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, 0f, -0f, 1e-45f, 3.4e38f};

    @Test
    void knownAnswers() {
        for (OptimizerKernels k : implementations()) {
            assertEquals(-1, Simd.firstNonFinite(k, 0, new float[0], 0), "empty");
            assertEquals(-1, Simd.firstNonFinite(k, EXTREME_FINITE.length, EXTREME_FINITE, 0), "extreme but finite");
            float[] x = {1f, 2f, Float.NaN, Float.POSITIVE_INFINITY};
            assertEquals(2, Simd.firstNonFinite(k, 4, x, 0));
            assertEquals(1, Simd.firstNonFinite(k, 3, x, 1), "the index counts from the offset");
            assertEquals(-1, Simd.firstNonFinite(k, 2, x, 0), "the bad elements lie past n");
        }
    }

    @Test
    void vectorMatchesTheReferenceAtEveryPosition() {
        OptimizerKernels vector = Kernels.vector().optimizers();
        OptimizerKernels scalar = Kernels.scalar().optimizers();
        int l = VectorWidth.SPECIES.length();
        int b = VectorOptimizers.FINITE_BLOCK;
        SplittableRandom r = new SplittableRandom(3);
        int checked = 0;
        for (int n : new int[] {1, l - 1, l, 4 * l - 1, 4 * l, 4 * l + 1, b - 1, b, b + 1, 2 * b + 4 * l + 3, 3 * b + 7}) {
            if (n < 1) {
                continue;
            }
            for (int off : new int[] {0, 3}) {
                float[] x = new float[off + n + 2];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextInt(7) == 0 ? EXTREME_FINITE[r.nextInt(EXTREME_FINITE.length)] : (float) r.nextGaussian();
                }
                // non-finite values just outside the range must not be seen
                if (off > 0) {
                    x[off - 1] = Float.NaN;
                }
                x[off + n] = Float.POSITIVE_INFINITY;
                assertEquals(-1, Simd.firstNonFinite(vector, n, x, off), "all finite, n " + n + " off " + off);
                for (int at = 0; at < n; at++) {
                    float keep = x[off + at];
                    x[off + at] = BAD[at % BAD.length];
                    int expected = Simd.firstNonFinite(scalar, n, x, off);
                    assertEquals(at, expected, "reference");
                    assertEquals(expected, Simd.firstNonFinite(vector, n, x, off), "n " + n + " off " + off + " bad at "
                            + at + " (" + x[off + at] + ") with " + l + " lanes");
                    // a second, later bad element does not change the answer
                    if (at + 1 < n) {
                        float next = x[off + n - 1];
                        x[off + n - 1] = Float.NEGATIVE_INFINITY;
                        assertEquals(at, Simd.firstNonFinite(vector, n, x, off));
                        x[off + n - 1] = next;
                    }
                    x[off + at] = keep;
                    checked++;
                }
            }
        }
        assertTrue(checked > 10_000, "positions checked: " + checked);
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Simd.firstNonFinite(3, null, 0));
        assertTrue(e.getMessage().contains("x must not be null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Simd.firstNonFinite(-1, new float[2], 0));
        assertTrue(e.getMessage().contains("n must be >= 0, was -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Simd.firstNonFinite(3, new float[4], 2));
        assertTrue(e.getMessage().contains("x is too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Simd.firstNonFinite(1, new float[4], -1));
        assertTrue(e.getMessage().contains("x offset must be >= 0, was -1"), e.getMessage());
    }

    private static OptimizerKernels[] implementations() {
        Kernels v = Kernels.vectorOrNull();
        return v == null ? new OptimizerKernels[] {Kernels.scalar().optimizers()}
                : new OptimizerKernels[] {Kernels.scalar().optimizers(), v.optimizers()};
    }
}
