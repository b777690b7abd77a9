package vecnet.simd;

/** The JDK Vector API kernels. Loaded by name, only when {@code jdk.incubator.vector} is present. */
final class VectorKernelSupport implements KernelSupport {
    @Override
    public String name() {
        return "vector-" + VectorWidth.SPECIES.vectorBitSize();
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        VectorSgemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
