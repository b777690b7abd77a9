package vecnet.simd;

/**
 * The readable reference convolution: the direct seven nested loops (batch, output row, output column,
 * output channel, kernel row, kernel column, input channel), cross-correlation as in every deep-learning
 * library, summed in double. Same layouts as {@link Conv2d}. Tests check the GEMM paths against it.
 */
final class ScalarConv2d {
    private ScalarConv2d() {
    }

    static void conv2d(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
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
}
