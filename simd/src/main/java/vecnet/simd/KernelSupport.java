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

    /** {@code y[i] = f(x[i])} for n elements; y may be x at the same offset. */
    void activate(Activation f, float param, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code dx[i] = dy[i] * f'(x[i])} from the forward input x; dx may be x or dy at the same offset. */
    void activateBackward(Activation f, float param, float[] x, int xOff, float[] dy, int dyOff,
                          float[] dx, int dxOff, int n);

    /** Row-wise softmax of a dense rows x cols matrix, max-subtracted; y may be x (in place). */
    void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff);

    /** Row-wise log-softmax {@code x - max - log Σ exp(x - max)}; y may be x (in place). */
    void logSoftmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx = y ⊙ (dy - Σ dy⊙y)} per row, from the softmax output y. */
    void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** {@code dx = dy - exp(y) Σ dy} per row, from the log-softmax output y. */
    void logSoftmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** Maxout over k pieces, piece-major rows: {@code y[r,u] = max_j x[r, j*units + u]}, winner j in idx. */
    void maxout(int rows, int units, int k, float[] x, int xOff, float[] y, int yOff, int[] idx, int idxOff);

    /** {@code dx[r, j*units + u] = j == idx[r,u] ? dy[r,u] : 0}. */
    void maxoutBackward(int rows, int units, int k, float[] dy, int dyOff, int[] idx, int idxOff, float[] dx, int dxOff);

    /** NHWC max pooling; argmax receives the winner's flat spatial position {@code ih * w + iw}. */
    void maxPool2d(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                   int[] argmax, int argOff);

    /** Overwrites dx with the max-pool gradient: each dy goes to its recorded winner (summed on overlap). */
    void maxPool2dBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff, int[] argmax, int argOff,
                           float[] dx, int dxOff);

    /** NHWC average pooling; the divisor is kernelH * kernelW when countIncludePad, else the valid taps. */
    void avgPool2d(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] x, int xOff,
                   float[] y, int yOff);

    /** Overwrites dx with the average-pool gradient. */
    void avgPool2dBackward(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] dy, int dyOff,
                           float[] dx, int dxOff);

    /** {@code y[b, ch] = mean_p x[b, p, ch]} over hw spatial positions. */
    void globalAvgPool2d(int n, int hw, int c, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx[b, p, ch] = dy[b, ch] / hw}. */
    void globalAvgPool2dBackward(int n, int hw, int c, float[] dy, int dyOff, float[] dx, int dxOff);

    /**
     * NHWC im2col, rows row0..row0+rows: one row per output pixel ((b, p, q) order over the batch),
     * columns ordered (kernel row, kernel column, channel), zeros for padding.
     */
    void im2col(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] x, int xOff, float[] col,
                int colOff);

    /** The adjoint of im2col for rows row0..row0+rows: adds every column entry into dx at its input position. */
    void col2imAdd(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] col, int colOff, float[] dx,
                   int dxOff);

    /** {@code s[j] = Σ_r a[r, j]} over a dense rows x cols matrix (the bias gradient). */
    void sumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff);

    /**
     * Convolution forward without a column matrix: the vector kernels pack GEMM panels straight from x
     * (one thread), the scalar kernels run the direct loops. bias may be null.
     */
    void conv2dImplicit(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                        float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff);

    /**
     * Convolution forward straight from x, for the layer shapes this implementation has a direct kernel
     * for (the vector one: at most two vectors of output channels, e.g. LeNet's 6 and 16, where a GEMM
     * over a column matrix has too little arithmetic per element moved). Returns false, having done
     * nothing, for any other shape. bias may be null.
     */
    boolean conv2dNarrow(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                         float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff);

    /**
     * The weight gradient of {@link #conv2dNarrow}'s layers straight from x (overwrites dWeight, K x cout),
     * or false, having done nothing, for shapes without a direct kernel.
     */
    boolean conv2dNarrowBackwardWeight(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                       float[] dy, int dyOff, float[] dWeight, int dwOff);

    /** One fused Adam/AdamW step over n parameters; see {@link Simd#adamUpdate}. */
    void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                    float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2);

    /** One fused SGD step (momentum buffer buf may be null); see {@link Simd#sgdUpdate}. */
    void sgdUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
                   float weightDecay, float momentum, float dampening, boolean nesterov, boolean firstStep);

    /** One fused Adagrad step; see {@link Simd#adagradUpdate}. */
    void adagradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] sum, int sumOff, float clr,
                       float weightDecay, float eps);

    /** One fused RMSprop step (gradAvg and buf may be null); see {@link Simd#rmspropUpdate}. */
    void rmspropUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg, int sqOff,
                       float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha, float eps,
                       float weightDecay, float momentum);

    /** One fused Adam/AdamW step with AMSGrad's running max; see {@link Simd#amsgradUpdate}. */
    void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                       float[] vMax, int vMaxOff, float beta1, float beta2, float stepSize, float bc2Sqrt, float eps,
                       float decay, float l2);

    /** One fused RAdam step; see {@link Simd#radamUpdate}. */
    void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                     float beta1, float beta2, boolean rectified, float stepSize, float eps, float decay, float l2);

    /** One fused AdaBelief step; see {@link Simd#adaBeliefUpdate}. */
    void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] s, int sOff,
                         float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay);
}
