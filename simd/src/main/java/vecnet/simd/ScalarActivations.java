package vecnet.simd;

/**
 * The reference activations: each value is computed in double and rounded once to float. Softmax
 * rows sum in double. Output may be the input array at the same offset (in place).
 */
final class ScalarActivations implements ActivationKernels {
    /** √(2/π), GELU's tanh-form constant. */
    static final double GELU_K = 0.7978845608028654;
    static final double GELU_C = 0.044715;
    static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final double INV_SQRT_PI = 0.5641895835477563;
    private static final double SQRT_HALF = 0.7071067811865476;

    /** Φ(x) = erfc(-x / √2) / 2 in double; NaN stays NaN. */
    static double normalCdf(double x) {
        double z = x * SQRT_HALF;
        return z >= 0 ? 1 - 0.5 * erfc(z) : 0.5 * erfc(-z);
    }

    /**
     * erfc(z) for z >= 0 to about 1e-15 relative: below 2.5 as 1 - erf(z) with erf from the series
     * {@code 2/√π e^-z² Σ 2^n z^(2n+1) / (1·3···(2n+1))} (positive terms: no cancellation), above from the continued
     * fraction {@code e^-z² / √π / (z + 1/2 / (z + 1 / (z + 3/2 / (z + ...))))}, evaluated backwards from 60 terms.
     */
    static double erfc(double z) {
        if (Double.isNaN(z)) {
            return z;
        }
        if (z < 2.5) {
            double term = z;
            double sum = z;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
                term *= 2 * z * z / (2 * n + 1);
                sum += term;
            }
            return 1 - 2 * INV_SQRT_PI * Math.exp(-z * z) * sum;
        }
        if (z > 27) {
            return 0; // below 1e-300: e^-z² underflows
        }
        double f = z;
        for (int k = 60; k >= 1; k--) {
            f = z + (k / 2.0) / f;
        }
        return INV_SQRT_PI * Math.exp(-z * z) / f;
    }


    /** f(x) in double; {@code param} is α where the function has one. */
    static double f(Activation f, double param, double x) {
        switch (f) {
            case STEP:
                return x > 0 ? 1.0 : x <= 0 ? 0.0 : x;
            case IDENTITY:
                return x;
            case SIGMOID:
                return sigmoid(x);
            case TANH:
                return Math.tanh(x);
            case RELU:
                return Math.max(x, 0.0);
            case LEAKY_RELU:
                return x > 0 ? x : param * x;
            case ELU:
                return x > 0 ? x : param * Math.expm1(x);
            case SELU:
                return Activation.SELU_LAMBDA * (x > 0 ? x : Activation.SELU_ALPHA * Math.expm1(x));
            case SILU:
                return x * sigmoid(x);
            case GELU:
                return x * normalCdf(x);
            case GELU_TANH:
                return 0.5 * x * (1.0 + Math.tanh(GELU_K * x * (1.0 + GELU_C * x * x)));
            case SOFTPLUS:
                return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
            case HARD_SIGMOID:
                return Math.min(Math.max(x / 6.0 + 0.5, 0.0), 1.0);
            default:
                throw new AssertionError(f);
        }
    }

    /** f'(x) in double, with the conventions at kinks documented on {@link Activation}. */
    static double df(Activation f, double param, double x) {
        switch (f) {
            case STEP:
                return 0.0;
            case IDENTITY:
                return 1.0;
            case SIGMOID:
                return sigmoidDerivative(x);
            case TANH: {
                double t = Math.tanh(x);
                return 1.0 - t * t;
            }
            case RELU:
                return x > 0 ? 1.0 : 0.0;
            case LEAKY_RELU:
                return x > 0 ? 1.0 : param;
            case ELU:
                return x > 0 ? 1.0 : param * Math.exp(x);
            case SELU:
                return Activation.SELU_LAMBDA * (x > 0 ? 1.0 : Activation.SELU_ALPHA * Math.exp(x));
            case SILU:
                return sigmoid(x) + x * sigmoidDerivative(x);
            case GELU:
                return normalCdf(x) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
            case GELU_TANH: {
                double t = Math.tanh(GELU_K * x * (1.0 + GELU_C * x * x));
                return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_K * (1.0 + 3.0 * GELU_C * x * x);
            }
            case SOFTPLUS:
                return sigmoid(x);
            case HARD_SIGMOID:
                return x > -3.0 && x < 3.0 ? 1.0 / 6.0 : 0.0;
            default:
                throw new AssertionError(f);
        }
    }

    /**
     * σ'(x) = e / (1 + e)² with e = exp(-|x|) <= 1: never overflows, and keeps full relative precision
     * where s (1 - s) would cancel to 0 (for x > 17 in float, x > 37 in double).
     */
    static double sigmoidDerivative(double x) {
        double e = Math.exp(-Math.abs(x));
        double r = 1.0 / (1.0 + e);
        return e * r * r;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    @Override
    public void activate(Activation f, float param, float[] x, int xOff, float[] y, int yOff, int n) {
        // the piecewise-linear functions get their own loops (exact in float, no per-element switch);
        // this is also the fallback without the vector module
        switch (f) {
            case IDENTITY:
                System.arraycopy(x, xOff, y, yOff, n);
                return;
            case RELU:
                for (int i = 0; i < n; i++) {
                    y[yOff + i] = Math.max(x[xOff + i], 0f);
                }
                return;
            case LEAKY_RELU:
                for (int i = 0; i < n; i++) {
                    float v = x[xOff + i];
                    // branch-free (random signs mispredict): exact, one of the two terms is 0
                    y[yOff + i] = Math.max(v, 0f) + param * Math.min(v, 0f);
                }
                return;
            default:
                for (int i = 0; i < n; i++) {
                    y[yOff + i] = (float) f(f, param, x[xOff + i]);
                }
        }
    }

    @Override
    public void activateBackward(Activation f, float param, float[] x, int xOff, float[] dy, int dyOff,
                                 float[] dx, int dxOff, int n) {
        switch (f) {
            case RELU:
            case LEAKY_RELU: {
                float slope = f == Activation.RELU ? 0f : param;
                for (int i = 0; i < n; i++) {
                    float g = dy[dyOff + i];
                    dx[dxOff + i] = x[xOff + i] > 0 ? g : slope * g;
                }
                return;
            }
            default:
                for (int i = 0; i < n; i++) {
                    dx[dxOff + i] = (float) (dy[dyOff + i] * df(f, param, x[xOff + i]));
                }
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * cols;
            int yi = yOff + r * cols;
            float max = rowMax(x, xi, cols);
            double sum = 0.0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp((double) x[xi + j] - max);
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < cols; j++) {
                y[yi + j] = (float) (Math.exp((double) x[xi + j] - max) * inv);
            }
        }
    }

    @Override
    public void logSoftmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * cols;
            int yi = yOff + r * cols;
            float max = rowMax(x, xi, cols);
            double sum = 0.0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp((double) x[xi + j] - max);
            }
            double shift = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                y[yi + j] = (float) (x[xi + j] - shift);
            }
        }
    }

    /** The row maximum; NaN if the row holds a NaN (Math.max propagates it). */
    private static float rowMax(float[] x, int off, int cols) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, x[off + j]);
        }
        return max;
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff,
                                    float[] dx, int dxOff) {
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * cols;
            int gi = dyOff + r * cols;
            int di = dxOff + r * cols;
            double dot = 0.0;
            for (int j = 0; j < cols; j++) {
                dot += (double) dy[gi + j] * y[yi + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[di + j] = (float) (y[yi + j] * (dy[gi + j] - dot));
            }
        }
    }

    @Override
    public void logSoftmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff,
                                       float[] dx, int dxOff) {
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * cols;
            int gi = dyOff + r * cols;
            int di = dxOff + r * cols;
            double sum = 0.0;
            for (int j = 0; j < cols; j++) {
                sum += dy[gi + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[di + j] = (float) (dy[gi + j] - Math.exp(y[yi + j]) * sum);
            }
        }
    }

    @Override
    public void maxout(int rows, int units, int k, float[] x, int xOff, float[] y, int yOff, int[] idx,
                       int idxOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * units * k;
            for (int u = 0; u < units; u++) {
                float best = x[xr + u];
                int arg = 0;
                for (int j = 1; j < k; j++) {
                    float v = x[xr + j * units + u];
                    // strictly greater keeps the first of equal pieces; a NaN piece wins over a number
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        arg = j;
                    }
                }
                y[yOff + r * units + u] = best;
                idx[idxOff + r * units + u] = arg;
            }
        }
    }

    @Override
    public void maxoutBackward(int rows, int units, int k, float[] dy, int dyOff, int[] idx, int idxOff,
                               float[] dx, int dxOff) {
        for (int r = 0; r < rows; r++) {
            int xr = dxOff + r * units * k;
            for (int j = 0; j < k; j++) {
                for (int u = 0; u < units; u++) {
                    int o = r * units + u;
                    dx[xr + j * units + u] = idx[idxOff + o] == j ? dy[dyOff + o] : 0f;
                }
            }
        }
    }
}
