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

    @Override
    public void maxPool2d(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                          int[] argmax, int argOff) {
        ScalarPooling.maxPool2d(n, h, w, c, win, x, xOff, y, yOff, argmax, argOff);
    }

    @Override
    public void maxPool2dBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff, int[] argmax,
                                  int argOff, float[] dx, int dxOff) {
        ScalarPooling.maxPool2dBackward(n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
    }

    @Override
    public void avgPool2d(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] x, int xOff,
                          float[] y, int yOff) {
        ScalarPooling.avgPool2d(n, h, w, c, win, countIncludePad, x, xOff, y, yOff);
    }

    @Override
    public void avgPool2dBackward(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] dy,
                                  int dyOff, float[] dx, int dxOff) {
        ScalarPooling.avgPool2dBackward(n, h, w, c, win, countIncludePad, dy, dyOff, dx, dxOff);
    }

    @Override
    public void globalAvgPool2d(int n, int hw, int c, float[] x, int xOff, float[] y, int yOff) {
        ScalarPooling.globalAvgPool2d(n, hw, c, x, xOff, y, yOff);
    }

    @Override
    public void globalAvgPool2dBackward(int n, int hw, int c, float[] dy, int dyOff, float[] dx, int dxOff) {
        ScalarPooling.globalAvgPool2dBackward(n, hw, c, dy, dyOff, dx, dxOff);
    }

    @Override
    public void im2col(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] x, int xOff,
                       float[] col, int colOff) {
        ScalarIm2col.im2col(n, h, w, c, win, row0, rows, x, xOff, col, colOff);
    }

    @Override
    public void col2imAdd(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] col, int colOff,
                          float[] dx, int dxOff) {
        ScalarIm2col.col2imAdd(n, h, w, c, win, row0, rows, col, colOff, dx, dxOff);
    }

    @Override
    public void sumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        ScalarIm2col.sumRows(rows, cols, a, aOff, s, sOff);
    }

    @Override
    public void conv2dImplicit(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                               float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        ScalarConv2d.conv2d(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
    }

    @Override
    public boolean conv2dNarrow(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        return false; // the scalar reference keeps one path: im2col + GEMM
    }

    @Override
    public boolean conv2dNarrowBackwardWeight(int n, int h, int w, int cin, int cout, Window2d win, float[] x,
                                              int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff) {
        return false;
    }

    @Override
    public void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                           float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        ScalarOptimizers.adamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    @Override
    public void sgdUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
                          float weightDecay, float momentum, float dampening, boolean nesterov, boolean firstStep) {
        ScalarSgdOptimizers.sgdUpdate(n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum, dampening, nesterov,
                firstStep);
    }

    @Override
    public void adagradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] sum, int sumOff, float clr,
                              float weightDecay, float eps) {
        ScalarSgdOptimizers.adagradUpdate(n, p, pOff, g, gOff, sum, sumOff, clr, weightDecay, eps);
    }

    @Override
    public void rmspropUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg, int sqOff,
                              float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha, float eps,
                              float weightDecay, float momentum) {
        ScalarSgdOptimizers.rmspropUpdate(n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, buf, bufOff, lr, alpha, eps,
                weightDecay, momentum);
    }

    @Override
    public void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                              int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float stepSize,
                              float bc2Sqrt, float eps, float decay, float l2) {
        ScalarOptimizers.amsgradUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, vMax, vMaxOff, beta1, beta2, stepSize,
                bc2Sqrt, eps, decay, l2);
    }

    @Override
    public void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                            float beta1, float beta2, boolean rectified, float stepSize, float eps, float decay,
                            float l2) {
        ScalarOptimizers.radamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, rectified, stepSize, eps, decay,
                l2);
    }

    @Override
    public void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] s,
                                int sOff, float beta1, float beta2, float stepSize, float bc2Sqrt, float eps,
                                float decay) {
        ScalarOptimizers.adaBeliefUpdate(n, p, pOff, g, gOff, m, mOff, s, sOff, beta1, beta2, stepSize, bc2Sqrt, eps, decay);
    }
}
