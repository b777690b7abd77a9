package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pooling over NHWC tensors on the Vector API, vectorised across channels: every window tap is a
 * contiguous run of c floats, so each tap is one load per L channels; the channel tail is one masked
 * vector. Same results as {@link ScalarPooling} (same max rule and indices; averages summed in float).
 * Max-pool backward routes with a compare per tap instead of a scatter (AVX2 has none).
 */
final class VectorPooling {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    static final int L = S.length();

    private VectorPooling() {
    }

    static void maxPool2d(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                          int[] argmax, int argOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        for (int b = 0; b < n; b++) {
            int img = xOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    int o = ((b * oh + p) * ow + q) * c;
                    for (int ch = 0; ch < c; ch += L) {
                        VectorMask<Float> m = S.indexInRange(ch, c);
                        FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                        IntVector arg = IntVector.broadcast(I, -1);
                        boolean first = true;
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
                                int pos = ih * w + iw;
                                FloatVector v = FloatVector.fromArray(S, x, img + pos * c + ch, m);
                                if (first) {
                                    best = v;
                                    arg = IntVector.broadcast(I, pos);
                                    first = false;
                                } else {
                                    VectorMask<Float> win2 = v.compare(VectorOperators.GT, best)
                                            .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                                    best = best.blend(v, win2);
                                    arg = arg.blend(pos, win2.cast(I));
                                }
                            }
                        }
                        best.intoArray(y, yOff + o + ch, m);
                        arg.intoArray(argmax, argOff + o + ch, m.cast(I));
                    }
                }
            }
        }
    }

    static void maxPool2dBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff, int[] argmax,
                                  int argOff, float[] dx, int dxOff) {
        java.util.Arrays.fill(dx, dxOff, dxOff + n * h * w * c, 0f);
        int oh = win.outH(h);
        int ow = win.outW(w);
        for (int b = 0; b < n; b++) {
            int img = dxOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    int o = ((b * oh + p) * ow + q) * c;
                    for (int ch = 0; ch < c; ch += L) {
                        VectorMask<Float> m = S.indexInRange(ch, c);
                        FloatVector g = FloatVector.fromArray(S, dy, dyOff + o + ch, m);
                        IntVector arg = IntVector.fromArray(I, argmax, argOff + o + ch, m.cast(I));
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
                                int pos = ih * w + iw;
                                VectorMask<Float> won = arg.compare(VectorOperators.EQ, pos).cast(S).and(m);
                                if (won.anyTrue()) {
                                    int xi = img + pos * c + ch;
                                    FloatVector.fromArray(S, dx, xi, m).add(g, won).intoArray(dx, xi, m);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static void avgPool2d(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] x, int xOff,
                          float[] y, int yOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        for (int b = 0; b < n; b++) {
            int img = xOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    int o = ((b * oh + p) * ow + q) * c;
                    int divisor = countIncludePad ? win.kernelH() * win.kernelW()
                            : ScalarPooling.validTaps(h, w, win, p, q);
                    float inv = 1f / divisor;
                    for (int ch = 0; ch < c; ch += L) {
                        VectorMask<Float> m = S.indexInRange(ch, c);
                        FloatVector acc = FloatVector.zero(S);
                        for (int i = 0; i < win.kernelH(); i++) {
                            int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                            if (ih < 0 || ih >= h) {
                                continue;
                            }
                            for (int j = 0; j < win.kernelW(); j++) {
                                int iw = q * win.strideW() - win.padW() + j * win.dilationW();
                                if (iw >= 0 && iw < w) {
                                    acc = acc.add(FloatVector.fromArray(S, x, img + (ih * w + iw) * c + ch, m));
                                }
                            }
                        }
                        acc.mul(inv).intoArray(y, yOff + o + ch, m);
                    }
                }
            }
        }
    }

    static void avgPool2dBackward(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] dy,
                                  int dyOff, float[] dx, int dxOff) {
        java.util.Arrays.fill(dx, dxOff, dxOff + n * h * w * c, 0f);
        int oh = win.outH(h);
        int ow = win.outW(w);
        for (int b = 0; b < n; b++) {
            int img = dxOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    int o = ((b * oh + p) * ow + q) * c;
                    int divisor = countIncludePad ? win.kernelH() * win.kernelW()
                            : ScalarPooling.validTaps(h, w, win, p, q);
                    float inv = 1f / divisor;
                    for (int ch = 0; ch < c; ch += L) {
                        VectorMask<Float> m = S.indexInRange(ch, c);
                        FloatVector g = FloatVector.fromArray(S, dy, dyOff + o + ch, m).mul(inv);
                        for (int i = 0; i < win.kernelH(); i++) {
                            int ih = p * win.strideH() - win.padH() + i * win.dilationH();
                            if (ih < 0 || ih >= h) {
                                continue;
                            }
                            for (int j = 0; j < win.kernelW(); j++) {
                                int iw = q * win.strideW() - win.padW() + j * win.dilationW();
                                if (iw >= 0 && iw < w) {
                                    int xi = img + (ih * w + iw) * c + ch;
                                    FloatVector.fromArray(S, dx, xi, m).add(g).intoArray(dx, xi, m);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static void globalAvgPool2d(int n, int hw, int c, float[] x, int xOff, float[] y, int yOff) {
        float inv = 1f / hw;
        for (int b = 0; b < n; b++) {
            int yi = yOff + b * c;
            int xi = xOff + b * hw * c;
            for (int ch = 0; ch < c; ch += L) {
                VectorMask<Float> m = S.indexInRange(ch, c);
                FloatVector acc = FloatVector.zero(S);
                for (int p = 0; p < hw; p++) {
                    acc = acc.add(FloatVector.fromArray(S, x, xi + p * c + ch, m));
                }
                acc.mul(inv).intoArray(y, yi + ch, m);
            }
        }
    }

    static void globalAvgPool2dBackward(int n, int hw, int c, float[] dy, int dyOff, float[] dx, int dxOff) {
        float inv = 1f / hw;
        for (int b = 0; b < n; b++) {
            int xi = dxOff + b * hw * c;
            for (int ch = 0; ch < c; ch += L) {
                VectorMask<Float> m = S.indexInRange(ch, c);
                FloatVector g = FloatVector.fromArray(S, dy, dyOff + b * c + ch, m).mul(inv);
                for (int p = 0; p < hw; p++) {
                    g.intoArray(dx, xi + p * c + ch, m);
                }
            }
        }
    }
}
