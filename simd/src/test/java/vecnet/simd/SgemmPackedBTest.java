package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GEMM with a pre-packed B: hand-computed answers on both implementations, the scalar reference
 * against the double-precision reference, and the facade's argument checks. {@link SgemmPackedBAgreementTest}
 * checks the vector kernel.
 */
class SgemmPackedBTest {
    private static final float[] A = {1, 2, 3,
                                      4, 5, 6};
    private static final float[] B = {1, 0, -1, 2,
                                      2, 1, 0, -2,
                                      0, 3, 1, 1};
    /** Row 0: (1+4+0, 0+2+9, -1+0+3, 2-4+3); row 1: (4+10+0, 0+5+18, -4+0+6, 8-10+6). */
    private static final float[] AB = {5, 11, 2, 1,
                                       14, 23, 2, 4};

    static Stream<GemmCase> sampledCases() {
        return SgemmTest.cases(43, 96, true).stream();
    }

    @Test
    void knownAnswerOnEveryImplementation() {
        knownAnswer(Kernels.scalar().gemm());
        knownAnswer(KernelProvider.GEMM.chosen());
        if (KernelProvider.vectorModulePresent()) {
            knownAnswer(KernelProvider.GEMM.vectorOrNull());
        }
    }

    private static void knownAnswer(GemmKernels impl) {
        float[] packed = new float[Simd.packedBSize(impl, 3, 4)];
        Simd.packB(impl, false, 3, 4, B, 0, 4, packed, 0);
        float[] c = new float[8];
        Simd.sgemmPackedB(impl, false, 2, 4, 3, 1f, A, 0, 3, packed, 0, 0f, c, 0, 4);
        assertArrayEquals(AB, c, 0f);
        // B stored transposed (4x3), A transposed (3x2), alpha 2, beta -1: 2 AB - 1
        float[] bt = {1, 2, 0, 0, 1, 3, -1, 0, 1, 2, -2, 1};
        float[] at = {1, 4, 2, 5, 3, 6};
        Simd.packB(impl, true, 3, 4, bt, 0, 3, packed, 0);
        float[] c1 = {1, 1, 1, 1, 1, 1, 1, 1};
        Simd.sgemmPackedB(impl, true, 2, 4, 3, 2f, at, 0, 2, packed, 0, -1f, c1, 0, 4);
        assertArrayEquals(new float[] {9, 21, 3, 1, 27, 45, 3, 7}, c1, 0f);
    }

    @Test
    void facadeAndScalarReferenceEntryPoints() {
        float[] packed = new float[Simd.packedBSize(3, 4)];
        Simd.packB(false, 3, 4, B, 0, 4, packed, 0);
        float[] c = new float[8];
        Simd.sgemmPackedB(false, 2, 4, 3, 1f, A, 0, 3, packed, 0, 0f, c, 0, 4);
        assertArrayEquals(AB, c, 0f);
        assertEquals(12, ScalarReference.packedBSize(3, 4));
        float[] dense = new float[12];
        ScalarReference.packB(false, 3, 4, B, 0, 4, dense, 0);
        assertArrayEquals(B, dense, 0f); // the scalar layout is op(B) itself
        float[] cs = new float[8];
        ScalarReference.sgemmPackedB(false, 2, 4, 3, 1f, A, 0, 3, dense, 0, 0f, cs, 0, 4);
        assertArrayEquals(AB, cs, 0f);
    }

    @ParameterizedTest
    @MethodSource("sampledCases")
    void scalarMatchesDoubleReference(GemmCase g) {
        g.check(g.runPacked(Kernels.scalar()), "scalar packed B");
    }

    @Test
    void betaZeroOverwritesNaNAndKZeroScalesC() {
        float[] packed = new float[Simd.packedBSize(3, 4)];
        Simd.packB(false, 3, 4, B, 0, 4, packed, 0);
        float[] c = new float[8];
        java.util.Arrays.fill(c, Float.NaN);
        Simd.sgemmPackedB(false, 2, 4, 3, 1f, A, 0, 3, packed, 0, 0f, c, 0, 4);
        assertArrayEquals(AB, c, 0f);
        float[] c2 = {1, 2, 3, 4, 5, 6, 7, 8};
        Simd.sgemmPackedB(false, 2, 4, 0, 1f, A, 0, 3, new float[0], 0, 2f, c2, 0, 4);
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12, 14, 16}, c2, 0f);
        assertEquals(0, Simd.packedBSize(0, 4));
        assertEquals(0, Simd.packedBSize(3, 0));
    }

    @Test
    void rejectsBadArguments() {
        int size = Simd.packedBSize(3, 4);
        assertTrue(size >= 12, "packedBSize(3, 4) = " + size);
        assertMessage("k must be >= 0, was -1", () -> Simd.packedBSize(-1, 4));
        assertMessage("n must be >= 0, was -2", () -> Simd.packB(false, 3, -2, B, 0, 4, new float[size], 0));
        assertMessage("packed is too short: a packed 3 x 4 op(B) at offset 1 needs length >= " + (size + 1)
                + " (packedBSize " + size + "), was " + size, () -> Simd.packB(false, 3, 4, B, 0, 4, new float[size], 1));
        assertMessage("b is too short: a 3 x 4 matrix (k x n) at offset 1 with ldb 4 needs length >= 13, was 12",
                () -> Simd.packB(false, 3, 4, B, 1, 4, new float[size], 0));
        assertMessage("packed must not be null", () -> Simd.packB(false, 3, 4, B, 0, 4, null, 0));
        assertMessage("packed offset must be >= 0, was -1", () -> Simd.packB(false, 3, 4, B, 0, 4, new float[size], -1));
        float[] packed = new float[size];
        Simd.packB(false, 3, 4, B, 0, 4, packed, 0);
        assertMessage("m must be >= 0, was -1",
                () -> Simd.sgemmPackedB(false, -1, 4, 3, 1f, A, 0, 3, packed, 0, 0f, new float[8], 0, 4));
        assertMessage("a is too short: a 2 x 3 matrix (m x k) at offset 0 with lda 3 needs length >= 6, was 5",
                () -> Simd.sgemmPackedB(false, 2, 4, 3, 1f, new float[5], 0, 3, packed, 0, 0f, new float[8], 0, 4));
        assertMessage("c is too short: a 2 x 4 matrix (m x n) at offset 0 with ldc 4 needs length >= 8, was 7",
                () -> Simd.sgemmPackedB(false, 2, 4, 3, 1f, A, 0, 3, packed, 0, 0f, new float[7], 0, 4));
        assertMessage("packed is too short: a packed 3 x 4 op(B) at offset 0 needs length >= " + size
                + " (packedBSize " + size + "), was " + (size - 1), () -> Simd.sgemmPackedB(false, 2, 4, 3, 1f, A,
                0, 3, new float[size - 1], 0, 0f, new float[8], 0, 4));
        float[] shared = new float[size + 8];
        String msg = assertThrows(IllegalArgumentException.class, () -> Simd.sgemmPackedB(false, 2, 4, 3, 1f, A, 0, 3,
                shared, 0, 0f, shared, size - 1, 4)).getMessage();
        assertTrue(msg.startsWith("c must not overlap packed: both use the same array"), msg);
        float[] both = new float[size + 12];
        msg = assertThrows(IllegalArgumentException.class, () -> Simd.packB(false, 3, 4, both, 0, 4, both, 11))
                .getMessage();
        assertTrue(msg.startsWith("packed must not overlap b: both use the same array"), msg);
        assertMessage("a packed 70000 x 70000 op(B) needs " + Kernels.scalar().gemm().packedBSize(70000, 70000)
                + " floats, more than an array holds (2147483647)", () -> ScalarReference.packedBSize(70000, 70000));
        assertEquals(Integer.MAX_VALUE, ScalarReference.packedBSize(1, Integer.MAX_VALUE));
        if (KernelProvider.vectorModulePresent()) {
            // n padded to whole panels passes Integer.MAX_VALUE: refused, not wrapped to a negative size
            GemmKernels vector = KernelProvider.GEMM.vectorOrNull();
            long nr = vector.packedBSize(1, 1);
            long padded = (Integer.MAX_VALUE + nr - 1) / nr * nr;
            assertMessage("a packed 1 x 2147483647 op(B) needs " + padded + " floats, more than an array holds"
                    + " (2147483647)", () -> Simd.packedBSize(vector, 1, Integer.MAX_VALUE));
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
