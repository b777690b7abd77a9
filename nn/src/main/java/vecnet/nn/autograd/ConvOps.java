package vecnet.nn.autograd;

import java.util.Arrays;

/**
 * Explicit im2col / col2im for NHWC convolution. Plain Java loops: to be switched to the simd module's
 * im2col/col2im (or implicit-im2col GEMM) kernels when issue 3 lands; this class is the only place to
 * change.
 */
final class ConvOps {
    private ConvOps() {
    }

    static int outSize(int in, int k, int stride, int pad) {
        return (in + 2 * pad - k) / stride + 1;
    }

    /**
     * col[(n·OH·OW + oh·OW + ow), (kh·KW + kw)·C + c] = x[n, oh·sh − ph + kh, ow·sw − pw + kw, c], zero
     * outside the image. col is (N·OH·OW) x (KH·KW·C), row-major.
     */
    static void im2col(float[] x, int xOff, int n, int h, int w, int c, int kh, int kw, int sh, int sw,
                       int ph, int pw, float[] col) {
        int oh = outSize(h, kh, sh, ph);
        int ow = outSize(w, kw, sw, pw);
        int rowLen = kh * kw * c;
        int r = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, r++) {
                    int dst = r * rowLen;
                    for (int ki = 0; ki < kh; ki++) {
                        int y = i * sh - ph + ki;
                        for (int kj = 0; kj < kw; kj++, dst += c) {
                            int xx = j * sw - pw + kj;
                            if (y < 0 || y >= h || xx < 0 || xx >= w) {
                                Arrays.fill(col, dst, dst + c, 0f);
                            } else {
                                System.arraycopy(x, xOff + ((b * h + y) * w + xx) * c, col, dst, c);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: dx[...] += col[...] (dx must be zeroed or hold a gradient). */
    static void col2im(float[] col, int n, int h, int w, int c, int kh, int kw, int sh, int sw, int ph, int pw,
                       float[] dx, int dxOff) {
        int oh = outSize(h, kh, sh, ph);
        int ow = outSize(w, kw, sw, pw);
        int rowLen = kh * kw * c;
        int r = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, r++) {
                    int src = r * rowLen;
                    for (int ki = 0; ki < kh; ki++) {
                        int y = i * sh - ph + ki;
                        for (int kj = 0; kj < kw; kj++, src += c) {
                            int xx = j * sw - pw + kj;
                            if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                int d = dxOff + ((b * h + y) * w + xx) * c;
                                for (int ch = 0; ch < c; ch++) {
                                    dx[d + ch] += col[src + ch];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
