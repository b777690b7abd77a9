package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution forward for one input channel and at most {@value #CHANNELS} output channels (LeNet-5's
 * first layer) on 512-bit vectors. {@link VectorNarrowConv} gives each output pixel a vector of its
 * channels, so 6 channels fill 6 of 16 lanes and every tap costs a broadcast of the input pixel. Here a
 * vector holds two neighbouring pixels' eight channels, and the input is first expanded so that each
 * pixel's value repeats {@value #CHANNELS} times: a tap of two pixels is then one plain load, and one fma
 * with the tap's weights (repeated for both pixels) covers 16 outputs. The channels past cout have zero
 * weights and are not stored.
 *
 * <p>Each image is copied into a zero-bordered buffer of width wp and expanded ({@code xx[q * 8 + c] =
 * src[q]}), so tap t of the pixels r, r + 1 (indexed in that frame) is {@code xx[(r + off[t]) * 8 ..]}.
 * Every output is its bias plus the taps' products in tap order, one fma each, as in
 * {@link VectorNarrowConv#conv}: the same bits.
 */
final class VectorPixelConv {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();
    static final VectorSpecies<Float> HALF = FloatVector.SPECIES_256;
    /** Channels per pixel in a vector (the outputs past cout compute zeros). */
    static final int CHANNELS = 8;
    /** Pixel pairs (one vector each) per row block of {@link #pairs14}. */
    static final int PAIRS = 14;
    /** The kernel width {@link #pairs14} is written for. */
    static final int KW = 5;

    private static final VectorMask<Float> UPPER = L == 2 * CHANNELS ? S.indexInRange(-CHANNELS, CHANNELS) : null;
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[PAIRS * L]);
    private static final ThreadLocal<float[][]> EXPANDED = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<Call> CALL = ThreadLocal.withInitial(Call::new);

    private VectorPixelConv() {
    }

    /**
     * Whether this path takes the layer: 512-bit vectors (two pixels of {@value #CHANNELS} channels), one
     * input channel, at most {@value #CHANNELS} outputs, a kernel {@value #KW} wide, stride and dilation 1, and an
     * even output width.
     */
    static boolean accepts(int w, int cin, int cout, Window2d win) {
        return L == 2 * CHANNELS && cin == 1 && cout <= CHANNELS && win.strideH() == 1 && win.strideW() == 1
                && win.dilationH() == 1 && win.dilationW() == 1 && win.kernelW() == KW && win.outW(w) % 2 == 0;
    }

    /** The forward of {@link VectorNarrowConv#conv} for a layer {@link #accepts} takes; images split over threads. */
    static void conv(int n, int h, int w, int cout, Window2d win, float[] x, int xOff, float[] weight, int wOff,
                     float[] bias, int bOff, float[] y, int yOff) {
        int taps = win.kernelH() * win.kernelW();
        float[] panel = VectorNarrowGemm.panel((taps + 1) * L);
        for (int t = 0; t <= taps; t++) { // row taps: the bias
            for (int c = 0; c < CHANNELS; c++) {
                float v = c >= cout ? 0f : t < taps ? weight[wOff + t * cout + c] : bias == null ? 0f : bias[bOff + c];
                panel[t * L + c] = v;
                panel[t * L + CHANNELS + c] = v;
            }
        }
        Call call = CALL.get();
        call.set(h, w, cout, win, x, xOff, panel, taps, y, yOff);
        try {
            double flops = 2.0 * n * win.outH(h) * win.outW(w) * taps * cout;
            int tasks = SplitTasks.count(flops, n);
            if (tasks <= 1) {
                call.range(0, n);
            } else {
                call.parts = SplitTasks.runRanges(call.parts, call, n, tasks, 1);
            }
        } finally {
            call.drop();
        }
    }

    /** One call's arguments; the workers read them and the panel, and write disjoint images of y. */
    private static final class Call implements SplitTasks.Ranged {
        int h;
        int w;
        int cout;
        Window2d win;
        float[] x;
        int xOff;
        float[] panel;
        int taps;
        float[] y;
        int yOff;
        SplitTasks.Part[] parts = new SplitTasks.Part[0];

        void set(int h, int w, int cout, Window2d win, float[] x, int xOff, float[] panel, int taps, float[] y,
                 int yOff) {
            this.h = h;
            this.w = w;
            this.cout = cout;
            this.win = win;
            this.x = x;
            this.xOff = xOff;
            this.panel = panel;
            this.taps = taps;
            this.y = y;
            this.yOff = yOff;
        }

        @Override
        public void range(int b0, int b1) {
            images(b0, b1, h, w, cout, win, x, xOff, panel, taps, y, yOff);
        }

        @Override
        public void release() {
            // the parts share this call: its caller drops the arrays once, after the run
        }

        void drop() {
            win = null;
            x = null;
            panel = null;
            y = null;
        }
    }

    private static void images(int b0, int b1, int h, int w, int cout, Window2d win, float[] x, int xOff,
                               float[] panel, int taps, float[] y, int yOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int wp = w + 2 * win.padW();
        int frame = (h + 2 * win.padH()) * wp;
        float[] src = VectorNarrowConv.paddedBuffer(h, w, 1, win, 1); // one zero after: the expansion reads pairs
        float[][] holder = EXPANDED.get();
        if (holder[0].length < (frame + 1) * CHANNELS) {
            holder[0] = new float[(frame + 1) * CHANNELS];
        }
        float[] xx = holder[0];
        int[] off = VectorNarrowConv.convOffsets(w, 1, win, taps);
        float[] tile = TILE.get();
        int image = oh * ow * cout;
        for (int b = b0; b < b1; b++) {
            VectorNarrowConv.padImage(x, xOff, b, h, w, 1, win, src);
            expand(src, frame, xx);
            int yb = yOff + b * image;
            int end = yb + image;
            for (int row = 0; row < oh; row++) {
                int q = 0;
                for (; q + 2 * PAIRS <= ow; q += 2 * PAIRS) {
                    pairs14(win.kernelH(), wp, xx, row * wp + q, panel, tile);
                    store(tile, PAIRS, cout, y, yb + (row * ow + q) * cout, end);
                }
                for (; q < ow; q += 2) {
                    pair1(taps, xx, off, row * wp + q, panel, tile);
                    store(tile, 1, cout, y, yb + (row * ow + q) * cout, end);
                }
            }
        }
    }

    /** {@code xx[q * CHANNELS + c] = src[q]} for q below frame (rounded up to even), two pixels per vector. */
    static void expand(float[] src, int frame, float[] xx) {
        for (int q = 0; q < frame; q += 2) {
            FloatVector.broadcast(S, src[q]).blend(FloatVector.broadcast(S, src[q + 1]), UPPER).intoArray(xx,
                    q * CHANNELS);
        }
    }

    /**
     * The pixel pairs r + 2k (frame indices) for k below {@value #PAIRS}, of a 5-wide kernel with kh rows,
     * into the tile (pair k at k L): {@code panel[taps] + Σ_t xx[(r + 2k + off[t]) 8 ..] panel[t]}. Tap
     * column j + 2 of pair k reads what tap j of pair k + 1 reads, so each kernel row streams 16 loads of
     * pairs (v) and 15 of pairs one pixel on (u) past the five weights, 31 loads for 70 fmas, and each
     * accumulator still takes its taps in order: columns 0, 1 at step k, 2, 3 at k + 1, 4 at k + 2.
     */
    static void pairs14(int kh, int wp, float[] xx, int r, float[] panel, float[] tile) {
        FloatVector bias = FloatVector.fromArray(S, panel, kh * KW * L);
        FloatVector s0 = bias;
        FloatVector s1 = bias;
        FloatVector s2 = bias;
        FloatVector s3 = bias;
        FloatVector s4 = bias;
        FloatVector s5 = bias;
        FloatVector s6 = bias;
        FloatVector s7 = bias;
        FloatVector s8 = bias;
        FloatVector s9 = bias;
        FloatVector s10 = bias;
        FloatVector s11 = bias;
        FloatVector s12 = bias;
        FloatVector s13 = bias;
        for (int i = 0; i < kh; i++) {
            int p = i * KW * L;
            FloatVector w0 = FloatVector.fromArray(S, panel, p);
            FloatVector w1 = FloatVector.fromArray(S, panel, p + L);
            FloatVector w2 = FloatVector.fromArray(S, panel, p + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, panel, p + 3 * L);
            FloatVector w4 = FloatVector.fromArray(S, panel, p + 4 * L);
            int a = (r + i * wp) * CHANNELS;
            FloatVector v;
            FloatVector u;
            v = FloatVector.fromArray(S, xx, a + 0);
            u = FloatVector.fromArray(S, xx, a + 8);
            s0 = v.fma(w0, s0);
            s0 = u.fma(w1, s0);
            v = FloatVector.fromArray(S, xx, a + 16);
            u = FloatVector.fromArray(S, xx, a + 24);
            s1 = v.fma(w0, s1);
            s1 = u.fma(w1, s1);
            s0 = v.fma(w2, s0);
            s0 = u.fma(w3, s0);
            v = FloatVector.fromArray(S, xx, a + 32);
            u = FloatVector.fromArray(S, xx, a + 40);
            s2 = v.fma(w0, s2);
            s2 = u.fma(w1, s2);
            s1 = v.fma(w2, s1);
            s1 = u.fma(w3, s1);
            s0 = v.fma(w4, s0);
            v = FloatVector.fromArray(S, xx, a + 48);
            u = FloatVector.fromArray(S, xx, a + 56);
            s3 = v.fma(w0, s3);
            s3 = u.fma(w1, s3);
            s2 = v.fma(w2, s2);
            s2 = u.fma(w3, s2);
            s1 = v.fma(w4, s1);
            v = FloatVector.fromArray(S, xx, a + 64);
            u = FloatVector.fromArray(S, xx, a + 72);
            s4 = v.fma(w0, s4);
            s4 = u.fma(w1, s4);
            s3 = v.fma(w2, s3);
            s3 = u.fma(w3, s3);
            s2 = v.fma(w4, s2);
            v = FloatVector.fromArray(S, xx, a + 80);
            u = FloatVector.fromArray(S, xx, a + 88);
            s5 = v.fma(w0, s5);
            s5 = u.fma(w1, s5);
            s4 = v.fma(w2, s4);
            s4 = u.fma(w3, s4);
            s3 = v.fma(w4, s3);
            v = FloatVector.fromArray(S, xx, a + 96);
            u = FloatVector.fromArray(S, xx, a + 104);
            s6 = v.fma(w0, s6);
            s6 = u.fma(w1, s6);
            s5 = v.fma(w2, s5);
            s5 = u.fma(w3, s5);
            s4 = v.fma(w4, s4);
            v = FloatVector.fromArray(S, xx, a + 112);
            u = FloatVector.fromArray(S, xx, a + 120);
            s7 = v.fma(w0, s7);
            s7 = u.fma(w1, s7);
            s6 = v.fma(w2, s6);
            s6 = u.fma(w3, s6);
            s5 = v.fma(w4, s5);
            v = FloatVector.fromArray(S, xx, a + 128);
            u = FloatVector.fromArray(S, xx, a + 136);
            s8 = v.fma(w0, s8);
            s8 = u.fma(w1, s8);
            s7 = v.fma(w2, s7);
            s7 = u.fma(w3, s7);
            s6 = v.fma(w4, s6);
            v = FloatVector.fromArray(S, xx, a + 144);
            u = FloatVector.fromArray(S, xx, a + 152);
            s9 = v.fma(w0, s9);
            s9 = u.fma(w1, s9);
            s8 = v.fma(w2, s8);
            s8 = u.fma(w3, s8);
            s7 = v.fma(w4, s7);
            v = FloatVector.fromArray(S, xx, a + 160);
            u = FloatVector.fromArray(S, xx, a + 168);
            s10 = v.fma(w0, s10);
            s10 = u.fma(w1, s10);
            s9 = v.fma(w2, s9);
            s9 = u.fma(w3, s9);
            s8 = v.fma(w4, s8);
            v = FloatVector.fromArray(S, xx, a + 176);
            u = FloatVector.fromArray(S, xx, a + 184);
            s11 = v.fma(w0, s11);
            s11 = u.fma(w1, s11);
            s10 = v.fma(w2, s10);
            s10 = u.fma(w3, s10);
            s9 = v.fma(w4, s9);
            v = FloatVector.fromArray(S, xx, a + 192);
            u = FloatVector.fromArray(S, xx, a + 200);
            s12 = v.fma(w0, s12);
            s12 = u.fma(w1, s12);
            s11 = v.fma(w2, s11);
            s11 = u.fma(w3, s11);
            s10 = v.fma(w4, s10);
            v = FloatVector.fromArray(S, xx, a + 208);
            u = FloatVector.fromArray(S, xx, a + 216);
            s13 = v.fma(w0, s13);
            s13 = u.fma(w1, s13);
            s12 = v.fma(w2, s12);
            s12 = u.fma(w3, s12);
            s11 = v.fma(w4, s11);
            v = FloatVector.fromArray(S, xx, a + 224);
            u = FloatVector.fromArray(S, xx, a + 232);
            s13 = v.fma(w2, s13);
            s13 = u.fma(w3, s13);
            s12 = v.fma(w4, s12);
            v = FloatVector.fromArray(S, xx, a + 240);
            s13 = v.fma(w4, s13);
        }
        s0.intoArray(tile, 0 * L);
        s1.intoArray(tile, 1 * L);
        s2.intoArray(tile, 2 * L);
        s3.intoArray(tile, 3 * L);
        s4.intoArray(tile, 4 * L);
        s5.intoArray(tile, 5 * L);
        s6.intoArray(tile, 6 * L);
        s7.intoArray(tile, 7 * L);
        s8.intoArray(tile, 8 * L);
        s9.intoArray(tile, 9 * L);
        s10.intoArray(tile, 10 * L);
        s11.intoArray(tile, 11 * L);
        s12.intoArray(tile, 12 * L);
        s13.intoArray(tile, 13 * L);
    }

    /** One pixel pair of {@link #pairs14}, into the tile (a row's pairs past the last block of {@value #PAIRS}). */
    static void pair1(int taps, float[] xx, int[] off, int r, float[] panel, float[] tile) {
        FloatVector s = FloatVector.fromArray(S, panel, taps * L);
        for (int t = 0; t < taps; t++) {
            s = FloatVector.fromArray(S, xx, (r + off[t]) * CHANNELS).fma(FloatVector.fromArray(S, panel, t * L), s);
        }
        s.intoArray(tile, 0);
    }

    /**
     * Writes the tile's first {@code pairs} pixel pairs to NHWC y from o: each pixel's eight channels as
     * one 256-bit store whose lanes past cout spill onto the next pixel, which a later store rewrites
     * (pixels go in order); a store that would pass {@code end} (this image's last float) is scalar.
     */
    static void store(float[] tile, int pairs, int cout, float[] y, int o, int end) {
        for (int k = 0; k < 2 * pairs; k++, o += cout) {
            int t = k * CHANNELS;
            if (o + CHANNELS <= end) {
                FloatVector.fromArray(HALF, tile, t).intoArray(y, o);
            } else {
                for (int c = 0; c < cout; c++) {
                    y[o + c] = tile[t + c];
                }
            }
        }
    }
}
