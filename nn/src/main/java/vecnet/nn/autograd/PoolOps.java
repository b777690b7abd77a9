package vecnet.nn.autograd;

/**
 * Max and average pooling over NHWC tensors (no padding). Plain Java loops: to be switched to the simd
 * module's pooling kernels when issue 3 lands; this class is the only place to change.
 */
final class PoolOps {
    private PoolOps() {
    }

    /**
     * y = max over each window; argmax (if not null) receives the flat input index of each maximum
     * (first one on ties) for the backward pass.
     */
    static void maxPool(float[] x, int xOff, int n, int h, int w, int c, int kh, int kw, int sh, int sw,
                        float[] y, int yOff, int[] argmax) {
        int oh = ConvOps.outSize(h, kh, sh, 0);
        int ow = ConvOps.outSize(w, kw, sw, 0);
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < c; ch++, o++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bestIdx = -1;
                        for (int ki = 0; ki < kh; ki++) {
                            for (int kj = 0; kj < kw; kj++) {
                                int idx = ((b * h + i * sh + ki) * w + j * sw + kj) * c + ch;
                                float v = x[xOff + idx];
                                if (v > best || bestIdx < 0) {
                                    best = v;
                                    bestIdx = idx;
                                }
                            }
                        }
                        y[yOff + o] = best;
                        if (argmax != null) {
                            argmax[o] = bestIdx;
                        }
                    }
                }
            }
        }
    }

    /** dx[argmax[o]] += dy[o]. */
    static void maxPoolBackward(float[] dy, int dyOff, int[] argmax, float[] dx, int dxOff) {
        for (int o = 0; o < argmax.length; o++) {
            dx[dxOff + argmax[o]] += dy[dyOff + o];
        }
    }

    /** y = mean over each window. */
    static void avgPool(float[] x, int xOff, int n, int h, int w, int c, int kh, int kw, int sh, int sw,
                        float[] y, int yOff) {
        int oh = ConvOps.outSize(h, kh, sh, 0);
        int ow = ConvOps.outSize(w, kw, sw, 0);
        float inv = 1f / (kh * kw);
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o += c) {
                    for (int ch = 0; ch < c; ch++) {
                        y[yOff + o + ch] = 0f;
                    }
                    for (int ki = 0; ki < kh; ki++) {
                        for (int kj = 0; kj < kw; kj++) {
                            int idx = xOff + ((b * h + i * sh + ki) * w + j * sw + kj) * c;
                            for (int ch = 0; ch < c; ch++) {
                                y[yOff + o + ch] += x[idx + ch];
                            }
                        }
                    }
                    for (int ch = 0; ch < c; ch++) {
                        y[yOff + o + ch] *= inv;
                    }
                }
            }
        }
    }

    /** dx += dy / (kh·kw) spread over each window. */
    static void avgPoolBackward(float[] dy, int dyOff, int n, int h, int w, int c, int kh, int kw, int sh, int sw,
                                float[] dx, int dxOff) {
        int oh = ConvOps.outSize(h, kh, sh, 0);
        int ow = ConvOps.outSize(w, kw, sw, 0);
        float inv = 1f / (kh * kw);
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o += c) {
                    for (int ki = 0; ki < kh; ki++) {
                        for (int kj = 0; kj < kw; kj++) {
                            int idx = dxOff + ((b * h + i * sh + ki) * w + j * sw + kj) * c;
                            for (int ch = 0; ch < c; ch++) {
                                dx[idx + ch] += dy[dyOff + o + ch] * inv;
                            }
                        }
                    }
                }
            }
        }
    }
}
