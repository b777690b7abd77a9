package vecnet.simd;

/**
 * The batch-normalization family over a dense rows x c matrix, channels last (an NHWC tensor seen as
 * (N·H·W, C), or a batch of feature vectors): the per-channel sums behind the batch statistics and the
 * backward pass, and the two elementwise passes. Implemented by {@link ScalarNormalization} and
 * {@link VectorNormalization} with the same float operations in the same order (each channel sums its rows
 * in order, no FMA contraction), so they give the same bits. {@link BatchNormPasses} cuts a call into blocks of
 * rows and threads; arguments are validated by {@link NormArgs} first.
 */
interface NormKernels {
    /** {@code s[j] = Σ_r x[r, j]}. */
    void sums(int rows, int c, float[] x, int xOff, float[] s, int sOff);

    /** {@code s[j] = Σ_r (x[r, j] − mean[j])²}. */
    void squaredDeviations(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] s, int sOff);

    /** {@code sDy[j] = Σ_r dy[r, j]} and {@code sDyXc[j] = Σ_r dy[r, j]·(x[r, j] − mean[j])}, both from sOff. */
    void backwardSums(int rows, int c, float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                      float[] sDy, float[] sDyXc, int sOff);

    /** {@code y[r, j] = (x[r, j] − mean[j])·scale[j] + shift[j]}. */
    void normalize(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] scale, int scaleOff,
                   float[] shift, int shiftOff, float[] y, int yOff);

    /**
     * {@code dx[r, j] = (dy[r, j] − dyMean[j] − (x[r, j] − mean[j])·proj[j])·scale[j]}, with dyMean, proj and scale
     * the three rows of c floats of {@code coef} from coefOff.
     */
    void normalizeBackward(int rows, int c, float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                           float[] coef, int coefOff, float[] dx, int dxOff);
}
