package vecnet.simd;

/**
 * The readable reference GEMM: plain loops, one thread. Row-major; {@code op(X)} is X or its transpose.
 * The non-transposed-B case runs i-p-j so the inner loop streams rows of B and C; the transposed-B case
 * is a dot product of two contiguous rows.
 */
final class ScalarSgemm implements GemmKernels {

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            scaleRow(c, ci, n, beta);
            if (alpha == 0f) {
                continue;
            }
            if (!transB) {
                for (int p = 0; p < k; p++) {
                    float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float sum = 0f;
                    for (int p = 0; p < k; p++) {
                        float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        sum += aip * b[bj + p];
                    }
                    c[ci + j] += alpha * sum;
                }
            }
        }
    }

    /** The scalar layout is op(B) itself, dense: k rows of n. */
    @Override
    public long packedBSize(int k, int n) {
        return (long) k * n;
    }

    @Override
    public void packB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] packed, int packedOff) {
        for (int p = 0; p < k; p++) {
            int d = packedOff + p * n;
            for (int j = 0; j < n; j++) {
                packed[d + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
    }

    /** The reference is the unpacked GEMM on the dense copy. */
    @Override
    public void sgemmPackedB(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] packed, int packedOff, float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, false, m, n, k, alpha, a, aOff, lda, packed, packedOff, n, beta, c, cOff, ldc);
    }

    /** The scalar layout is W itself, dense: n rows of k. */
    @Override
    public long packedGemvSize(int n, int k) {
        return (long) n * k;
    }

    @Override
    public void packGemv(int n, int k, float[] w, int wOff, int ldw, float[] packed, int packedOff) {
        for (int j = 0; j < n; j++) {
            System.arraycopy(w, wOff + j * ldw, packed, packedOff + j * k, k);
        }
    }

    /** The reference is the one-row, transposed-B GEMM on the dense copy. */
    @Override
    public void sgemvPacked(int n, int k, float alpha, float[] packed, int packedOff, float[] x, int xOff, float beta,
                            float[] y, int yOff) {
        sgemm(false, true, 1, n, k, alpha, x, xOff, k, packed, packedOff, k, beta, y, yOff, n);
    }

    /** {@code C_row *= beta}, where beta 0 clears the row without reading it (NaN in C is overwritten). */
    static void scaleRow(float[] c, int off, int n, float beta) {
        if (beta == 0f) {
            java.util.Arrays.fill(c, off, off + n, 0f);
        } else if (beta != 1f) {
            for (int j = 0; j < n; j++) {
                c[off + j] *= beta;
            }
        }
    }
}
