package vecnet.simd;

/** The scalar reference kernels: plain Java, one thread, no Vector API. */
final class ScalarKernelSupport implements KernelSupport {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        ScalarSgemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void activate(Activation f, float param, float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarActivations.activate(f, param, x, xOff, y, yOff, n);
    }

    @Override
    public void activateBackward(Activation f, float param, float[] x, int xOff, float[] dy, int dyOff,
                                 float[] dx, int dxOff, int n) {
        ScalarActivations.activateBackward(f, param, x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        ScalarActivations.softmaxRows(rows, cols, x, xOff, y, yOff);
    }

    @Override
    public void logSoftmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        ScalarActivations.logSoftmaxRows(rows, cols, x, xOff, y, yOff);
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                    int dxOff) {
        ScalarActivations.softmaxRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void logSoftmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                       int dxOff) {
        ScalarActivations.logSoftmaxRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void maxout(int rows, int units, int k, float[] x, int xOff, float[] y, int yOff, int[] idx, int idxOff) {
        ScalarActivations.maxout(rows, units, k, x, xOff, y, yOff, idx, idxOff);
    }

    @Override
    public void maxoutBackward(int rows, int units, int k, float[] dy, int dyOff, int[] idx, int idxOff, float[] dx,
                               int dxOff) {
        ScalarActivations.maxoutBackward(rows, units, k, dy, dyOff, idx, idxOff, dx, dxOff);
    }
}
