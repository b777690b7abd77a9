package vecnet.simd;

/**
 * The scalar reference kernels behind the same argument checks as {@link Simd}, whatever
 * implementation {@link Simd} chose: for users and benchmarks that compare vectorised against plain
 * Java code in one JVM. Single-threaded, readable, slow.
 */
public final class ScalarReference {
    private ScalarReference() {
    }

    /** {@link Simd#sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}
     *  on the scalar reference. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        Simd.sgemm(KernelProvider.scalar(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                ldc);
    }
}
