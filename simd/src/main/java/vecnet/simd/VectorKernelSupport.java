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

    @Override
    public void activate(Activation f, float param, float[] x, int xOff, float[] y, int yOff, int n) {
        VectorActivations.activate(f, param, x, xOff, y, yOff, n);
    }

    @Override
    public void activateBackward(Activation f, float param, float[] x, int xOff, float[] dy, int dyOff,
                                 float[] dx, int dxOff, int n) {
        VectorActivations.activateBackward(f, param, x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        VectorActivations.softmaxRows(rows, cols, x, xOff, y, yOff);
    }

    @Override
    public void logSoftmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        VectorActivations.logSoftmaxRows(rows, cols, x, xOff, y, yOff);
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                    int dxOff) {
        VectorActivations.softmaxRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void logSoftmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                       int dxOff) {
        VectorActivations.logSoftmaxRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void maxout(int rows, int units, int k, float[] x, int xOff, float[] y, int yOff, int[] idx, int idxOff) {
        VectorActivations.maxout(rows, units, k, x, xOff, y, yOff, idx, idxOff);
    }

    @Override
    public void maxoutBackward(int rows, int units, int k, float[] dy, int dyOff, int[] idx, int idxOff, float[] dx,
                               int dxOff) {
        VectorActivations.maxoutBackward(rows, units, k, dy, dyOff, idx, idxOff, dx, dxOff);
    }

    @Override
    public void maxPool2d(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                          int[] argmax, int argOff) {
        VectorPooling.maxPool2d(n, h, w, c, win, x, xOff, y, yOff, argmax, argOff);
    }

    @Override
    public void maxPool2dBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff, int[] argmax,
                                  int argOff, float[] dx, int dxOff) {
        VectorPooling.maxPool2dBackward(n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
    }

    @Override
    public void avgPool2d(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] x, int xOff,
                          float[] y, int yOff) {
        VectorPooling.avgPool2d(n, h, w, c, win, countIncludePad, x, xOff, y, yOff);
    }

    @Override
    public void avgPool2dBackward(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] dy,
                                  int dyOff, float[] dx, int dxOff) {
        VectorPooling.avgPool2dBackward(n, h, w, c, win, countIncludePad, dy, dyOff, dx, dxOff);
    }

    @Override
    public void globalAvgPool2d(int n, int hw, int c, float[] x, int xOff, float[] y, int yOff) {
        VectorPooling.globalAvgPool2d(n, hw, c, x, xOff, y, yOff);
    }

    @Override
    public void globalAvgPool2dBackward(int n, int hw, int c, float[] dy, int dyOff, float[] dx, int dxOff) {
        VectorPooling.globalAvgPool2dBackward(n, hw, c, dy, dyOff, dx, dxOff);
    }

    @Override
    public void im2col(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] x, int xOff,
                       float[] col, int colOff) {
        VectorIm2col.im2col(n, h, w, c, win, row0, rows, x, xOff, col, colOff);
    }

    @Override
    public void col2imAdd(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] col, int colOff,
                          float[] dx, int dxOff) {
        VectorIm2col.col2imAdd(n, h, w, c, win, row0, rows, col, colOff, dx, dxOff);
    }

    @Override
    public void sumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        VectorIm2col.sumRows(rows, cols, a, aOff, s, sOff);
    }

    @Override
    public void conv2dImplicit(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                               float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        int rows = n * win.outH(h) * win.outW(w);
        float beta = 0f;
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias, bOff, y, yOff + r * cout, cout);
            }
            beta = 1f;
        }
        VectorSgemm.convImplicit(n, h, w, cin, cout, win, x, xOff, weight, wOff, beta, y, yOff);
    }

    @Override
    public boolean conv2dNarrow(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        if (!VectorNarrowConv.acceptsConv(cout)) {
            return false;
        }
        VectorNarrowConv.conv(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
        return true;
    }

    @Override
    public boolean conv2dNarrowBackwardWeight(int n, int h, int w, int cin, int cout, Window2d win, float[] x,
                                              int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff) {
        if (!VectorNarrowConv.acceptsConv(cout)) {
            return false;
        }
        VectorNarrowConv.convBackwardWeight(n, h, w, cin, cout, win, x, xOff, dy, dyOff, dWeight, dwOff);
        return true;
    }

    @Override
    public void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                           float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        VectorOptimizers.adamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    @Override
    public void sgdUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
                          float weightDecay, float momentum, float dampening, boolean nesterov, boolean firstStep) {
        VectorSgdOptimizers.sgdUpdate(n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum, dampening, nesterov,
                firstStep);
    }

    @Override
    public void adagradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] sum, int sumOff, float clr,
                              float weightDecay, float eps) {
        VectorSgdOptimizers.adagradUpdate(n, p, pOff, g, gOff, sum, sumOff, clr, weightDecay, eps);
    }

    @Override
    public void rmspropUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg, int sqOff,
                              float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha, float eps,
                              float weightDecay, float momentum) {
        VectorSgdOptimizers.rmspropUpdate(n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, buf, bufOff, lr, alpha, eps,
                weightDecay, momentum);
    }

    @Override
    public void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                              int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float stepSize,
                              float bc2Sqrt, float eps, float decay, float l2) {
        VectorOptimizers.amsgradUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, vMax, vMaxOff, beta1, beta2, stepSize,
                bc2Sqrt, eps, decay, l2);
    }

    @Override
    public void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                            float beta1, float beta2, boolean rectified, float stepSize, float eps, float decay,
                            float l2) {
        VectorOptimizers.radamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, rectified, stepSize, eps, decay,
                l2);
    }

    @Override
    public void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] s,
                                int sOff, float beta1, float beta2, float stepSize, float bc2Sqrt, float eps,
                                float decay) {
        VectorOptimizers.adaBeliefUpdate(n, p, pOff, g, gOff, m, mOff, s, sOff, beta1, beta2, stepSize, bc2Sqrt, eps, decay);
    }
}
