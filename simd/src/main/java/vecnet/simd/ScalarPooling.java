package vecnet.simd;

/**
 * Reference pooling over NHWC tensors: plain loops, one element at a time, averages summed in double.
 * Max-pool indices are the flat spatial position {@code ih * w + iw} of the winner within its image.
 */
final class ScalarPooling implements PoolingKernels {

    @Override
    public void maxPool2d(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                          int[] argmax, int argOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    int o = ((b * oh + p) * ow + q) * c;
                    for (int ch = 0; ch < c; ch++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int arg = -1;
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
                                float v = x[xOff + ((b * h + ih) * w + iw) * c + ch];
                                // the first valid tap starts; later: greater wins, a NaN wins over a number
                                if (arg < 0 || v > best || (v != v && best == best)) {
                                    best = v;
                                    arg = ih * w + iw;
                                }
                            }
                        }
                        y[yOff + o + ch] = best;
                        argmax[argOff + o + ch] = arg;
                    }
                }
            }
        }
    }

    @Override
    public void maxPool2dBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff, int[] argmax,
                                  int argOff, float[] dx, int dxOff) {
        java.util.Arrays.fill(dx, dxOff, dxOff + n * h * w * c, 0f);
        int outPerImage = win.outH(h) * win.outW(w);
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < outPerImage; o++) {
                int base = (b * outPerImage + o) * c;
                for (int ch = 0; ch < c; ch++) {
                    int pos = argmax[argOff + base + ch];
                    dx[dxOff + (b * h * w + pos) * c + ch] += dy[dyOff + base + ch];
                }
            }
        }
    }

    @Override
    public void avgPool2d(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] x, int xOff,
                          float[] y, int yOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    int o = ((b * oh + p) * ow + q) * c;
                    int divisor = countIncludePad ? win.kernelH() * win.kernelW() : validTaps(h, w, win, p, q);
                    for (int ch = 0; ch < c; ch++) {
                        double sum = 0.0;
                        for (int i = 0; i < win.kernelH(); i++) {
                            int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                            if (ih < 0 || ih >= h) {
                                continue;
                            }
                            for (int j = 0; j < win.kernelW(); j++) {
                                int iw = q * win.strideW() - win.padW() + j * win.dilationW();
                                if (iw >= 0 && iw < w) {
                                    sum += x[xOff + ((b * h + ih) * w + iw) * c + ch];
                                }
                            }
                        }
                        y[yOff + o + ch] = (float) (sum / divisor);
                    }
                }
            }
        }
    }

    @Override
    public void avgPool2dBackward(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] dy,
                                  int dyOff, float[] dx, int dxOff) {
        java.util.Arrays.fill(dx, dxOff, dxOff + n * h * w * c, 0f);
        int oh = win.outH(h);
        int ow = win.outW(w);
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    int o = ((b * oh + p) * ow + q) * c;
                    int divisor = countIncludePad ? win.kernelH() * win.kernelW() : validTaps(h, w, win, p, q);
                    float inv = 1f / divisor;
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
                            int xi = dxOff + ((b * h + ih) * w + iw) * c;
                            for (int ch = 0; ch < c; ch++) {
                                dx[xi + ch] += dy[dyOff + o + ch] * inv;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Kernel taps of output (p, q) that fall inside the unpadded input. */
    static int validTaps(int h, int w, Window2d win, int p, int q) {
        int rows = 0;
        for (int i = 0; i < win.kernelH(); i++) {
            int ih = p * win.strideH() - win.padH() + i * win.dilationH();
            if (ih >= 0 && ih < h) {
                rows++;
            }
        }
        int cols = 0;
        for (int j = 0; j < win.kernelW(); j++) {
            int iw = q * win.strideW() - win.padW() + j * win.dilationW();
            if (iw >= 0 && iw < w) {
                cols++;
            }
        }
        return rows * cols;
    }

    @Override
    public void globalAvgPool2d(int n, int hw, int c, float[] x, int xOff, float[] y, int yOff) {
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double sum = 0.0;
                for (int p = 0; p < hw; p++) {
                    sum += x[xOff + (b * hw + p) * c + ch];
                }
                y[yOff + b * c + ch] = (float) (sum / hw);
            }
        }
    }

    @Override
    public void globalAvgPool2dBackward(int n, int hw, int c, float[] dy, int dyOff, float[] dx, int dxOff) {
        float inv = 1f / hw;
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < hw; p++) {
                for (int ch = 0; ch < c; ch++) {
                    dx[dxOff + (b * hw + p) * c + ch] = dy[dyOff + b * c + ch] * inv;
                }
            }
        }
    }
}
