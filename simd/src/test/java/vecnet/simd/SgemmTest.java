package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The scalar reference against a hand-computed answer and against EJML; facade argument checks. */
class SgemmTest {
    static final int[] DIMS = {1, 2, 3, 7, 12, 13, 31, 32, 33, 64, 100, 257};
    static final float[] COEFFS = {0f, 1f, -0.5f};
    /** EJML and our reference both accumulate in float, in different orders: bound per term of K. */
    static final float EJML_EPS_PER_TERM = 4 * 0x1.0p-24f;

    /** A seeded sample of shapes: every dimension value appears in every position, all four transposes. */
    static List<GemmCase> cases(long seed, int count, boolean padded) {
        Random r = new Random(seed);
        List<GemmCase> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int m = DIMS[c % DIMS.length];
            int n = DIMS[(c / DIMS.length + c) % DIMS.length];
            int k = DIMS[r.nextInt(DIMS.length)];
            boolean ta = (c & 1) != 0;
            boolean tb = (c & 2) != 0;
            float alpha = COEFFS[r.nextInt(3)];
            float beta = COEFFS[r.nextInt(3)];
            if (c % 5 == 0) {
                alpha = 1f; // keep the plain product well represented
            }
            out.add(new GemmCase(ta, tb, m, n, k, alpha, beta, seed * 1000 + c, padded));
        }
        return out;
    }

    static Stream<GemmCase> sampledCases() {
        return cases(42, 96, true).stream();
    }

    @Test
    void knownAnswer2x3Times3x4() {
        float[] a = {1, 2, 3,
                     4, 5, 6};
        float[] b = {1, 0, -1, 2,
                     2, 1, 0, -2,
                     0, 3, 1, 1};
        // row 0: (1+4+0, 0+2+9, -1+0+3, 2-4+3); row 1: (4+10+0, 0+5+18, -4+0+6, 8-10+6)
        float[] expected = {5, 11, 2, 1,
                            14, 23, 2, 4};
        float[] c = new float[8];
        Kernels.scalar().gemm().sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4);
        assertArrayEquals(expected, c, 0f);
        float[] viaFacade = new float[8];
        Simd.sgemm(2, 4, 3, a, b, viaFacade);
        assertArrayEquals(expected, viaFacade, 0f);
    }

    @Test
    void knownAnswerWithTransposesAlphaBeta() {
        float[] at = {1, 4, 2, 5, 3, 6}; // A (2x3) stored transposed as 3x2
        float[] bt = {1, 2, 0, 0, 1, 3, -1, 0, 1, 2, -2, 1}; // B (3x4) stored transposed as 4x3
        float[] c = {1, 1, 1, 1, 1, 1, 1, 1};
        Simd.sgemm(true, true, 2, 4, 3, 2f, at, 0, 2, bt, 0, 3, -1f, c, 0, 4);
        float[] expected = {9, 21, 3, 1, 27, 45, 3, 7}; // 2 * AB - 1
        assertArrayEquals(expected, c, 0f);
    }

    @ParameterizedTest
    @MethodSource("sampledCases")
    void scalarMatchesDoubleReference(GemmCase g) {
        g.check(g.run(Kernels.scalar()), "scalar");
    }

    @ParameterizedTest
    @MethodSource("sampledCases")
    void scalarMatchesEjml(GemmCase g) {
        float[] c = g.run(Kernels.scalar());
        FMatrixRMaj a = dense(g.transA ? g.k : g.m, g.transA ? g.m : g.k, g.a, g.aOff, g.lda);
        FMatrixRMaj b = dense(g.transB ? g.n : g.k, g.transB ? g.k : g.n, g.b, g.bOff, g.ldb);
        FMatrixRMaj ab = new FMatrixRMaj(g.m, g.n);
        if (!g.transA && !g.transB) {
            CommonOps_FDRM.mult(g.alpha, a, b, ab);
        } else if (g.transA && !g.transB) {
            CommonOps_FDRM.multTransA(g.alpha, a, b, ab);
        } else if (!g.transA) {
            CommonOps_FDRM.multTransB(g.alpha, a, b, ab);
        } else {
            CommonOps_FDRM.multTransAB(g.alpha, a, b, ab);
        }
        for (int i = 0; i < g.m; i++) {
            for (int j = 0; j < g.n; j++) {
                float old = g.c0[g.cOff + i * g.ldc + j];
                float expected = ab.get(i, j) + (g.beta == 0 ? 0 : g.beta * old);
                float scale = g.k + Math.abs(old) + 1;
                float tol = EJML_EPS_PER_TERM * (g.k + 2) * scale;
                float actual = c[g.cOff + i * g.ldc + j];
                if (!(Math.abs(actual - expected) <= tol)) {
                    fail(g + ": C[" + i + "][" + j + "] = " + actual + ", EJML " + expected);
                }
            }
        }
    }

    private static FMatrixRMaj dense(int rows, int cols, float[] x, int off, int ld) {
        FMatrixRMaj d = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                d.set(i, j, x[off + i * ld + j]);
            }
        }
        return d;
    }

    @Test
    void betaZeroOverwritesNaNAndAlphaZeroSkipsInputs() {
        float[] a = {Float.NaN, 1};
        float[] b = {1, Float.NaN};
        float[] c = {Float.NaN};
        Simd.sgemm(false, false, 1, 1, 2, 0f, a, 0, 2, b, 0, 1, 0f, c, 0, 1);
        assertEquals(0f, c[0]);
        float[] c2 = {Float.NaN};
        Simd.sgemm(false, false, 1, 1, 2, 1f, new float[] {1, 2}, 0, 2, new float[] {3, 4}, 0, 1, 0f, c2, 0, 1);
        assertEquals(11f, c2[0]);
    }

    @Test
    void nanInInputsPropagates() {
        float[] a = new float[20 * 20];
        float[] b = new float[20 * 20];
        a[5] = Float.NaN;
        float[] c = new float[20 * 20];
        Simd.sgemm(20, 20, 20, a, b, c);
        assertTrue(Float.isNaN(c[0]), "row 0 of A has a NaN, so row 0 of C must be NaN");
        assertEquals(0f, c[20]);
    }

    @Test
    void emptyDimensionsAndKZero() {
        float[] c = {3, 3};
        Simd.sgemm(false, false, 0, 2, 5, 1f, new float[0], 0, 5, new float[10], 0, 2, 0f, new float[0], 0, 2);
        Simd.sgemm(false, false, 1, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 2f, c, 0, 2);
        assertArrayEquals(new float[] {6, 6}, c, 0f);
    }

    @Test
    void disjointBlocksOfOneArrayAreAllowed() {
        // C is the right half of x, A the left half: same array, no shared element.
        float[] x = {1, 2, 0, 0,
                     3, 4, 0, 0};
        float[] eye = {1, 0, 0, 1};
        Simd.sgemm(false, false, 2, 2, 2, 1f, x, 0, 4, eye, 0, 2, 0f, x, 2, 4);
        assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4, 3, 4}, x, 0f);
    }

    // --- bad arguments: every rejected class, with the message checked ---

    private static IllegalArgumentException rejects(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run);
    }

    @Test
    void rejectsNegativeSizes() {
        float[] x = new float[16];
        assertEquals("m must be >= 0, was -1", rejects(() -> Simd.sgemm(false, false, -1, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f,
                new float[4], 0, 2)).getMessage());
        assertEquals("n must be >= 0, was -2", rejects(() -> Simd.sgemm(false, false, 2, -2, 2, 1f, x, 0, 2, x, 0, 2, 0f,
                new float[4], 0, 2)).getMessage());
        assertEquals("k must be >= 0, was -3", rejects(() -> Simd.sgemm(false, false, 2, 2, -3, 1f, x, 0, 2, x, 0, 2, 0f,
                new float[4], 0, 2)).getMessage());
    }

    @Test
    void rejectsNullArrays() {
        float[] x = new float[4];
        assertEquals("a must not be null", rejects(() -> Simd.sgemm(false, false, 2, 2, 2, 1f, null, 0, 2, x, 0, 2, 0f,
                new float[4], 0, 2)).getMessage());
        assertEquals("b must not be null", rejects(() -> Simd.sgemm(false, false, 2, 2, 2, 1f, x, 0, 2, null, 0, 2, 0f,
                new float[4], 0, 2)).getMessage());
        assertEquals("c must not be null", rejects(() -> Simd.sgemm(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f,
                null, 0, 2)).getMessage());
    }

    @Test
    void rejectsSmallLeadingDimensions() {
        float[] x = new float[64];
        String msg = rejects(() -> Simd.sgemm(false, false, 2, 3, 4, 1f, x, 0, 3, x, 0, 3, 0f, new float[6], 0, 3))
                .getMessage();
        assertEquals("lda must be >= 4 (columns of a, m x k = 2 x 4), was 3", msg);
        msg = rejects(() -> Simd.sgemm(false, true, 2, 3, 4, 1f, x, 0, 4, x, 0, 3, 0f, new float[6], 0, 3))
                .getMessage();
        assertEquals("ldb must be >= 4 (columns of b, n x k (transB) = 3 x 4), was 3", msg);
        msg = rejects(() -> Simd.sgemm(true, false, 2, 3, 4, 1f, x, 0, 2, x, 0, 3, 0f, new float[6], 0, 2))
                .getMessage();
        assertEquals("ldc must be >= 3 (columns of c, m x n = 2 x 3), was 2", msg);
    }

    @Test
    void rejectsArraysTooShortAndNegativeOffsets() {
        float[] a = new float[7];
        String msg = rejects(() -> Simd.sgemm(false, false, 2, 2, 4, 1f, a, 0, 4, new float[8], 0, 2, 0f,
                new float[4], 0, 2)).getMessage();
        assertEquals("a is too short: a 2 x 4 matrix (m x k) at offset 0 with lda 4 needs length >= 8, was 7", msg);
        msg = rejects(() -> Simd.sgemm(false, false, 2, 2, 2, 1f, new float[4], 0, 2, new float[4], 0, 2, 0f,
                new float[5], 2, 2)).getMessage();
        assertEquals("c is too short: a 2 x 2 matrix (m x n) at offset 2 with ldc 2 needs length >= 6, was 5", msg);
        msg = rejects(() -> Simd.sgemm(false, false, 2, 2, 2, 1f, new float[4], -1, 2, new float[4], 0, 2, 0f,
                new float[4], 0, 2)).getMessage();
        assertEquals("a offset must be >= 0, was -1", msg);
    }

    @Test
    void rejectsOutputOverlappingAnInput() {
        float[] x = new float[16];
        String msg = rejects(() -> Simd.sgemm(false, false, 2, 2, 2, 1f, x, 0, 2, new float[4], 0, 2, 0f, x, 2, 2))
                .getMessage();
        assertTrue(msg.startsWith("c must not overlap a: both use the same array"), msg);
        msg = rejects(() -> Simd.sgemm(false, false, 2, 2, 2, 1f, new float[4], 0, 2, x, 0, 2, 0f, x, 0, 2))
                .getMessage();
        assertTrue(msg.startsWith("c must not overlap b: both use the same array"), msg);
    }
}
