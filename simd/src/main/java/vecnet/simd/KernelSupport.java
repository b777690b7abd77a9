package vecnet.simd;

/**
 * The kernels one implementation provides. Arguments are validated by {@link Simd} before they get
 * here: implementations never check, and never allocate per call.
 */
interface KernelSupport {
    /** A short name for logs and benchmark tables, e.g. {@code scalar} or {@code vector-256}. */
    String name();

    /** {@code C = alpha * op(A) * op(B) + beta * C}, row-major, BLAS semantics (beta 0 ignores C's contents). */
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);
}
