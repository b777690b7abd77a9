package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * im2col / col2im for NHWC input, with the layout of {@link ScalarIm2col}. In NHWC one kernel row of an
 * undilated window is one contiguous run of (valid taps) * c floats in x and in col, so im2col is a few
 * bulk copies per kernel row ({@code System.arraycopy} is already a vectorised intrinsic: the Vector API
 * adds nothing to a copy) and col2im is a Vector API add over the same runs.
 */
final class VectorIm2col {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();

    private VectorIm2col() {
    }

    /** Rows row0..row0+rows of the column matrix (output pixels in (b, p, q) order) into col. */
    static void im2col(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] x, int xOff,
                       float[] col, int colOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int kw = win.kernelW();
        int dw = win.dilationW();
        int rowLen = kw * c;
        int o = colOff;
        // (b, p, q) of row0, then stepped along: no divisions per row
        int q = row0 % ow;
        int p = row0 / ow % oh;
        int img = xOff + row0 / ow / oh * h * w * c;
        for (int row = row0; row < row0 + rows; row++) {
            int iw0 = q * win.strideW() - win.padW();
            // taps j0 <= j < j1 fall inside the row
            int j0 = iw0 >= 0 ? 0 : (-iw0 + dw - 1) / dw;
            int j1 = iw0 > w - 1 ? 0 : Math.min(kw, (w - 1 - iw0) / dw + 1);
            for (int i = 0; i < win.kernelH(); i++) {
                int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                if (ih < 0 || ih >= h || j0 >= j1) {
                    zero(col, o, rowLen);
                } else {
                    zero(col, o, j0 * c);
                    int src = img + (ih * w + iw0 + j0 * dw) * c;
                    if (dw == 1) {
                        copy(x, src, col, o + j0 * c, (j1 - j0) * c);
                    } else {
                        for (int j = j0; j < j1; j++) {
                            copy(x, src + (j - j0) * dw * c, col, o + j * c, c);
                        }
                    }
                    zero(col, o + j1 * c, rowLen - j1 * c);
                }
                o += rowLen;
            }
            if (++q == ow) {
                q = 0;
                if (++p == oh) {
                    p = 0;
                    img += h * w * c;
                }
            }
        }
    }

    /**
     * Below this many floats a plain loop copies faster than {@code System.arraycopy}, whose call and
     * checks dominate short runs: LeNet's first layer (one input channel) copies runs of 5 floats.
     */
    static final int SHORT_RUN = 16;

    private static void copy(float[] src, int s, float[] dst, int d, int len) {
        if (len < SHORT_RUN) {
            for (int k = 0; k < len; k++) {
                dst[d + k] = src[s + k];
            }
        } else {
            System.arraycopy(src, s, dst, d, len);
        }
    }

    private static void zero(float[] a, int o, int len) {
        if (len < SHORT_RUN) {
            for (int k = 0; k < len; k++) {
                a[o + k] = 0f;
            }
        } else {
            java.util.Arrays.fill(a, o, o + len, 0f);
        }
    }

    /** Adds rows row0..row0+rows of a column matrix into dx at their input positions (col2im). */
    static void col2imAdd(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] col, int colOff,
                          float[] dx, int dxOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int kw = win.kernelW();
        int dw = win.dilationW();
        int rowLen = kw * c;
        int o = colOff;
        for (int row = row0; row < row0 + rows; row++) {
            int q = row % ow;
            int p = row / ow % oh;
            int img = dxOff + row / ow / oh * h * w * c;
            int iw0 = q * win.strideW() - win.padW();
            int j0 = iw0 >= 0 ? 0 : (-iw0 + dw - 1) / dw;
            int j1 = iw0 > w - 1 ? 0 : Math.min(kw, (w - 1 - iw0) / dw + 1);
            for (int i = 0; i < win.kernelH(); i++) {
                int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                if (ih >= 0 && ih < h && j0 < j1) {
                    int dst = img + (ih * w + iw0 + j0 * dw) * c;
                    if (dw == 1) {
                        addRun(col, o + j0 * c, dx, dst, (j1 - j0) * c);
                    } else {
                        for (int j = j0; j < j1; j++) {
                            addRun(col, o + j * c, dx, dst + (j - j0) * dw * c, c);
                        }
                    }
                }
                o += rowLen;
            }
        }
    }

    /** {@code dst[d..d+len) += src[s..s+len)}; small enough to be inlined, so no vector is boxed. */
    private static void addRun(float[] src, int s, float[] dst, int d, int len) {
        int k = 0;
        for (int bound = S.loopBound(len); k < bound; k += L) {
            FloatVector.fromArray(S, dst, d + k).add(FloatVector.fromArray(S, src, s + k)).intoArray(dst, d + k);
        }
        for (; k < len; k++) {
            dst[d + k] += src[s + k];
        }
    }

    /**
     * Column sums, one block of L columns at a time: the block's sums stay in a register over every
     * row and are stored once (a masked load/store per row made the 6-column bias gradient of LeNet's
     * first layer slow: masked stores are slow on AMD). Rows are added in order, as the scalar kernel does.
     */
    static void sumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        int bound = S.loopBound(cols);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int r = 0, ar = aOff + j; r < rows; r++, ar += cols) {
                acc = acc.add(FloatVector.fromArray(S, a, ar));
            }
            acc.intoArray(s, sOff + j);
        }
        if (j < cols) {
            VectorMask<Float> m = S.indexInRange(j, cols);
            FloatVector acc = FloatVector.zero(S);
            for (int r = 0, ar = aOff + j; r < rows; r++, ar += cols) {
                acc = acc.add(FloatVector.fromArray(S, a, ar, m));
            }
            acc.intoArray(s, sOff + j, m);
        }
    }
}
