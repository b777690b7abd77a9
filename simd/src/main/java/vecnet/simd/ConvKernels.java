package vecnet.simd;

/**
 * The convolution family (NHWC): im2col and its adjoint, the bias gradient ({@code sumRows}), the
 * implicit convolution and the direct kernels for narrow layers. {@link Im2colConvolution} composes these
 * with a {@link GemmKernels} into the explicit path. Implemented by {@link ScalarConvolution} and
 * {@link VectorConvolution}; arguments are validated by {@link ConvArgs} first.
 */
interface ConvKernels {
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

    /** {@code y[r, j] += b[j]} over a dense rows x cols y (a bias added after a product): sumRows' adjoint. */
    void addRowVector(int rows, int cols, float[] b, int bOff, float[] y, int yOff);

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
}
