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
final class VectorPooling implements PoolingKernels {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    static final int L = S.length();


    @Override
    public void maxPool2d(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] y, int yOff,
                          int[] argmax, int argOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int dh = win.dilationH();
        int dw = win.dilationW();
        int bound = S.loopBound(c);
        int yEnd = yOff + n * oh * ow * c; // y and argmax: same size, written in order
        if (c < L && win.kernelH() == 2 && win.kernelW() == 2 && win.strideH() == 2 && win.strideW() == 2
                && win.padH() == 0 && win.padW() == 0 && dh == 1 && dw == 1 && h == 2 * oh && w == 2 * ow) {
            maxPool2dFewChannels(n, h, w, c, x, xOff, y, yOff, argmax, argOff);
            return;
        }
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
                    int firstPos = (h0 + i0 * dh) * w + w0 + j0 * dw;
                    boolean twoByTwo = i1 - i0 == 2 && j1 - j0 == 2;
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        // the fast 2x2 path has no NaN rule; it declines a block holding a NaN
                        if (!twoByTwo || !max2x2(x, img, firstPos, dh * w, dw, c, ch, y, yOff + o + ch, argmax,
                                argOff + o + ch)) {
                            maxTaps(x, img, w, c, ch, h0, w0, i0, i1, j0, j1, dh, dw, firstPos, y, yOff + o + ch,
                                    argmax, argOff + o + ch);
                        }
                    }
                    if (ch < c) {
                        if (!twoByTwo || !max2x2Masked(x, img, firstPos, dh * w, dw, c, ch, y, yOff + o + ch,
                                argmax, argOff + o + ch, yEnd - (yOff + o + ch))) {
                            maxTaps(x, img, w, c, ch, h0, w0, i0, i1, j0, j1, dh, dw, firstPos, y, yOff + o + ch,
                                    argmax, argOff + o + ch);
                        }
                    }
                }
            }
        }
    }

    /**
     * 2x2 windows tiling the input with fewer channels than lanes (LeNet's 6): one masked vector per
     * tap, no per-pixel window arithmetic, and whole-vector stores whose spill lands on the next
     * pixel's outputs (masked only at the end). A block holding a NaN (or inf - inf) takes
     * {@link #maxTaps}, which has the full rule.
     */
    private static void maxPool2dFewChannels(int n, int h, int w, int c, float[] x, int xOff, float[] y, int yOff,
                                             int[] argmax, int argOff) {
        int oh = h / 2;
        int ow = w / 2;
        int end = n * oh * ow * c;
        VectorMask<Float> m = S.indexInRange(0, c);
        for (int b = 0; b < n; b++) {
            int img = xOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    int o = ((b * oh + p) * ow + q) * c;
                    int pos0 = 2 * p * w + 2 * q;
                    int pos1 = pos0 + 1;
                    int pos2 = pos0 + w;
                    int pos3 = pos2 + 1;
                    FloatVector v0 = FloatVector.fromArray(S, x, img + pos0 * c, m);
                    FloatVector v1 = FloatVector.fromArray(S, x, img + pos1 * c, m);
                    FloatVector v2 = FloatVector.fromArray(S, x, img + pos2 * c, m);
                    FloatVector v3 = FloatVector.fromArray(S, x, img + pos3 * c, m);
                    FloatVector sum = v0.add(v1).add(v2.add(v3));
                    if (sum.compare(VectorOperators.NE, sum).anyTrue()) {
                        maxTaps(x, img, w, c, 0, 2 * p, 2 * q, 0, 2, 0, 2, 1, 1, pos0, y, yOff + o, argmax,
                                argOff + o);
                        continue;
                    }
                    IntVector arg = IntVector.broadcast(I, pos0);
                    VectorMask<Float> won = v1.compare(VectorOperators.GT, v0);
                    FloatVector best = v0.blend(v1, won);
                    arg = arg.blend(pos1, won.cast(I));
                    won = v2.compare(VectorOperators.GT, best);
                    best = best.blend(v2, won);
                    arg = arg.blend(pos2, won.cast(I));
                    won = v3.compare(VectorOperators.GT, best);
                    best = best.blend(v3, won);
                    arg = arg.blend(pos3, won.cast(I));
                    if (o + L <= end) {
                        best.intoArray(y, yOff + o);
                        arg.intoArray(argmax, argOff + o);
                    } else {
                        best.intoArray(y, yOff + o, m);
                        arg.intoArray(argmax, argOff + o, m.cast(I));
                    }
                }
            }
        }
    }

    /**
     * One block of L channels of a window whose four taps are all inside the input. Strict greater-than
     * keeps the first of equal values, as the scalar rule does. A NaN would lose every comparison, so the
     * block's taps are summed (NaN, or inf − inf, poisons the sum) and a poisoned block is left to
     * {@link #maxTaps}, which has the full rule. Returns false, having written nothing, in that case.
     */
    private static boolean max2x2(float[] x, int img, int pos0, int rowStep, int colStep, int c, int ch, float[] y,
                                  int yi, int[] argmax, int ai) {
        int pos1 = pos0 + colStep;
        int pos2 = pos0 + rowStep;
        int pos3 = pos2 + colStep;
        FloatVector v0 = FloatVector.fromArray(S, x, img + pos0 * c + ch);
        FloatVector v1 = FloatVector.fromArray(S, x, img + pos1 * c + ch);
        FloatVector v2 = FloatVector.fromArray(S, x, img + pos2 * c + ch);
        FloatVector v3 = FloatVector.fromArray(S, x, img + pos3 * c + ch);
        FloatVector sum = v0.add(v1).add(v2.add(v3));
        if (sum.compare(VectorOperators.NE, sum).anyTrue()) {
            return false;
        }
        IntVector arg = IntVector.broadcast(I, pos0);
        VectorMask<Float> won = v1.compare(VectorOperators.GT, v0);
        FloatVector best = v0.blend(v1, won);
        arg = arg.blend(pos1, won.cast(I));
        won = v2.compare(VectorOperators.GT, best);
        best = best.blend(v2, won);
        arg = arg.blend(pos2, won.cast(I));
        won = v3.compare(VectorOperators.GT, best);
        best = best.blend(v3, won);
        arg = arg.blend(pos3, won.cast(I));
        best.intoArray(y, yi);
        arg.intoArray(argmax, ai);
        return true;
    }

    /**
     * {@link #max2x2} for the channel tail (a layer with fewer channels than lanes has only this).
     * Masked-off lanes load as 0, so they never poison the NaN check. {@code room}: the floats from yi
     * to the end of this call's outputs.
     */
    private static boolean max2x2Masked(float[] x, int img, int pos0, int rowStep, int colStep, int c, int ch,
                                        float[] y, int yi, int[] argmax, int ai, int room) {
        // the mask is built here, not passed in: one built by the caller for a kernel that is not inlined
        // is a new object per call (hundreds of KB per LeNet training step), and C2 cannot see its type
        VectorMask<Float> m = S.indexInRange(ch, c);
        int pos1 = pos0 + colStep;
        int pos2 = pos0 + rowStep;
        int pos3 = pos2 + colStep;
        FloatVector v0 = FloatVector.fromArray(S, x, img + pos0 * c + ch, m);
        FloatVector v1 = FloatVector.fromArray(S, x, img + pos1 * c + ch, m);
        FloatVector v2 = FloatVector.fromArray(S, x, img + pos2 * c + ch, m);
        FloatVector v3 = FloatVector.fromArray(S, x, img + pos3 * c + ch, m);
        FloatVector sum = v0.add(v1).add(v2.add(v3));
        if (sum.compare(VectorOperators.NE, sum).anyTrue()) {
            return false;
        }
        IntVector arg = IntVector.broadcast(I, pos0);
        VectorMask<Float> won = v1.compare(VectorOperators.GT, v0);
        FloatVector best = v0.blend(v1, won);
        arg = arg.blend(pos1, won.cast(I));
        won = v2.compare(VectorOperators.GT, best);
        best = best.blend(v2, won);
        arg = arg.blend(pos2, won.cast(I));
        won = v3.compare(VectorOperators.GT, best);
        best = best.blend(v3, won);
        arg = arg.blend(pos3, won.cast(I));
        if (room >= L) {
            // whole vectors: the lanes past the tail spill into the next pixel's outputs, which are
            // written after this one (a masked store costs ~5 plain ones here, with its lane check)
            best.intoArray(y, yi);
            arg.intoArray(argmax, ai);
        } else {
            best.intoArray(y, yi, m);
            arg.intoArray(argmax, ai, m.cast(I));
        }
        return true;
    }

    /** One block of channels (lanes ch..min(ch + L, c)) of any window, with the scalar rule in full. */
    private static void maxTaps(float[] x, int img, int w, int c, int ch, int h0, int w0, int i0, int i1, int j0,
                                int j1, int dh, int dw, int firstPos, float[] y, int yi, int[] argmax, int ai) {
        VectorMask<Float> m = S.indexInRange(ch, c); // all lanes for a full block; built here, see max2x2Masked
        // best starts at -inf with the first valid tap as its index: the scalar rule exactly
        FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
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
        best.intoArray(y, yi, m);
        arg.intoArray(argmax, ai, m.cast(I));
    }

    @Override
    public void maxPool2dBackward(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff, int[] argmax,
                                  int argOff, float[] dx, int dxOff) {
        if (win.strideH() >= win.effectiveKernelH() && win.strideW() >= win.effectiveKernelW()) {
            maxPool2dBackwardDisjoint(n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
            return;
        }
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

    /**
     * Backward for windows that never overlap (stride at least the dilated kernel): every input element
     * lies in at most one window, so each tap is stored once, gradient or zero, with no read of dx and
     * no branch. Only when the windows do not tile the input exactly (padding, gaps, a remainder) is dx
     * zeroed first, for the elements no window covers.
     */
    private static void maxPool2dBackwardDisjoint(int n, int h, int w, int c, Window2d win, float[] dy, int dyOff,
                                                  int[] argmax, int argOff, float[] dx, int dxOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int dh = win.dilationH();
        int dw = win.dilationW();
        boolean tiles = win.padH() == 0 && win.padW() == 0 && dh == 1 && dw == 1
                && win.strideH() == win.kernelH() && win.strideW() == win.kernelW()
                && oh * win.strideH() == h && ow * win.strideW() == w;
        if (!tiles) {
            java.util.Arrays.fill(dx, dxOff, dxOff + n * h * w * c, 0f);
        } else if (c < L && win.kernelH() == 2 && win.kernelW() == 2) {
            maxPool2dBackwardFewChannels(n, h, w, c, dy, dyOff, argmax, argOff, dx, dxOff);
            return;
        }
        int bound = S.loopBound(c);
        FloatVector zero = FloatVector.zero(S);
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
                    if (i1 - i0 == 2 && j1 - j0 == 2) {
                        int pos0 = (h0 + i0 * dh) * w + w0 + j0 * dw;
                        int pos1 = pos0 + dw;
                        int pos2 = pos0 + dh * w;
                        int pos3 = pos2 + dw;
                        for (; ch < bound; ch += L) {
                            FloatVector g = FloatVector.fromArray(S, dy, dyOff + o + ch);
                            IntVector arg = IntVector.fromArray(I, argmax, argOff + o + ch);
                            zero.blend(g, arg.compare(VectorOperators.EQ, pos0).cast(S))
                                    .intoArray(dx, img + pos0 * c + ch);
                            zero.blend(g, arg.compare(VectorOperators.EQ, pos1).cast(S))
                                    .intoArray(dx, img + pos1 * c + ch);
                            zero.blend(g, arg.compare(VectorOperators.EQ, pos2).cast(S))
                                    .intoArray(dx, img + pos2 * c + ch);
                            zero.blend(g, arg.compare(VectorOperators.EQ, pos3).cast(S))
                                    .intoArray(dx, img + pos3 * c + ch);
                        }
                    }
                    for (; ch < bound; ch += L) {
                        FloatVector g = FloatVector.fromArray(S, dy, dyOff + o + ch);
                        IntVector arg = IntVector.fromArray(I, argmax, argOff + o + ch);
                        for (int i = i0; i < i1; i++) {
                            int row = (h0 + i * dh) * w + w0;
                            for (int j = j0; j < j1; j++) {
                                int pos = row + j * dw;
                                zero.blend(g, arg.compare(VectorOperators.EQ, pos).cast(S))
                                        .intoArray(dx, img + pos * c + ch);
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
                                zero.blend(g, arg.compare(VectorOperators.EQ, pos).cast(S))
                                        .intoArray(dx, img + pos * c + ch, m);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #maxPool2dBackwardDisjoint} for 2x2 windows tiling the input and fewer channels than lanes
     * (LeNet's 6): every input pixel is written exactly once, walked in memory order (input row by input
     * row), so each whole-vector store spills only into the next pixel, written right after; only the
     * last stores of dx are masked. Masked stores cost about 5 plain ones here.
     */
    private static void maxPool2dBackwardFewChannels(int n, int h, int w, int c, float[] dy, int dyOff,
                                                     int[] argmax, int argOff, float[] dx, int dxOff) {
        int oh = h / 2;
        int ow = w / 2;
        int end = dxOff + n * h * w * c;
        VectorMask<Float> m = S.indexInRange(0, c);
        VectorMask<Integer> mi = I.indexInRange(0, c);
        FloatVector zero = FloatVector.zero(S);
        for (int b = 0; b < n; b++) {
            int img = dxOff + b * h * w * c;
            for (int p = 0; p < oh; p++) {
                for (int ii = 0; ii < 2; ii++) {
                    int row = (2 * p + ii) * w;
                    for (int q = 0; q < ow; q++) {
                        int o = ((b * oh + p) * ow + q) * c;
                        FloatVector g = FloatVector.fromArray(S, dy, dyOff + o, m);
                        IntVector arg = IntVector.fromArray(I, argmax, argOff + o, mi);
                        int pos = row + 2 * q;
                        int d = img + pos * c;
                        FloatVector left = zero.blend(g, arg.compare(VectorOperators.EQ, pos).cast(S));
                        FloatVector right = zero.blend(g, arg.compare(VectorOperators.EQ, pos + 1).cast(S));
                        if (d + c + L <= end) {
                            left.intoArray(dx, d);
                            right.intoArray(dx, d + c);
                        } else {
                            left.intoArray(dx, d, m);
                            right.intoArray(dx, d + c, m);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void avgPool2d(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] x, int xOff,
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
                    if (i1 - i0 == 2 && j1 - j0 == 2) {
                        // the common 2x2 window unrolled: the tap loops cost more than the adds
                        int x0 = img + ((h0 + i0 * dh) * w + w0 + j0 * dw) * c;
                        int x1 = x0 + dw * c;
                        int x2 = x0 + dh * w * c;
                        int x3 = x2 + dw * c;
                        for (; ch < bound; ch += L) {
                            FloatVector.fromArray(S, x, x0 + ch).add(FloatVector.fromArray(S, x, x1 + ch))
                                    .add(FloatVector.fromArray(S, x, x2 + ch)).add(FloatVector.fromArray(S, x, x3 + ch))
                                    .mul(inv).intoArray(y, yOff + o + ch);
                        }
                    }
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

    @Override
    public void avgPool2dBackward(int n, int h, int w, int c, Window2d win, boolean countIncludePad, float[] dy,
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

    @Override
    public void globalAvgPool2d(int n, int hw, int c, float[] x, int xOff, float[] y, int yOff) {
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

    @Override
    public void globalAvgPool2dBackward(int n, int hw, int c, float[] dy, int dyOff, float[] dx, int dxOff) {
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
