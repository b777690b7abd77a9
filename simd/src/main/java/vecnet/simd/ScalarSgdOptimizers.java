package vecnet.simd;

/**
 * Scalar reference of the fused SGD, Adagrad and RMSprop updates (nn's former loops, operation for
 * operation). The branches test flags fixed for the whole call; the vector kernels split them into
 * separate loops and repeat each expression in the same order.
 */
final class ScalarSgdOptimizers {
    private ScalarSgdOptimizers() {
    }

    /** See {@link Simd#sgdUpdate}. */
    static void sgdUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
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
    static void adagradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] sum, int sumOff, float clr,
                              float weightDecay, float eps) {
        for (int i = 0; i < n; i++) {
            float d = g[gOff + i] + weightDecay * p[pOff + i];
            float s = sum[sumOff + i] + d * d;
            sum[sumOff + i] = s;
            p[pOff + i] = p[pOff + i] - clr * d / ((float) Math.sqrt(s) + eps);
        }
    }

    /** See {@link Simd#rmspropUpdate}. */
    static void rmspropUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg, int sqOff,
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
}
