package vecnet.simd;

/**
 * The scalar convolution kernels: reference im2col / col2im for NHWC input, one element at a time, the
 * column sums of the bias gradient, and the direct convolution loops. The column matrix has one row per
 * output pixel (b, p, q), in that order, and kernelH * kernelW * c columns ordered (i, j, ch), so that
 * {@code col · W} with W stored (kernelH, kernelW, cin, cout) is the convolution, already NHWC.
 */
final class ScalarConvolution implements ConvKernels {

    /** Rows row0..row0+rows of the column matrix (output pixels in (b, p, q) order) into col. */
    @Override
    public void im2col(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] x, int xOff,
                       float[] col, int colOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int o = colOff;
        for (int row = row0; row < row0 + rows; row++) {
            int q = row % ow;
            int p = row / ow % oh;
            int b = row / ow / oh;
            for (int i = 0; i < win.kernelH(); i++) {
                int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                for (int j = 0; j < win.kernelW(); j++) {
                    int iw = q * win.strideW() - win.padW() + j * win.dilationW();
                    boolean inside = ih >= 0 && ih < h && iw >= 0 && iw < w;
                    int xi = xOff + ((b * h + ih) * w + iw) * c;
                    for (int ch = 0; ch < c; ch++) {
                        col[o++] = inside ? x[xi + ch] : 0f;
                    }
                }
            }
        }
    }

    /** Adds rows row0..row0+rows of a column matrix into dx at their input positions (col2im). */
    @Override
    public void col2imAdd(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] col, int colOff,
                          float[] dx, int dxOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int o = colOff;
        for (int row = row0; row < row0 + rows; row++) {
            int q = row % ow;
            int p = row / ow % oh;
            int b = row / ow / oh;
            for (int i = 0; i < win.kernelH(); i++) {
                int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                for (int j = 0; j < win.kernelW(); j++) {
                    int iw = q * win.strideW() - win.padW() + j * win.dilationW();
                    if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                        int xi = dxOff + ((b * h + ih) * w + iw) * c;
                        for (int ch = 0; ch < c; ch++) {
                            dx[xi + ch] += col[o + ch];
                        }
                    }
                    o += c;
                }
            }
        }
    }

    /** {@code s[j] = Σ_r a[r, j]} for a dense rows x cols matrix, summed in double. */
    @Override
    public void addRowVector(int rows, int cols, float[] b, int bOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int o = yOff + r * cols;
            for (int j = 0; j < cols; j++) {
                y[o + j] += b[bOff + j];
            }
        }
    }

    @Override
    public void sumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        for (int j = 0; j < cols; j++) {
            double sum = 0.0;
            for (int r = 0; r < rows; r++) {
                sum += a[aOff + r * cols + j];
            }
            s[sOff + j] = (float) sum;
        }
    }

    /**
     * The readable reference convolution: the direct seven nested loops (batch, output row, output
     * column, output channel, kernel row, kernel column, input channel), cross-correlation as in every
     * deep-learning library, summed in double. Tests check the GEMM paths against it.
     */
    @Override
    public void conv2dImplicit(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                               float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    for (int co = 0; co < cout; co++) {
                        double sum = bias == null ? 0.0 : bias[bOff + co];
                        for (int i = 0; i < win.kernelH(); i++) {
                            int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                            if (ih < 0 || ih >= h) {
                                continue;
                            }
                            for (int j = 0; j < win.kernelW(); j++) {
                                int iw = q * win.strideW() - win.padW() + j * win.dilationW();
                                if (iw < 0 || iw >= w) {
                                    continue;
                                }
                                for (int ci = 0; ci < cin; ci++) {
                                    sum += (double) x[xOff + ((b * h + ih) * w + iw) * cin + ci]
                                            * weight[wOff + ((i * win.kernelW() + j) * cin + ci) * cout + co];
                                }
                            }
                        }
                        y[yOff + ((b * oh + p) * ow + q) * cout + co] = (float) sum;
                    }
                }
            }
        }
    }

    @Override
    public boolean conv2dNarrow(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        return false; // the scalar reference keeps one path: im2col + GEMM
    }

    @Override
    public boolean conv2dNarrowBackwardWeight(int n, int h, int w, int cin, int cout, Window2d win, float[] x,
                                              int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff) {
        return false;
    }
}
