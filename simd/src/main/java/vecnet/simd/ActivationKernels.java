package vecnet.simd;

/**
 * The activation family: elementwise activations and their derivatives, row-wise softmax and
 * log-softmax, maxout. Implemented by {@link ScalarActivations} and {@link VectorActivations}; arguments
 * are validated by {@link ActivationArgs} first.
 */
interface ActivationKernels {
    /** {@code y[i] += x[i]} for n elements (gradient accumulation); one float add each, so every implementation gives the same bits. */
    void add(float[] x, int xOff, float[] y, int yOff, int n);

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
}
