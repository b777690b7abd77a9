package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution forward and weight gradient for at most two vectors of output channels (LeNet's 6 and
 * 16), straight from the NHWC input: the implicit column matrix's row r is {@code x[base_r + off[p]]},
 * so {@link VectorNarrowGemm}'s row kernels run on it without a column matrix, and the weight gradient
 * accumulates blocks of taps over every pixel. Padded images are copied, one at a time, into a
 * zero-bordered buffer so every tap is a plain load.
 */
final class VectorNarrowConv {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();
    static final int ROWS_1 = VectorNarrowGemm.ROWS_1;
    static final int ROWS_2 = VectorNarrowGemm.ROWS_2;

    private static final ThreadLocal<int[]> CONV_OFFSETS = ThreadLocal.withInitial(() -> new int[0]);
    private static final ThreadLocal<float[][]> PADDED = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<float[][]> DY_SLACK = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<ConvTask[]> CONV_TASKS = ThreadLocal.withInitial(() -> new ConvTask[0]);
    /** The window corners of one block of pixels. */
    private static final ThreadLocal<int[]> CORNERS = ThreadLocal.withInitial(() -> new int[ROWS_1]);
    private static final ThreadLocal<WeightTask[]> WEIGHT_TASKS = ThreadLocal.withInitial(() -> new WeightTask[0]);

    private VectorNarrowConv() {
    }

    /** Whether {@link #conv} takes a convolution with this many output channels. */
    static boolean acceptsConv(int cout) {
        return cout <= 2 * L;
    }

    /**
     * Convolution forward for at most 2L output channels, straight from the NHWC input: row r of the
     * implicit column matrix is {@code x[base_r + off[p]]}, with off[p] the offset of tap p (kernel row,
     * column, input channel) from the window's corner. A padded input is first copied, one image at a
     * time, into a zero-bordered buffer, so every tap is a plain load. The accumulators start at the
     * bias. Images are split over threads.
     */
    static void conv(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff, float[] weight,
                     int wOff, float[] bias, int bOff, float[] y, int yOff) {
        int width = cout <= L ? L : 2 * L;
        int k = win.kernelH() * win.kernelW() * cin;
        float[] panel = VectorNarrowGemm.panel((k + 1) * width);
        VectorNarrowGemm.pack(false, cout, k, 1f, weight, wOff, cout, bias, bOff, width, panel);
        int[] off = convOffsets(w, cin, win, k);
        double flops = 2.0 * n * win.outH(h) * win.outW(w) * k * cout;
        int tasks = SplitTasks.count(flops, n);
        if (tasks <= 1) {
            convImages(0, n, h, w, cin, cout, win, x, xOff, panel, width, off, k, y, yOff);
            return;
        }
        ConvTask[] ts = SplitTasks.reuse(CONV_TASKS, tasks, ConvTask::new);
        for (int t = 0; t < tasks; t++) {
            ConvTask c = ts[t];
            c.b0 = SplitTasks.start(n, t, tasks);
            c.b1 = SplitTasks.start(n, t + 1, tasks);
            c.h = h;
            c.w = w;
            c.cin = cin;
            c.cout = cout;
            c.win = win;
            c.x = x;
            c.xOff = xOff;
            c.panel = panel; // read-only for the workers, as are the offsets
            c.width = width;
            c.off = off;
            c.k = k;
            c.y = y;
            c.yOff = yOff;
        }
        SplitTasks.run(ts, tasks);
    }

    /** Taps per pass of {@link #convBackwardWeight}: one accumulator per tap (one vector of channels). */
    static final int TAPS_1 = 8;
    /** Taps per pass when the channels take two vectors: two accumulators per tap. */
    static final int TAPS_2 = 5;

    /**
     * Weight gradient of {@link #conv}, overwriting dW (K x cout, K = kernelH * kernelW * cin):
     * {@code dW[p, :] = Σ_r x[base_r + off[p]] dY[r, :]} over every output pixel r of the batch, for a
     * block of taps at a time whose accumulators stay in registers across all pixels of an image
     * (the dY row is one or two loads, shared by the block's taps). Threads take disjoint tap blocks,
     * and each tap sums pixels and images in the same order whatever the split: the same bits on any
     * number of threads.
     */
    static void convBackwardWeight(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                   float[] dy, int dyOff, float[] dW, int dwOff) {
        int k = win.kernelH() * win.kernelW() * cin;
        int[] off = convOffsets(w, cin, win, k);
        int taps = cout <= L ? TAPS_1 : TAPS_2;
        int blocks = (k + taps - 1) / taps;
        double flops = 2.0 * n * win.outH(h) * win.outW(w) * k * cout;
        int tasks = SplitTasks.count(flops, blocks);
        if (tasks <= 1) {
            weightTaps(0, k, n, h, w, cin, cout, win, x, xOff, dy, dyOff, off, dW, dwOff);
            return;
        }
        WeightTask[] ts = SplitTasks.reuse(WEIGHT_TASKS, tasks, WeightTask::new);
        for (int t = 0; t < tasks; t++) {
            WeightTask c = ts[t];
            c.p0 = SplitTasks.start(blocks, t, tasks) * taps;
            c.p1 = Math.min(k, SplitTasks.start(blocks, t + 1, tasks) * taps);
            c.n = n;
            c.h = h;
            c.w = w;
            c.cin = cin;
            c.cout = cout;
            c.win = win;
            c.x = x;
            c.xOff = xOff;
            c.dy = dy;
            c.dyOff = dyOff;
            c.off = off; // read-only for the workers
            c.dW = dW;
            c.dwOff = dwOff;
        }
        SplitTasks.run(ts, tasks);
    }

    /** One thread's taps [p0, p1) of {@link #convBackwardWeight}. */
    private static final class WeightTask implements SplitTasks.Task {
        int p0;
        int p1;
        int n;
        int h;
        int w;
        int cin;
        int cout;
        Window2d win;
        float[] x;
        int xOff;
        float[] dy;
        int dyOff;
        int[] off;
        float[] dW;
        int dwOff;

        @Override
        public void run() {
            weightTaps(p0, p1, n, h, w, cin, cout, win, x, xOff, dy, dyOff, off, dW, dwOff);
        }

        @Override
        public void release() {
            win = null;
            x = null;
            dy = null;
            off = null;
            dW = null;
        }
    }

    /** Rows [p0, p1) of dW, over every image; the partial sums live in dW between images. */
    private static void weightTaps(int p0, int p1, int n, int h, int w, int cin, int cout, Window2d win, float[] x,
                                   int xOff, float[] dy, int dyOff, int[] off, float[] dW, int dwOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int wp = w + 2 * win.padW();
        int rowStep = win.strideH() * wp * cin;
        int colStep = win.strideW() * cin;
        boolean padded = win.padH() > 0 || win.padW() > 0;
        float[] src = padded ? paddedBuffer(h, w, cin, win) : x;
        boolean one = cout <= L;
        int taps = one ? TAPS_1 : TAPS_2;
        float[] tile = VectorNarrowGemm.tile();
        for (int p = p0; p < p1; p++) {
            int d = dwOff + p * cout;
            java.util.Arrays.fill(dW, d, d + cout, 0f);
        }
        int image = oh * ow * cout;
        for (int b = 0; b < n; b++) {
            int s0 = padded ? padImage(x, xOff, b, h, w, cin, win, src) : xOff + b * h * w * cin;
            int yb = dyOff + b * image;
            float[] g = dy;
            if (yb + image + 2 * L > dy.length) {
                // a pixel's dY is loaded as whole vectors (the lanes past cout are never stored): near the
                // array's end those loads would run past it, so that image's dY is read from a copy
                g = dyWithSlack(dy, yb, image);
                yb = 0;
            }
            int p = p0;
            int vectors = one ? 1 : 2;
            for (; p + taps <= p1; p += taps) {
                if (one) {
                    taps8(oh, ow, s0, rowStep, colStep, off, p, src, g, yb, cout, tile);
                } else {
                    taps5x2(oh, ow, s0, rowStep, colStep, off, p, src, g, yb, cout, tile);
                }
                VectorNarrowGemm.storeTile(tile, taps, vectors, cout, 1f, dW, dwOff + p * cout, cout, 0);
            }
            for (; p < p1; p++) {
                tap1(oh, ow, s0, rowStep, colStep, off[p], src, g, yb, cout, one, tile);
                VectorNarrowGemm.storeTile(tile, 1, vectors, cout, 1f, dW, dwOff + p * cout, cout, 0);
            }
        }
    }

    /** Adds one image's contribution to eight rows of dW (one vector of channels each). */
    private static void taps8(int oh, int ow, int s0, int rowStep, int colStep, int[] off, int p, float[] src,
                              float[] dy, int yb, int cout, float[] tile) {
        int o0 = off[p];
        int o1 = off[p + 1];
        int o2 = off[p + 2];
        int o3 = off[p + 3];
        int o4 = off[p + 4];
        int o5 = off[p + 5];
        int o6 = off[p + 6];
        int o7 = off[p + 7];
        FloatVector g0 = FloatVector.zero(S); // from zero, added to dW by storeTile: see taps5x2
        FloatVector g1 = g0, g2 = g0, g3 = g0, g4 = g0, g5 = g0, g6 = g0, g7 = g0;
        int yr = yb;
        for (int pp = 0; pp < oh; pp++) {
            for (int qq = 0, base = s0 + pp * rowStep; qq < ow; qq++, base += colStep, yr += cout) {
                FloatVector g = FloatVector.fromArray(S, dy, yr); // lanes past cout: the next pixel's, unused
                g0 = FloatVector.broadcast(S, src[base + o0]).fma(g, g0);
                g1 = FloatVector.broadcast(S, src[base + o1]).fma(g, g1);
                g2 = FloatVector.broadcast(S, src[base + o2]).fma(g, g2);
                g3 = FloatVector.broadcast(S, src[base + o3]).fma(g, g3);
                g4 = FloatVector.broadcast(S, src[base + o4]).fma(g, g4);
                g5 = FloatVector.broadcast(S, src[base + o5]).fma(g, g5);
                g6 = FloatVector.broadcast(S, src[base + o6]).fma(g, g6);
                g7 = FloatVector.broadcast(S, src[base + o7]).fma(g, g7);
            }
        }
        g0.intoArray(tile, 0);
        g1.intoArray(tile, L);
        g2.intoArray(tile, 2 * L);
        g3.intoArray(tile, 3 * L);
        g4.intoArray(tile, 4 * L);
        g5.intoArray(tile, 5 * L);
        g6.intoArray(tile, 6 * L);
        g7.intoArray(tile, 7 * L);
    }

    /** Adds one image's contribution to five rows of dW (two vectors of channels each). */
    private static void taps5x2(int oh, int ow, int s0, int rowStep, int colStep, int[] off, int p, float[] src,
                                float[] dy, int yb, int cout, float[] tile) {
        int o0 = off[p];
        int o1 = off[p + 1];
        int o2 = off[p + 2];
        int o3 = off[p + 3];
        int o4 = off[p + 4];
        // from zero, added to dW by storeTile (beta 1): loading and adding dW here made the method too
        // big for C1 (its tier-3 compile failed, "out of virtual registers", and the kernel could stay in
        // slow tier-2 code), and a helper taking the vectors was not always inlined, and boxed them
        FloatVector g00 = FloatVector.zero(S);
        FloatVector g01 = g00, g10 = g00, g11 = g00, g20 = g00, g21 = g00, g30 = g00, g31 = g00, g40 = g00,
                g41 = g00;
        int yr = yb;
        for (int pp = 0; pp < oh; pp++) {
            for (int qq = 0, base = s0 + pp * rowStep; qq < ow; qq++, base += colStep, yr += cout) {
                FloatVector ga = FloatVector.fromArray(S, dy, yr);
                FloatVector gb = FloatVector.fromArray(S, dy, yr + L); // lanes past cout: unused
                FloatVector v = FloatVector.broadcast(S, src[base + o0]);
                g00 = v.fma(ga, g00);
                g01 = v.fma(gb, g01);
                v = FloatVector.broadcast(S, src[base + o1]);
                g10 = v.fma(ga, g10);
                g11 = v.fma(gb, g11);
                v = FloatVector.broadcast(S, src[base + o2]);
                g20 = v.fma(ga, g20);
                g21 = v.fma(gb, g21);
                v = FloatVector.broadcast(S, src[base + o3]);
                g30 = v.fma(ga, g30);
                g31 = v.fma(gb, g31);
                v = FloatVector.broadcast(S, src[base + o4]);
                g40 = v.fma(ga, g40);
                g41 = v.fma(gb, g41);
            }
        }
        g00.intoArray(tile, 0);
        g01.intoArray(tile, L);
        g10.intoArray(tile, 2 * L);
        g11.intoArray(tile, 3 * L);
        g20.intoArray(tile, 4 * L);
        g21.intoArray(tile, 5 * L);
        g30.intoArray(tile, 6 * L);
        g31.intoArray(tile, 7 * L);
        g40.intoArray(tile, 8 * L);
        g41.intoArray(tile, 9 * L);
    }


    /** One image's contribution to one row of dW (a tap left after the blocks), into the tile. */
    private static void tap1(int oh, int ow, int s0, int rowStep, int colStep, int o, float[] src, float[] dy, int yb,
                             int cout, boolean one, float[] tile) {
        FloatVector g0 = FloatVector.zero(S);
        FloatVector g1 = g0;
        int yr = yb;
        for (int pp = 0; pp < oh; pp++) {
            for (int qq = 0, base = s0 + pp * rowStep; qq < ow; qq++, base += colStep, yr += cout) {
                FloatVector v = FloatVector.broadcast(S, src[base + o]);
                g0 = v.fma(FloatVector.fromArray(S, dy, yr), g0);
                if (!one) {
                    g1 = v.fma(FloatVector.fromArray(S, dy, yr + L), g1);
                }
            }
        }
        g0.intoArray(tile, 0);
        g1.intoArray(tile, L);
    }

    /**
     * off[p] for tap p = (kernel row i, column j, channel ci), the weight's row order: its distance from
     * the window's corner in an input whose rows are w + 2 padW pixels wide. Per thread; the caller's
     * array is shared read-only with its workers.
     */
    static int[] convOffsets(int w, int cin, Window2d win, int k) {
        int wp = w + 2 * win.padW();
        int[] off = CONV_OFFSETS.get();
        if (off.length < k) {
            off = new int[k];
            CONV_OFFSETS.set(off);
        }
        for (int i = 0, p = 0; i < win.kernelH(); i++) {
            for (int j = 0; j < win.kernelW(); j++) {
                for (int ci = 0; ci < cin; ci++) {
                    off[p++] = (i * win.dilationH() * wp + j * win.dilationW()) * cin + ci;
                }
            }
        }
        return off;
    }

    /** A copy of one image's dY, {@code dy[yb, yb + image)}, with 2L floats after it that whole-vector loads may read. */
    private static float[] dyWithSlack(float[] dy, int yb, int image) {
        float[][] holder = DY_SLACK.get();
        if (holder[0].length < image + 2 * L) {
            holder[0] = new float[image + 2 * L];
        }
        System.arraycopy(dy, yb, holder[0], 0, image);
        return holder[0];
    }

    /** This thread's buffer for one zero-padded image, zeroed (the borders stay zero for every image). */
    private static float[] paddedBuffer(int h, int w, int cin, Window2d win) {
        return paddedBuffer(h, w, cin, win, 0);
    }

    /** {@link #paddedBuffer(int, int, int, Window2d)} with {@code extra} zeros after the image. */
    static float[] paddedBuffer(int h, int w, int cin, Window2d win, int extra) {
        int size = (h + 2 * win.padH()) * (w + 2 * win.padW()) * cin + extra;
        float[][] holder = PADDED.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        java.util.Arrays.fill(holder[0], 0, size, 0f);
        return holder[0];
    }

    /** Copies image b of x into the interior of the padded buffer; returns the image's start there (0). */
    static int padImage(float[] x, int xOff, int b, int h, int w, int cin, Window2d win, float[] padded) {
        int img = xOff + b * h * w * cin;
        int wp = w + 2 * win.padW();
        for (int r = 0; r < h; r++) {
            System.arraycopy(x, img + r * w * cin, padded, ((r + win.padH()) * wp + win.padW()) * cin, w * cin);
        }
        return 0;
    }

    /** One thread's images [b0, b1) of {@link #conv}. */
    private static final class ConvTask implements SplitTasks.Task {
        int b0;
        int b1;
        int h;
        int w;
        int cin;
        int cout;
        Window2d win;
        float[] x;
        int xOff;
        float[] panel;
        int width;
        int[] off;
        int k;
        float[] y;
        int yOff;

        @Override
        public void run() {
            convImages(b0, b1, h, w, cin, cout, win, x, xOff, panel, width, off, k, y, yOff);
        }

        @Override
        public void release() {
            win = null;
            x = null;
            panel = null;
            off = null;
            y = null;
        }
    }

    private static void convImages(int b0, int b1, int h, int w, int cin, int cout, Window2d win, float[] x,
                                   int xOff, float[] panel, int width, int[] off, int k, float[] y, int yOff) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int ph = win.padH();
        int pw = win.padW();
        int wp = w + 2 * pw;
        int rowStep = win.strideH() * wp * cin;
        int colStep = win.strideW() * cin;
        boolean padded = ph > 0 || pw > 0;
        float[] src = padded ? paddedBuffer(h, w, cin, win) : x;
        int block = width == L ? ROWS_1 : ROWS_2;
        float[] tile = VectorNarrowGemm.tile();
        int[] corner = CORNERS.get();
        for (int b = b0; b < b1; b++) {
            int s0 = padded ? padImage(x, xOff, b, h, w, cin, win, src) : xOff + b * h * w * cin;
            int yb = yOff + b * oh * ow * cout;
            int pixels = oh * ow;
            int t = 0;
            int pp = 0;
            int qq = 0;
            for (; t + block <= pixels; t += block) {
                // the window corners of the block's pixels, which may run across output rows
                for (int r = 0; r < block; r++) {
                    corner[r] = s0 + pp * rowStep + qq * colStep;
                    if (++qq == ow) {
                        qq = 0;
                        pp++;
                    }
                }
                int room = ((b1 - b) * pixels - t) * cout; // this thread's outputs from pixel t on
                if (width == L) {
                    VectorNarrowGemm.rows8(k, src, off, corner[0], corner[1], corner[2], corner[3], corner[4],
                            corner[5], corner[6], corner[7], panel, tile);
                    VectorNarrowGemm.storeTile(tile, ROWS_1, 1, cout, 0f, y, yb + t * cout, cout, room);
                } else {
                    VectorNarrowGemm.rows5x2(k, src, off, corner[0], corner[1], corner[2], corner[3], corner[4], panel,
                            tile);
                    VectorNarrowGemm.storeTile(tile, ROWS_2, 2, cout, 0f, y, yb + t * cout, cout, room);
                }
            }
            for (; t < pixels; t++) {
                int c0 = s0 + pp * rowStep + qq * colStep;
                if (++qq == ow) {
                    qq = 0;
                    pp++;
                }
                int room = ((b1 - b) * pixels - t) * cout;
                if (width == L) {
                    VectorNarrowGemm.row1(k, src, off, c0, panel, tile);
                    VectorNarrowGemm.storeTile(tile, 1, 1, cout, 0f, y, yb + t * cout, cout, room);
                } else {
                    VectorNarrowGemm.row1x2(k, src, off, c0, panel, tile);
                    VectorNarrowGemm.storeTile(tile, 1, 2, cout, 0f, y, yb + t * cout, cout, room);
                }
            }
        }
    }
}
