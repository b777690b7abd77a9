package vecnet.simd;

/**
 * The optimizer family: every fused in-place parameter update (SGD, Adam/AdamW, AMSGrad, RAdam,
 * AdaBelief, Adagrad, RMSprop). Implemented by {@link ScalarOptimizers} and {@link VectorOptimizers},
 * which give identical bits; arguments are validated by {@link OptimizerArgs} first.
 */
interface OptimizerKernels {
    /** One fused Adam/AdamW step over n parameters; see {@link Simd#adamUpdate}. */
    void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                    float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2);

    /** One fused Adam/AdamW step with AMSGrad's running max; see {@link Simd#amsgradUpdate}. */
    void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                       float[] vMax, int vMaxOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
                       float decay, float l2);

    /** One fused RAdam step; see {@link Simd#radamUpdate}. */
    void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                     float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, boolean rectified, float stepSize, float eps, float decay, float l2);

    /** One fused AdaBelief step; see {@link Simd#adaBeliefUpdate}. */
    void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] s, int sOff,
                         float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float decay);

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

    /** The index of the first NaN or infinite element of x[xOff, xOff + n), or -1; see {@link Simd#firstNonFinite}. */
    int firstNonFinite(int n, float[] x, int xOff);
}
