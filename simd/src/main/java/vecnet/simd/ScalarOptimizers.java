package vecnet.simd;

/** Scalar reference of the fused Adam-family updates (Adam, AMSGrad, RAdam, AdaBelief): one pass each. */
final class ScalarOptimizers {
    private ScalarOptimizers() {
    }

    /** See {@link Simd#adamUpdate}. The operation order is the one the vector kernel repeats exactly. */
    static void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                           float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
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
    static void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                              int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float stepSize,
                              float bc2Sqrt, float eps, float decay, float l2) {
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
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
    static void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                            float beta1, float beta2, boolean rectified, float stepSize, float eps, float decay,
                            float l2) {
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
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
    static void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] s,
                                int sOff, float beta1, float beta2, float stepSize, float bc2Sqrt, float eps,
                                float decay) {
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
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
}
