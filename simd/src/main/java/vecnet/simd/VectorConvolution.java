package vecnet.simd;

import static vecnet.simd.VectorSgemm.KC;
import static vecnet.simd.VectorSgemm.MR;
import static vecnet.simd.VectorSgemm.NC;
import static vecnet.simd.VectorSgemm.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector convolution kernels: im2col / col2im for NHWC input, with the layout of
 * {@link ScalarConvolution}, the column sums of the bias gradient, the implicit convolution (GEMM panels
 * packed straight from x, on {@link VectorSgemm}'s blocking and micro-kernel) and the dispatch to
 * {@link VectorNarrowConv}'s direct kernels for narrow layers. In NHWC one kernel row of an
 * undilated window is one contiguous run of (valid taps) * c floats in x and in col, so im2col is a few
 * bulk copies per kernel row ({@code System.arraycopy} is already a vectorised intrinsic: the Vector API
 * adds nothing to a copy) and col2im is a Vector API add over the same runs.
 */
final class VectorConvolution implements ConvKernels {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();


    /** Rows row0..row0+rows of the column matrix (output pixels in (b, p, q) order) into col. */
    @Override
    public void im2col(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] x, int xOff,
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
    @Override
    public void col2imAdd(int n, int h, int w, int c, Window2d win, int row0, int rows, float[] col, int colOff,
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

    /**
     * {@code dst[d..d+len) += src[s..s+len)}; small enough to be inlined, so no vector is boxed. A run is a
     * window row's kw·cin floats (30 for LeNet's second convolution), so the last len % L go through one
     * half-width and one quarter-width vector before any scalar add (one add per element either way).
     */
    private static void addRun(float[] src, int s, float[] dst, int d, int len) {
        int k = 0;
        for (int bound = S.loopBound(len); k < bound; k += L) {
            FloatVector.fromArray(S, dst, d + k).add(FloatVector.fromArray(S, src, s + k)).intoArray(dst, d + k);
        }
        if (L > 8 && len - k >= 8) {
            FloatVector.fromArray(HALF, dst, d + k).add(FloatVector.fromArray(HALF, src, s + k)).intoArray(dst, d + k);
            k += 8;
        }
        if (L > 4 && len - k >= 4) {
            FloatVector.fromArray(QUARTER, dst, d + k).add(FloatVector.fromArray(QUARTER, src, s + k))
                    .intoArray(dst, d + k);
            k += 4;
        }
        for (; k < len; k++) {
            dst[d + k] += src[s + k];
        }
    }

    /** 8 and 4 lanes, for {@link #addRun}'s tail (never wider than the chosen species). */
    private static final VectorSpecies<Float> HALF = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> QUARTER = FloatVector.SPECIES_128;

    /**
     * Column sums, one block of L columns at a time: the block's sums stay in a register over every
     * row and are stored once (a masked load/store per row made the 6-column bias gradient of LeNet's
     * first layer slow: masked stores are slow on AMD). Rows are added in order, as the scalar kernel does.
     */
    @Override
    public void addRowVector(int rows, int cols, float[] b, int bOff, float[] y, int yOff) {
        // one add per element, as the scalar loop (which C2 does not vectorise: b and y may be one array)
        int cv = cols - cols % L;
        for (int r = 0; r < rows; r++) {
            int o = yOff + r * cols;
            for (int j = 0; j < cv; j += L) {
                FloatVector.fromArray(S, y, o + j).add(FloatVector.fromArray(S, b, bOff + j)).intoArray(y, o + j);
            }
            for (int j = cv; j < cols; j++) {
                y[o + j] += b[bOff + j];
            }
        }
    }

    @Override
    public void sumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        int last = a.length - L; // the last index a whole-vector load may start at
        for (int j = 0; j < cols; j += L) {
            // L columns per pass, or the last cols - j: a whole load then also reads the rest of the row (and the
            // next one's start), lanes that are dropped. Each lane sums its rows in order, as a scalar loop would,
            // without a mask (several times dearer to compile) and without one dependent chain per column.
            FloatVector acc = FloatVector.zero(S);
            int r = 0;
            int ar = aOff + j;
            for (; r < rows && ar <= last; r++, ar += cols) {
                acc = acc.add(FloatVector.fromArray(S, a, ar));
            }
            int width = Math.min(L, cols - j);
            if (r == rows && width == L) {
                acc.intoArray(s, sOff + j);
                continue;
            }
            // rows whose load would pass the end of a, and the lanes kept: in scalar, from the lanes' sums
            float[] tile = VectorNarrowGemm.tile();
            acc.intoArray(tile, 0);
            for (int q = 0; q < width; q++) {
                float sum = tile[q];
                for (int rr = r, o = ar + q; rr < rows; rr++, o += cols) {
                    sum += a[o];
                }
                s[sOff + j + q] = sum;
            }
        }
    }

    /** Bias preloaded into y (the GEMM then adds with beta = 1), then {@link #convImplicit}. */
    @Override
    public void conv2dImplicit(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                               float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        int rows = n * win.outH(h) * win.outW(w);
        float beta = 0f;
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias, bOff, y, yOff + r * cout, cout);
            }
            beta = 1f;
        }
        convImplicit(n, h, w, cin, cout, win, x, xOff, weight, wOff, beta, y, yOff);
    }

    /**
     * Convolution forward with implicit im2col, one thread: {@code C = beta C + im2col(x) · W} for NHWC x
     * and W stored (kernelH, kernelW, cin, cout), with the blocking of {@link VectorSgemm#serial} but A packed
     * straight from x ({@link #packConvA}), so the column matrix never exists. C is rows x cout, dense.
     */
    private static void convImplicit(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                             float[] wt, int wOff, float beta, float[] c, int cOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int m = n * oh * ow;
        int k = win.kernelH() * win.kernelW() * cin;
        VectorSgemm.Scratch s = VectorSgemm.SCRATCH.get();
        float[] aPack = s.aPack;
        float[] bPack = s.bPack;
        float[] tile = s.tile;
        for (int jc = 0; jc < cout; jc += NC) {
            int nc = Math.min(NC, cout - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                VectorSgemm.packB(false, wt, wOff, cout, pc, kc, jc, nc, bPack, 0);
                float betaBlock = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MR) {
                    int mr = Math.min(MR, m - ic);
                    packConvA(h, w, cin, win, oh, ow, x, xOff, ic, mr, pc, kc, aPack, s.convRows);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bo = jr * kc;
                        int co = cOff + ic * cout + jc + jr;
                        VectorSgemm.microKernel(kc, aPack, bPack, bo, c, co, cout, betaBlock, mr, nr, false, tile);
                    }
                }
            }
        }
    }

    /**
     * Packs rows ic..ic+mr, columns pc..pc+kc of the (virtual) im2col matrix of x as {@link VectorSgemm#packA}
     * does: row = output pixel (b, p, q), column = (kernel row, kernel column, channel); each tap
     * contributes a run of channels, copied from x or zero when the tap falls in the padding. The runs
     * are walked once for all rows ({@code rows} holds each row's window corner and image offset). In a
     * full panel whose 12 pixels lie in one output row the 12 source pixels of a tap are one stride apart
     * in x, so where at least 8 of them are inside the image each 16 channels are a 12 x 16 block
     * transposed in registers ({@code VectorSgemm.transpose16}, whose stores spill 4 lanes into the next
     * column, written after it, or past kc into aPack's slack), and the rows in the padding are zeroed
     * after; the rest is copied element by element.
     */
    private static void packConvA(int h, int w, int cin, Window2d win, int oh, int ow, float[] x, int xOff,
                                  int ic, int mr, int pc, int kc, float[] dst, int[] rows) {
        int sh = win.strideH();
        int sw = win.strideW();
        for (int r = 0; r < mr; r++) {
            int row = ic + r;
            int t = row / ow;
            rows[3 * r] = t % oh * sh - win.padH();
            rows[3 * r + 1] = row % ow * sw - win.padW();
            rows[3 * r + 2] = xOff + t / oh * h * w * cin;
        }
        boolean oneRow = MR == 12 && L == 16 && mr == 12 && ic % ow + 12 <= ow;
        int step = sw * cin;
        int kwc = win.kernelW() * cin;
        int end = pc + kc;
        int col = pc;
        while (col < end) {
            int i = col / kwc;
            int rem = col - i * kwc;
            int j = rem / cin;
            int ch = rem - j * cin;
            int run = Math.min(cin - ch, end - col);
            int di = i * win.dilationH();
            int dj = j * win.dilationW();
            int d = (col - pc) * MR;
            int e = 0;
            if (oneRow && run >= 16) {
                int ih = rows[0] + di;
                int iw = rows[1] + dj;
                // the pixels of this tap inside the image: r in [lo, hi)
                int lo = iw >= 0 ? 0 : Math.min(12, (-iw + sw - 1) / sw);
                int hi = iw + 11 * sw < w ? 12 : Math.max(lo, (w - iw + sw - 1) / sw);
                int src = rows[2] + (ih * w + iw) * cin + ch;
                if (ih >= 0 && ih < h && hi - lo >= 8 && src >= 0 && src + 11 * step + run <= x.length) {
                    // rows outside the image read a neighbouring pixel of x, then are zeroed
                    for (; e + 16 <= run; e += 16) {
                        VectorSgemm.transpose16(x, src + e, step, 12, 1f, dst, d + e * MR, MR);
                    }
                    for (int r = 0; r < 12; r++) {
                        if (r < lo || r >= hi) {
                            for (int k = 0, dd = d + r; k < e; k++, dd += MR) {
                                dst[dd] = 0f;
                            }
                        }
                    }
                }
            }
            for (int r = 0; r < mr; r++) {
                int ih = rows[3 * r] + di;
                int iw = rows[3 * r + 1] + dj;
                int dd = d + e * MR + r;
                if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                    int src = rows[3 * r + 2] + (ih * w + iw) * cin + ch;
                    for (int k = e; k < run; k++, dd += MR) {
                        dst[dd] = x[src + k];
                    }
                } else {
                    for (int k = e; k < run; k++, dd += MR) {
                        dst[dd] = 0f;
                    }
                }
            }
            col += run;
        }
        if (mr < MR) {
            for (int p = 0; p < kc; p++) {
                for (int r = mr; r < MR; r++) {
                    dst[p * MR + r] = 0f;
                }
            }
        }
    }

    @Override
    public boolean conv2dNarrow(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        if (!VectorNarrowConv.acceptsConv(cout)) {
            return false;
        }
        if (VectorPixelConv.accepts(w, cin, cout, win)) {
            VectorPixelConv.conv(n, h, w, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
            return true;
        }
        VectorNarrowConv.conv(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
        return true;
    }

    @Override
    public boolean conv2dNarrowBackwardWeight(int n, int h, int w, int cin, int cout, Window2d win, float[] x,
                                              int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff) {
        if (!VectorNarrowConv.acceptsConv(cout)) {
            return false;
        }
        VectorNarrowConv.convBackwardWeight(n, h, w, cin, cout, win, x, xOff, dy, dyOff, dWeight, dwOff);
        return true;
    }
}
