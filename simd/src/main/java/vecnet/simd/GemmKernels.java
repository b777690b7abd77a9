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
}
