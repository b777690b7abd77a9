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
        int dh = win.dilationH();
        int dw = win.dilationW();
        int bound = S.loopBound(c);
        FloatVector minusInf = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int b = 0; b < n; b++) {
            int img = xOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                int h0 = p * win.strideH() - win.padH();
                int i0 = WindowTaps.firstTap(h0, dh, win.kernelH());
                int i1 = WindowTaps.endTap(h0, dh, win.kernelH(), h);
                for (int q = 0; q < ow; q++) {
                    int w0 = q * win.strideW() - win.padW();
                    int j0 = WindowTaps.firstTap(w0, dw, win.kernelW());
                    int j1 = WindowTaps.endTap(w0, dw, win.kernelW(), w);
                    int o = ((b * oh + p) * ow + q) * c;
                    // best starts at -inf with the first valid tap as its index: the scalar rule exactly
                    int firstPos = (h0 + i0 * dh) * w + w0 + j0 * dw;
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector best = minusInf;
                        IntVector arg = IntVector.broadcast(I, firstPos);
                        for (int i = i0; i < i1; i++) {
                            int row = (h0 + i * dh) * w + w0;
                            for (int j = j0; j < j1; j++) {
                                int pos = row + j * dw;
                                FloatVector v = FloatVector.fromArray(S, x, img + pos * c + ch);
                                VectorMask<Float> won = v.compare(VectorOperators.GT, best)
                                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                                best = best.blend(v, won);
                                arg = arg.blend(pos, won.cast(I));
                            }
                        }
                        best.intoArray(y, yOff + o + ch);
                        arg.intoArray(argmax, argOff + o + ch);
                    }
                    if (ch < c) {
                        VectorMask<Float> m = S.indexInRange(ch, c);
                        FloatVector best = minusInf;
                        IntVector arg = IntVector.broadcast(I, firstPos);
                        for (int i = i0; i < i1; i++) {
                            int row = (h0 + i * dh) * w + w0;
                            for (int j = j0; j < j1; j++) {
                                int pos = row + j * dw;
                                FloatVector v = FloatVector.fromArray(S, x, img + pos * c + ch, m);
                                VectorMask<Float> won = v.compare(VectorOperators.GT, best)
                                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                                best = best.blend(v, won);
                                arg = arg.blend(pos, won.cast(I));
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
        int dh = win.dilationH();
        int dw = win.dilationW();
        int bound = S.loopBound(c);
        for (int b = 0; b < n; b++) {
            int img = dxOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                int h0 = p * win.strideH() - win.padH();
                int i0 = WindowTaps.firstTap(h0, dh, win.kernelH());
                int i1 = WindowTaps.endTap(h0, dh, win.kernelH(), h);
                for (int q = 0; q < ow; q++) {
                    int w0 = q * win.strideW() - win.padW();
                    int j0 = WindowTaps.firstTap(w0, dw, win.kernelW());
                    int j1 = WindowTaps.endTap(w0, dw, win.kernelW(), w);
                    int o = ((b * oh + p) * ow + q) * c;
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector g = FloatVector.fromArray(S, dy, dyOff + o + ch);
                        IntVector arg = IntVector.fromArray(I, argmax, argOff + o + ch);
                        for (int i = i0; i < i1; i++) {
                            int row = (h0 + i * dh) * w + w0;
                            for (int j = j0; j < j1; j++) {
                                int pos = row + j * dw;
                                VectorMask<Float> won = arg.compare(VectorOperators.EQ, pos).cast(S);
                                if (won.anyTrue()) {
                                    int xi = img + pos * c + ch;
                                    FloatVector.fromArray(S, dx, xi).add(g, won).intoArray(dx, xi);
                                }
                            }
                        }
                    }
                    if (ch < c) {
                        VectorMask<Float> m = S.indexInRange(ch, c);
                        FloatVector g = FloatVector.fromArray(S, dy, dyOff + o + ch, m);
                        IntVector arg = IntVector.fromArray(I, argmax, argOff + o + ch, m.cast(I));
                        for (int i = i0; i < i1; i++) {
                            int row = (h0 + i * dh) * w + w0;
                            for (int j = j0; j < j1; j++) {
                                int pos = row + j * dw;
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
        int dh = win.dilationH();
        int dw = win.dilationW();
        int bound = S.loopBound(c);
        for (int b = 0; b < n; b++) {
            int img = xOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                int h0 = p * win.strideH() - win.padH();
                int i0 = WindowTaps.firstTap(h0, dh, win.kernelH());
                int i1 = WindowTaps.endTap(h0, dh, win.kernelH(), h);
                for (int q = 0; q < ow; q++) {
                    int w0 = q * win.strideW() - win.padW();
                    int j0 = WindowTaps.firstTap(w0, dw, win.kernelW());
                    int j1 = WindowTaps.endTap(w0, dw, win.kernelW(), w);
                    int o = ((b * oh + p) * ow + q) * c;
                    int divisor = countIncludePad ? win.kernelH() * win.kernelW() : (i1 - i0) * (j1 - j0);
                    float inv = 1f / divisor;
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector acc = FloatVector.zero(S);
                        for (int i = i0; i < i1; i++) {
                            int row = (h0 + i * dh) * w + w0;
                            for (int j = j0; j < j1; j++) {
                                acc = acc.add(FloatVector.fromArray(S, x, img + (row + j * dw) * c + ch));
                            }
                        }
                        acc.mul(inv).intoArray(y, yOff + o + ch);
                    }
                    if (ch < c) {
                        VectorMask<Float> m = S.indexInRange(ch, c);
                        FloatVector acc = FloatVector.zero(S);
                        for (int i = i0; i < i1; i++) {
                            int row = (h0 + i * dh) * w + w0;
                            for (int j = j0; j < j1; j++) {
                                acc = acc.add(FloatVector.fromArray(S, x, img + (row + j * dw) * c + ch, m));
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
        int dh = win.dilationH();
        int dw = win.dilationW();
        int bound = S.loopBound(c);
        for (int b = 0; b < n; b++) {
            int img = dxOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                int h0 = p * win.strideH() - win.padH();
                int i0 = WindowTaps.firstTap(h0, dh, win.kernelH());
                int i1 = WindowTaps.endTap(h0, dh, win.kernelH(), h);
                for (int q = 0; q < ow; q++) {
                    int w0 = q * win.strideW() - win.padW();
                    int j0 = WindowTaps.firstTap(w0, dw, win.kernelW());
                    int j1 = WindowTaps.endTap(w0, dw, win.kernelW(), w);
                    int o = ((b * oh + p) * ow + q) * c;
                    int divisor = countIncludePad ? win.kernelH() * win.kernelW() : (i1 - i0) * (j1 - j0);
                    float inv = 1f / divisor;
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector g = FloatVector.fromArray(S, dy, dyOff + o + ch).mul(inv);
                        for (int i = i0; i < i1; i++) {
                            int row = (h0 + i * dh) * w + w0;
                            for (int j = j0; j < j1; j++) {
                                int xi = img + (row + j * dw) * c + ch;
                                FloatVector.fromArray(S, dx, xi).add(g).intoArray(dx, xi);
                            }
                        }
                    }
                    if (ch < c) {
                        VectorMask<Float> m = S.indexInRange(ch, c);
                        FloatVector g = FloatVector.fromArray(S, dy, dyOff + o + ch, m).mul(inv);
                        for (int i = i0; i < i1; i++) {
                            int row = (h0 + i * dh) * w + w0;
                            for (int j = j0; j < j1; j++) {
                                int xi = img + (row + j * dw) * c + ch;
                                FloatVector.fromArray(S, dx, xi, m).add(g).intoArray(dx, xi, m);
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
