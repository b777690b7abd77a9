package vecnet.simd;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One GEMM problem embedded in larger arrays (offsets and leading dimensions bigger than needed, the
 * padding filled with sentinels), with a double-precision reference and a per-element error bound.
 */
final class GemmCase {
    /** Unit roundoff of float32 times a safety factor of 2: the bound per accumulated term. */
    static final double EPS_PER_TERM = 2 * 0x1.0p-24;
    /** Padding values that must survive untouched. */
    static final float SENTINEL = -7.25e11f;

    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final float alpha;
    final float beta;
    final float[] a;
    final float[] b;
    final float[] c0;
    final int aOff;
    final int bOff;
    final int cOff;
    final int lda;
    final int ldb;
    final int ldc;

    /** Each case on 1 and on 2 threads, as (case, threads) arguments of a parameterized test. */
    static Stream<Arguments> onOneAndTwoThreads(Stream<GemmCase> cases) {
        return cases.flatMap(g -> Stream.of(Arguments.of(g, 1), Arguments.of(g, 2)));
    }

    /**
     * Each (m, n, k) of {@code shapes} with all four transpose combinations, the last with alpha -0.5, the
     * second with beta 1 (the others 0), every other case padded; seeds counted up from 1.
     */
    static List<GemmCase> allTransposes(int[][] shapes) {
        List<GemmCase> all = new java.util.ArrayList<>();
        long seed = 1;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                all.add(new GemmCase((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], t == 3 ? -0.5f : 1f,
                        t == 1 ? 1f : 0f, seed++, t % 2 == 0));
            }
        }
        return all;
    }

    GemmCase(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, long seed, boolean padded) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        Random r = new Random(seed);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        aOff = padded ? 1 + r.nextInt(5) : 0;
        bOff = padded ? 1 + r.nextInt(5) : 0;
        cOff = padded ? 1 + r.nextInt(5) : 0;
        lda = aCols + (padded ? 1 + r.nextInt(3) : 0);
        ldb = bCols + (padded ? 1 + r.nextInt(3) : 0);
        ldc = n + (padded ? 1 + r.nextInt(3) : 0);
        a = matrix(r, aOff, lda, aRows, aCols);
        b = matrix(r, bOff, ldb, bRows, bCols);
        c0 = matrix(r, cOff, ldc, m, n);
    }

    private static float[] matrix(Random r, int off, int ld, int rows, int cols) {
        float[] x = new float[off + rows * ld + 3];
        java.util.Arrays.fill(x, SENTINEL);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[off + i * ld + j] = r.nextFloat() * 2 - 1;
            }
        }
        return x;
    }

    float opA(int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float opB(int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Runs the checked call on the given kernels, on a fresh copy of C, and returns it. */
    float[] run(Kernels impl) {
        float[] c = c0.clone();
        Simd.sgemm(impl.gemm(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        return c;
    }

    /**
     * Packs op(B) with the given kernels into a NaN-filled buffer (at an offset, with sentinels after it),
     * runs the packed-B GEMM on a fresh copy of C and returns it; fails if the packing left a NaN in its
     * part of the buffer or wrote past it.
     */
    float[] runPacked(Kernels impl) {
        int size = Simd.packedBSize(impl.gemm(), k, n);
        int off = 3;
        float[] packed = new float[off + size + 4];
        java.util.Arrays.fill(packed, Float.NaN);
        java.util.Arrays.fill(packed, off + size, packed.length, SENTINEL);
        Simd.packB(impl.gemm(), transB, k, n, b, bOff, ldb, packed, off);
        for (int i = off; i < off + size; i++) {
            if (Float.isNaN(packed[i])) {
                fail(impl.name() + " " + this + ": packB left packed[" + i + "] unwritten (size " + size + ")");
            }
        }
        for (int i = off + size; i < packed.length; i++) {
            if (packed[i] != SENTINEL) {
                fail(impl.name() + " " + this + ": packB wrote past packedBSize at " + i);
            }
        }
        float[] c = c0.clone();
        Simd.sgemmPackedB(impl.gemm(), transA, m, n, k, alpha, a, aOff, lda, packed, off, beta, c, cOff, ldc);
        return c;
    }

    /**
     * For a one-row, B-transposed case (x = A's row, W = B stored n x k): packs W with the given kernels into a
     * NaN-filled buffer as {@link #runPacked} does, runs {@link Simd#sgemvPacked} on a fresh copy of C and
     * returns it; fails if the packing left a NaN in its part of the buffer or wrote past it.
     */
    float[] runGemv(Kernels impl) {
        if (m != 1 || transA || !transB) {
            throw new IllegalStateException("runGemv needs m = 1, A as is and B transposed: " + this);
        }
        int size = Simd.packedGemvSize(impl.gemm(), n, k);
        int off = 5;
        float[] packed = new float[off + size + 4];
        java.util.Arrays.fill(packed, Float.NaN);
        java.util.Arrays.fill(packed, off + size, packed.length, SENTINEL);
        Simd.packGemv(impl.gemm(), n, k, b, bOff, ldb, packed, off);
        for (int i = off; i < off + size; i++) {
            if (Float.isNaN(packed[i])) {
                fail(impl.name() + " " + this + ": packGemv left packed[" + i + "] unwritten (size " + size + ")");
            }
        }
        for (int i = off + size; i < packed.length; i++) {
            if (packed[i] != SENTINEL) {
                fail(impl.name() + " " + this + ": packGemv wrote past packedGemvSize at " + i);
            }
        }
        float[] c = c0.clone();
        Simd.sgemvPacked(impl.gemm(), n, k, alpha, packed, off, a, aOff, beta, c, cOff);
        return c;
    }

    /** Runs through the public facade (with its argument checks). */
    float[] runFacade() {
        float[] c = c0.clone();
        Simd.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        return c;
    }

    /**
     * Checks every element of C against the double-precision reference within
     * {@code EPS_PER_TERM * (k + 2) * (|alpha| * sum|a||b| + |beta * c0|)}, and that the padding is
     * untouched.
     */
    void check(float[] c, String what) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    double t = (double) opA(i, p) * opB(p, j);
                    sum += t;
                    mag += Math.abs(t);
                }
                double old = c0[cOff + i * ldc + j];
                double expected = alpha * sum + (beta == 0 ? 0 : beta * old);
                double bound = EPS_PER_TERM * (k + 2) * (Math.abs(alpha) * mag + Math.abs(beta * old)) + 1e-30;
                float actual = c[cOff + i * ldc + j];
                if (!(Math.abs(actual - expected) <= bound)) {
                    fail(what + " " + this + ": C[" + i + "][" + j + "] = " + actual + ", expected " + expected
                            + " within " + bound);
                }
            }
        }
        for (int x = 0; x < c.length; x++) {
            int rel = x - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside && c[x] != c0[x]) {
                fail(what + " " + this + ": wrote outside C at index " + x);
            }
        }
    }

    @Override
    public String toString() {
        return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
                + " beta=" + beta + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
    }
}
