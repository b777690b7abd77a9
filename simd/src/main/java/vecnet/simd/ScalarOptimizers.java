package vecnet.simd;

/**
 * Scalar reference of every fused optimizer update, one pass each: the Adam family (Adam, AMSGrad,
 * RAdam, AdaBelief), then SGD, Adagrad and RMSprop (nn's former loops, operation for operation). The
 * branches test flags fixed for the whole call; the vector kernels split them into separate loops and
 * repeat each expression in the same order.
 */
final class ScalarOptimizers implements OptimizerKernels {

    /** See {@link Simd#adamUpdate}. The operation order is the one the vector kernel repeats exactly. */
    @Override
    public void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                           float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i] * decay;
            float d = g[gOff + i] + l2 * pi;
            float mi = beta1 * m[mOff + i] + c1 * d;
            float vi = beta2 * v[vOff + i] + c2 * d * d;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            p[pOff + i] = pi - stepSize * mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps);
        }
    }

    /** See {@link Simd#amsgradUpdate}: Adam's order, with the running max of v in the denominator. */
    @Override
    public void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                              int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize,
                              float bc2Sqrt, float eps, float decay, float l2) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i] * decay;
            float d = g[gOff + i] + l2 * pi;
            float mi = beta1 * m[mOff + i] + c1 * d;
            float vi = beta2 * v[vOff + i] + c2 * d * d;
            float mx = Math.max(vMax[vMaxOff + i], vi);
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            vMax[vMaxOff + i] = mx;
            p[pOff + i] = pi - stepSize * mi / ((float) Math.sqrt(mx) / bc2Sqrt + eps);
        }
    }

    /** See {@link Simd#radamUpdate}. */
    @Override
    public void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                            float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, boolean rectified, float stepSize, float eps, float decay,
                            float l2) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i] * decay;
            float d = g[gOff + i] + l2 * pi;
            float mi = beta1 * m[mOff + i] + c1 * d;
            float vi = beta2 * v[vOff + i] + c2 * d * d;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            p[pOff + i] = rectified ? pi - stepSize * mi / ((float) Math.sqrt(vi) + eps) : pi - stepSize * mi;
        }
    }

    /** See {@link Simd#adaBeliefUpdate}. */
    @Override
    public void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] s,
                                int sOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
                                float decay) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        for (int i = 0; i < n; i++) {
            float d = g[gOff + i];
            float mi = beta1 * m[mOff + i] + c1 * d;
            float r = d - mi;
            float si = beta2 * s[sOff + i] + c2 * r * r + eps;
            m[mOff + i] = mi;
            s[sOff + i] = si;
            p[pOff + i] = p[pOff + i] * decay - stepSize * mi / ((float) Math.sqrt(si) / bc2Sqrt + eps);
        }
    }

    // ---- SGD, Adagrad, RMSprop ----
    /** See {@link Simd#sgdUpdate}. */
    @Override
    public void sgdUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
                          float weightDecay, float momentum, float dampening, boolean nesterov, boolean firstStep) {
        float c = 1 - dampening;
        for (int i = 0; i < n; i++) {
            float d = g[gOff + i] + weightDecay * p[pOff + i];
            if (buf != null) {
                float b = firstStep ? d : momentum * buf[bufOff + i] + c * d;
                buf[bufOff + i] = b;
                d = nesterov ? d + momentum * b : b;
            }
            p[pOff + i] = p[pOff + i] - lr * d;
        }
    }

    /** See {@link Simd#adagradUpdate}. */
    @Override
    public void adagradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] sum, int sumOff, float clr,
                              float weightDecay, float eps) {
        for (int i = 0; i < n; i++) {
            float d = g[gOff + i] + weightDecay * p[pOff + i];
            float s = sum[sumOff + i] + d * d;
            sum[sumOff + i] = s;
            p[pOff + i] = p[pOff + i] - clr * d / ((float) Math.sqrt(s) + eps);
        }
    }

    /** See {@link Simd#rmspropUpdate}. */
    @Override
    public void rmspropUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg, int sqOff,
                              float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha, float eps,
                              float weightDecay, float momentum) {
        float c = 1 - alpha;
        for (int i = 0; i < n; i++) {
            float d = g[gOff + i] + weightDecay * p[pOff + i];
            float v = alpha * squareAvg[sqOff + i] + c * d * d;
            squareAvg[sqOff + i] = v;
            if (gradAvg != null) {
                float a = alpha * gradAvg[gaOff + i] + c * d;
                gradAvg[gaOff + i] = a;
                v = Math.max(0f, v - a * a); // >= 0 exactly, but float rounding can dip below
            }
            float avg = (float) Math.sqrt(v) + eps;
            if (buf != null) {
                float b = momentum * buf[bufOff + i] + d / avg;
                buf[bufOff + i] = b;
                p[pOff + i] = p[pOff + i] - lr * b;
            } else {
                p[pOff + i] = p[pOff + i] - lr * d / avg;
            }
        }
    }

    // ---- the gradient check before an update ----
    /** See {@link Simd#firstNonFinite}. */
    @Override
    public int firstNonFinite(int n, float[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[xOff + i])) {
                return i;
            }
        }
        return -1;
    }
}
