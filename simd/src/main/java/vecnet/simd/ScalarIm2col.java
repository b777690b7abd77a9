package vecnet.simd;

/**
 * Reference im2col / col2im for NHWC input, one element at a time. The column matrix has one row per
 * output pixel (b, p, q), in that order, and kernelH * kernelW * c columns ordered (i, j, ch), so that
 * {@code col · W} with W stored (kernelH, kernelW, cin, cout) is the convolution, already NHWC.
 */
final class ScalarIm2col {
    private ScalarIm2col() {
    }

    /** Rows row0..row0+rows of the column matrix (output pixels in (b, p, q) order) into col. */
    static void im2col(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] x, int xOff,
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
    static void col2imAdd(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] col, int colOff,
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
    static void sumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        for (int j = 0; j < cols; j++) {
            double sum = 0.0;
            for (int r = 0; r < rows; r++) {
                sum += a[aOff + r * cols + j];
            }
            s[sOff + j] = (float) sum;
        }
    }
}
