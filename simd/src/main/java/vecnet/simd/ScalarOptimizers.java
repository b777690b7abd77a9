package vecnet.simd;

/** Scalar reference of the fused optimizer updates: one pass over the parameter buffer. */
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
}
