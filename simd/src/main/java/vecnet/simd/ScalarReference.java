package vecnet.simd;

/**
 * The scalar reference kernels behind the same argument checks as {@link Simd}, whatever
 * implementation {@link Simd} chose: for users and benchmarks that compare vectorised against plain
 * Java code in one JVM. Single-threaded, readable, slow.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads; arrays a call writes must not be read
 * or written by another thread meanwhile.
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
        Simd.sgemm(KernelProvider.GEMM.scalar(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
                cOff, ldc);
    }

    /** {@link Simd#packedBSize} of the scalar reference's layout (op(B) dense, k x n). */
    public static int packedBSize(int k, int n) {
        return Simd.packedBSize(KernelProvider.GEMM.scalar(), k, n);
    }

    /** {@link Simd#packB} on the scalar reference: its buffer is for {@link #sgemmPackedB} only. */
    public static void packB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] packed,
                             int packedOff) {
        Simd.packB(KernelProvider.GEMM.scalar(), transB, k, n, b, bOff, ldb, packed, packedOff);
    }

    /** {@link Simd#packedGemvSize} of the scalar reference's layout (W dense, n x k). */
    public static int packedGemvSize(int n, int k) {
        return Simd.packedGemvSize(KernelProvider.GEMM.scalar(), n, k);
    }

    /** {@link Simd#packGemv} on the scalar reference: its buffer is for {@link #sgemvPacked} only. */
    public static void packGemv(int n, int k, float[] w, int wOff, int ldw, float[] packed, int packedOff) {
        Simd.packGemv(KernelProvider.GEMM.scalar(), n, k, w, wOff, ldw, packed, packedOff);
    }

    /** {@link Simd#sgemvPacked} on the scalar reference: its one-row GEMM on the dense copy. */
    public static void sgemvPacked(int n, int k, float alpha, float[] packed, int packedOff, float[] x, int xOff,
                                   float beta, float[] y, int yOff) {
        Simd.sgemvPacked(KernelProvider.GEMM.scalar(), n, k, alpha, packed, packedOff, x, xOff, beta, y, yOff);
    }

    /** {@link Simd#sgemmPackedB} on the scalar reference: the unpacked GEMM on the packed copy. */
    public static void sgemmPackedB(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                    float[] packed, int packedOff, float beta, float[] c, int cOff, int ldc) {
        Simd.sgemmPackedB(KernelProvider.GEMM.scalar(), transA, m, n, k, alpha, a, aOff, lda, packed, packedOff, beta,
                c, cOff, ldc);
    }

    /** {@link Simd#activate(Activation, float, float[], int, float[], int, int)} on the scalar reference. */
    public static void activate(Activation f, float param, float[] x, int xOff, float[] y, int yOff, int n) {
        Simd.activate(KernelProvider.ACTIVATIONS.scalar(), f, param, x, xOff, y, yOff, n);
    }

    /** {@link Simd#activateBackward} on the scalar reference. */
    public static void activateBackward(Activation f, float param, float[] x, int xOff, float[] dy, int dyOff,
                                        float[] dx, int dxOff, int n) {
        Simd.activateBackward(KernelProvider.ACTIVATIONS.scalar(), f, param, x, xOff, dy, dyOff, dx, dxOff, n);
    }

    /** {@link Simd#softmaxRows} on the scalar reference. */
    public static void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        Simd.softmaxRows(KernelProvider.ACTIVATIONS.scalar(), rows, cols, x, xOff, y, yOff);
    }

    /** {@link Simd#maxPool2d} on the scalar reference. */
    public static void maxPool2d(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                                 int[] argmax, int argOff) {
        Simd.maxPool2d(KernelProvider.POOLING.scalar(), n, h, w, c, win, x, xOff, y, yOff, argmax, argOff);
    }

    /** {@link Simd#maxPool2dBackward} on the scalar reference. */
    public static void maxPool2dBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff,
                                         int[] argmax, int argOff, float[] dx, int dxOff) {
        Simd.maxPool2dBackward(KernelProvider.POOLING.scalar(), n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
    }

    /** {@link Simd#avgPool2d} on the scalar reference. */
    public static void avgPool2d(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] x,
                                 int xOff, float[] y, int yOff) {
        Simd.avgPool2d(KernelProvider.POOLING.scalar(), n, h, w, c, win, countIncludePad, x, xOff, y, yOff);
    }

    /** {@link Simd#conv2d} on the scalar kernels (im2col and the reference GEMM). */
    public static void conv2d(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                              float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff,
                              float[] work, int workOff) {
        Simd.conv2d(KernelProvider.GEMM.scalar(), KernelProvider.CONV.scalar(), n, h, w, cin, cout, win, x, xOff,
                weight, wOff, bias, bOff, y, yOff, work, workOff);
    }

    /** {@link Simd#conv2dBackwardInput} on the scalar kernels. */
    public static void conv2dBackwardInput(int n, int h, int w, int cin, int cout, Window2d win, float[] dy,
                                           int dyOff, float[] weight, int wOff, float[] dx, int dxOff,
                                           float[] work, int workOff) {
        Simd.conv2dBackwardInput(KernelProvider.GEMM.scalar(), KernelProvider.CONV.scalar(), n, h, w, cin, cout, win,
                dy, dyOff, weight, wOff, dx, dxOff, work, workOff);
    }

    /** {@link Simd#conv2dBackwardWeight} on the scalar kernels. */
    public static void conv2dBackwardWeight(int n, int h, int w, int cin, int cout, Window2d win, float[] x,
                                            int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff,
                                            float[] work, int workOff) {
        Simd.conv2dBackwardWeight(KernelProvider.GEMM.scalar(), KernelProvider.CONV.scalar(), n, h, w, cin, cout, win,
                x, xOff, dy, dyOff, dWeight, dwOff, work, workOff);
    }

    /** {@link Simd#conv2dImplicit} on the scalar kernels: the direct seven-loop convolution. */
    public static void conv2dImplicit(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                      float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        Simd.conv2dImplicit(KernelProvider.CONV.scalar(), n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y,
                yOff);
    }

    /** {@link Simd#adamUpdate} on the scalar reference. */
    public static void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                  int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
                                  float decay, float l2) {
        Simd.adamUpdate(KernelProvider.OPTIMIZERS.scalar(), n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2,
                stepSize, bc2Sqrt, eps, decay, l2);
    }

    /** {@link Simd#amsgradUpdate} on the scalar reference. */
    public static void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                     int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize,
                                     float bc2Sqrt, float eps, float decay, float l2) {
        Simd.amsgradUpdate(KernelProvider.OPTIMIZERS.scalar(), n, p, pOff, g, gOff, m, mOff, v, vOff, vMax, vMaxOff,
                beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    /** {@link Simd#radamUpdate} on the scalar reference. */
    public static void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                   int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, boolean rectified, float stepSize, float eps,
                                   float decay, float l2) {
        Simd.radamUpdate(KernelProvider.OPTIMIZERS.scalar(), n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2,
                rectified, stepSize, eps, decay, l2);
    }

    /** {@link Simd#adaBeliefUpdate} on the scalar reference. */
    public static void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                                       float[] s, int sOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt,
                                       float eps, float decay) {
        Simd.adaBeliefUpdate(KernelProvider.OPTIMIZERS.scalar(), n, p, pOff, g, gOff, m, mOff, s, sOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2,
                stepSize, bc2Sqrt, eps, decay);
    }

    /** {@link Simd#sgdUpdate} on the scalar reference. */
    public static void sgdUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
                                 float weightDecay, float momentum, float dampening, boolean nesterov,
                                 boolean firstStep) {
        Simd.sgdUpdate(KernelProvider.OPTIMIZERS.scalar(), n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum,
                dampening, nesterov, firstStep);
    }

    /** {@link Simd#adagradUpdate} on the scalar reference. */
    public static void adagradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] sum, int sumOff,
                                     float clr, float weightDecay, float eps) {
        Simd.adagradUpdate(KernelProvider.OPTIMIZERS.scalar(), n, p, pOff, g, gOff, sum, sumOff, clr, weightDecay, eps);
    }

    /** {@link Simd#rmspropUpdate} on the scalar reference. */
    public static void rmspropUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg, int sqOff,
                                     float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha,
                                     float eps, float weightDecay, float momentum) {
        Simd.rmspropUpdate(KernelProvider.OPTIMIZERS.scalar(), n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff,
                buf, bufOff, lr, alpha, eps, weightDecay, momentum);
    }
}
