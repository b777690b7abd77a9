package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-row product with a pre-packed W ({@link Simd#sgemvPacked}): hand-computed answers on every
 * implementation, the scalar reference against the double-precision reference and bit for bit against its
 * one-row {@code sgemm}, and the facade's argument checks. {@link SgemvPackedAgreementTest} checks the vector
 * kernel.
 */
class SgemvPackedTest {
    private static final Kernels VECTOR = Kernels.vectorOrNull();
    /** W is 3 x 2 (3 outputs, 2 inputs). */
    private static final float[] W = {1, 2,
                                      -1, 0,
                                      3, -2};
    private static final float[] X = {4, 5};
    /** (4 + 10, -4 + 0, 12 - 10). */
    private static final float[] WX = {14, -4, 2};

    /** Outputs around the 8-output blocks, depths around the vector widths (4, 8 and 16 lanes) and one layer's. */
    static List<GemmCase> cases() {
        int[] ns = {1, 7, 8, 9, 16, 23, 64, 130};
        int[] ks = {1, 3, 15, 16, 17, 33, 100, 784};
        List<GemmCase> all = new ArrayList<>();
        long seed = 101;
        for (int n : ns) {
            for (int k : ks) {
                boolean odd = (seed & 1) != 0;
                all.add(new GemmCase(false, true, 1, n, k, odd ? -0.5f : 1f, odd ? 0.75f : 0f, seed++, seed % 3 != 0));
            }
        }
        return all;
    }

    @Test
    void knownAnswerOnEveryImplementation() {
        knownAnswer(Kernels.scalar().gemm());
        knownAnswer(KernelProvider.GEMM.chosen());
        if (VECTOR != null) {
            knownAnswer(VECTOR.gemm());
        }
    }

    private static void knownAnswer(GemmKernels impl) {
        float[] packed = new float[Simd.packedGemvSize(impl, 3, 2)];
        Simd.packGemv(impl, 3, 2, W, 0, 2, packed, 0);
        float[] y = new float[3];
        Simd.sgemvPacked(impl, 3, 2, 1f, packed, 0, X, 0, 0f, y, 0);
        assertArrayEquals(WX, y, 0f);
        // alpha 2, beta -1, x and y at offsets: 2 Wx - 1
        float[] y1 = {9, 1, 1, 1};
        Simd.sgemvPacked(impl, 3, 2, 2f, packed, 0, new float[] {0, 4, 5}, 1, -1f, y1, 1);
        assertArrayEquals(new float[] {9, 27, -9, 3}, y1, 0f);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void scalarMatchesDoubleReferenceAndItsOneRowSgemm(GemmCase g) {
        float[] y = g.runGemv(Kernels.scalar());
        g.check(y, "scalar sgemvPacked");
        assertBitsEqual(g.run(Kernels.scalar()), y, "scalar " + g);
    }

    @Test
    void betaZeroOverwritesNaNAndKZeroScalesY() {
        float[] packed = new float[Simd.packedGemvSize(3, 2)];
        Simd.packGemv(3, 2, W, 0, 2, packed, 0);
        float[] y = {Float.NaN, Float.NaN, Float.NaN};
        Simd.sgemvPacked(3, 2, 1f, packed, 0, X, 0, 0f, y, 0);
        assertArrayEquals(WX, y, 0f);
        float[] y2 = {1, 2, 3};
        Simd.sgemvPacked(3, 0, 1f, new float[0], 0, new float[0], 0, 2f, y2, 0);
        assertArrayEquals(new float[] {2, 4, 6}, y2, 0f);
        assertEquals(0, Simd.packedGemvSize(0, 4));
        assertEquals(0, Simd.packedGemvSize(3, 0));
        assertEquals(6, ScalarReference.packedGemvSize(3, 2));
        float[] dense = new float[6];
        ScalarReference.packGemv(3, 2, W, 0, 2, dense, 0);
        assertArrayEquals(W, dense, 0f); // the scalar layout is W itself
        float[] ys = new float[3];
        ScalarReference.sgemvPacked(3, 2, 1f, dense, 0, X, 0, 0f, ys, 0);
        assertArrayEquals(WX, ys, 0f);
    }

    @Test
    void rejectsBadArguments() {
        int size = Simd.packedGemvSize(3, 2);
        assertTrue(size >= 6, "packedGemvSize(3, 2) = " + size);
        assertMessage("n must be >= 0, was -1", () -> Simd.packedGemvSize(-1, 2));
        assertMessage("k must be >= 0, was -2", () -> Simd.packGemv(3, -2, W, 0, 2, new float[size], 0));
        assertMessage("w is too short: a 3 x 2 matrix (n x k) at offset 1 with ldw 2 needs length >= 7, was 6",
                () -> Simd.packGemv(3, 2, W, 1, 2, new float[size], 0));
        assertMessage("packed is too short: a packed 3 x 2 W at offset 1 needs length >= " + (size + 1)
                + " (packedGemvSize " + size + "), was " + size, () -> Simd.packGemv(3, 2, W, 0, 2, new float[size], 1));
        assertMessage("packed must not be null", () -> Simd.packGemv(3, 2, W, 0, 2, null, 0));
        float[] both = new float[size + 6];
        String msg = assertThrows(IllegalArgumentException.class, () -> Simd.packGemv(3, 2, both, 0, 2, both, 5))
                .getMessage();
        assertTrue(msg.startsWith("packed must not overlap w: both use the same array"), msg);
        float[] packed = new float[size];
        Simd.packGemv(3, 2, W, 0, 2, packed, 0);
        assertMessage("x must not be null", () -> Simd.sgemvPacked(3, 2, 1f, packed, 0, null, 0, 0f, new float[3], 0));
        assertMessage("x is too short: k = 2 floats at offset 1 need length >= 3, was 2",
                () -> Simd.sgemvPacked(3, 2, 1f, packed, 0, X, 1, 0f, new float[3], 0));
        assertMessage("y is too short: n = 3 floats at offset 0 need length >= 3, was 2",
                () -> Simd.sgemvPacked(3, 2, 1f, packed, 0, X, 0, 0f, new float[2], 0));
        assertMessage("y offset must be >= 0, was -1",
                () -> Simd.sgemvPacked(3, 2, 1f, packed, 0, X, 0, 0f, new float[3], -1));
        assertMessage("packed is too short: a packed 3 x 2 W at offset 0 needs length >= " + size
                + " (packedGemvSize " + size + "), was " + (size - 1),
                () -> Simd.sgemvPacked(3, 2, 1f, new float[size - 1], 0, X, 0, 0f, new float[3], 0));
        float[] xy = new float[4];
        msg = assertThrows(IllegalArgumentException.class, () -> Simd.sgemvPacked(3, 2, 1f, packed, 0, xy, 0, 0f, xy,
                1)).getMessage();
        assertTrue(msg.startsWith("y must not overlap x: both use the same array"), msg);
        float[] shared = new float[size + 3];
        msg = assertThrows(IllegalArgumentException.class, () -> Simd.sgemvPacked(3, 2, 1f, shared, 0, X, 0, 0f,
                shared, size - 1)).getMessage();
        assertTrue(msg.startsWith("y must not overlap packed: both use the same array"), msg);
        assertMessage("a packed 70000 x 70000 W needs 4900000000 floats, more than an array holds (2147483647)",
                () -> ScalarReference.packedGemvSize(70000, 70000));
    }

    static void assertBitsEqual(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + ": element " + i + " is " + actual[i] + ", sgemm gave " + expected[i]);
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
