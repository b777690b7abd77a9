package vecnet.simd;

/**
 * The GEMM family: {@code C = alpha * op(A) * op(B) + beta * C} (the vector class also holds the narrow,
 * unpacked path and the small-M path). Implemented by {@link ScalarSgemm} and {@link VectorSgemm};
 * arguments are validated by {@link GemmArgs} before they get here: implementations never check, and
 * never allocate per call.
 */
interface GemmKernels {
    /** {@code C = alpha * op(A) * op(B) + beta * C}, row-major, BLAS semantics (beta 0 ignores C's contents). */
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /** Floats {@link #packB} writes for a k x n op(B): this implementation's packed layout, padding included. */
    long packedBSize(int k, int n);

    /**
     * Packs op(B) (k x n) at {@code packed[packedOff..)} in this implementation's layout, every one of the
     * {@link #packedBSize} floats written (padding zero), for many {@link #sgemmPackedB} calls with one B.
     */
    void packB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] packed, int packedOff);

    /**
     * {@link #sgemm} with op(B) from {@link #packB} of this implementation: same arithmetic per element as
     * sgemm's untransposed packed path, without packing B again.
     */
    void sgemmPackedB(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] packed, int packedOff, float beta, float[] c, int cOff, int ldc);

    /** Floats {@link #packGemv} writes for a W of n x k in this implementation's layout. */
    long packedGemvSize(int n, int k);

    /** Packs W (n x k, row stride ldw) at {@code packed[packedOff..)} for many {@link #sgemvPacked} calls. */
    void packGemv(int n, int k, float[] w, int wOff, int ldw, float[] packed, int packedOff);

    /**
     * {@code y = alpha * W x + beta * y} with W from {@link #packGemv}: the bits of this implementation's
     * {@code sgemm(false, true, 1, n, k, alpha, x, xOff, k, w, wOff, ldw, beta, y, yOff, n)}.
     */
    void sgemvPacked(int n, int k, float alpha, float[] packed, int packedOff, float[] x, int xOff, float beta,
                     float[] y, int yOff);
}
