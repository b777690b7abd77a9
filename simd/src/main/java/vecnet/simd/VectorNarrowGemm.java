package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import vecnet.core.Parallel;

/**
 * GEMM for outputs at most two vectors wide with A not transposed, e.g. a convolution with 6 or 16
 * output channels over a 25- or 150-deep column matrix, or 10 logits. op(B) (k x n) is copied once,
 * times alpha, into a k x L (or k x 2L) panel padded with zeros, and each row of C accumulates
 * {@code A[i, p] * panel[p]} in one (or two) vector registers for blocks of rows that share every panel
 * load. A is read in place: packing it, as the general path does, would cost a pass over the largest
 * operand for very little arithmetic per element. C rows are stored under a lane mask.
 */
final class VectorNarrowGemm {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();
    /** Rows per block when C is one vector wide: enough independent FMA chains to cover the latency. */
    static final int ROWS_1 = 8;
    /** Rows per block when C is two vectors wide: 10 accumulators, 2 panel vectors, 1 broadcast. */
    static final int ROWS_2 = 5;
    /** Below this many flops per thread, splitting costs more than it saves. */
    static final double MIN_FLOPS_PER_TASK = 4.0e6;

    private static final ThreadLocal<float[][]> PANEL = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<int[]> CONV_OFFSETS = ThreadLocal.withInitial(() -> new int[0]);
    private static final ThreadLocal<float[][]> PADDED = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<ConvTask[]> CONV_TASKS = ThreadLocal.withInitial(() -> new ConvTask[0]);
    private static final ThreadLocal<WeightTask[]> WEIGHT_TASKS = ThreadLocal.withInitial(() -> new WeightTask[0]);
    /** Accumulators on their way to C or dW: 10 vectors, the most a kernel holds. */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[10 * L]);
    private static final ThreadLocal<int[]> IDENTITY = ThreadLocal.withInitial(() -> new int[0]);
    private static final ThreadLocal<RowTask[]> TASKS = ThreadLocal.withInitial(() -> new RowTask[0]);

    private VectorNarrowGemm() {
    }

    /** This thread's panel buffer, grown to at least {@code size}. */
    private static float[] panel(int size) {
        float[][] holder = PANEL.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /** Whether this path takes the product: n at most 2L and A not transposed. */
    static boolean accepts(boolean transA, int n) {
        return !transA && n <= 2 * L;
    }

    static void sgemm(boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int width = n <= L ? L : 2 * L;
        float[] panel = panel((k + 1) * width);
        pack(transB, n, k, alpha, b, bOff, ldb, null, 0, width, panel);
        double flops = 2.0 * m * n * k;
        int tasks = (int) Math.min(Parallel.parallelism(), Math.max(1.0, flops / MIN_FLOPS_PER_TASK));
        tasks = Math.min(tasks, Math.max(1, m / ROWS_1));
        if (tasks <= 1) {
            rows(0, m, n, k, a, aOff, lda, panel, width, beta, c, cOff, ldc);
            return;
        }
        RowTask[] ts = TASKS.get();
        if (ts.length < tasks) {
            ts = java.util.Arrays.copyOf(ts, tasks);
            for (int t = 0; t < tasks; t++) {
                if (ts[t] == null) {
                    ts[t] = new RowTask();
                }
            }
            TASKS.set(ts);
        }
        for (int t = 0; t < tasks; t++) {
            RowTask r = ts[t];
            r.i0 = (int) ((long) m * t / tasks);
            r.i1 = (int) ((long) m * (t + 1) / tasks);
            r.n = n;
            r.k = k;
            r.a = a;
            r.aOff = aOff;
            r.lda = lda;
            r.panel = panel; // read-only for the workers; the caller's thread owns it
            r.width = width;
            r.beta = beta;
            r.c = c;
            r.cOff = cOff;
            r.ldc = ldc;
        }
        try {
            Parallel.invokeAll(ts, tasks);
        } finally {
            for (int t = 0; t < tasks; t++) {
                ts[t].release();
            }
        }
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
        float[] panel = panel((k + 1) * width);
        pack(false, cout, k, 1f, weight, wOff, cout, bias, bOff, width, panel);
        int[] off = convOffsets(w, cin, win, k);
        double flops = 2.0 * n * win.outH(h) * win.outW(w) * k * cout;
        int tasks = (int) Math.min(Math.min(Parallel.parallelism(), n), Math.max(1.0, flops / MIN_FLOPS_PER_TASK));
        if (tasks <= 1) {
            convImages(0, n, h, w, cin, cout, win, x, xOff, panel, width, off, k, y, yOff);
            return;
        }
        ConvTask[] ts = CONV_TASKS.get();
        if (ts.length < tasks) {
            ts = java.util.Arrays.copyOf(ts, tasks);
            for (int t = 0; t < tasks; t++) {
                if (ts[t] == null) {
                    ts[t] = new ConvTask();
                }
            }
            CONV_TASKS.set(ts);
        }
        for (int t = 0; t < tasks; t++) {
            ConvTask c = ts[t];
            c.b0 = (int) ((long) n * t / tasks);
            c.b1 = (int) ((long) n * (t + 1) / tasks);
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
        try {
            Parallel.invokeAll(ts, tasks);
        } finally {
            for (int t = 0; t < tasks; t++) {
                ts[t].release();
            }
        }
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
        int tasks = (int) Math.min(Math.min(Parallel.parallelism(), blocks),
                Math.max(1.0, flops / MIN_FLOPS_PER_TASK));
        if (tasks <= 1) {
            weightTaps(0, k, n, h, w, cin, cout, win, x, xOff, dy, dyOff, off, dW, dwOff);
            return;
        }
        WeightTask[] ts = WEIGHT_TASKS.get();
        if (ts.length < tasks) {
            ts = java.util.Arrays.copyOf(ts, tasks);
            for (int t = 0; t < tasks; t++) {
                if (ts[t] == null) {
                    ts[t] = new WeightTask();
                }
            }
            WEIGHT_TASKS.set(ts);
        }
        for (int t = 0; t < tasks; t++) {
            WeightTask c = ts[t];
            c.p0 = (int) ((long) blocks * t / tasks) * taps;
            c.p1 = Math.min(k, (int) ((long) blocks * (t + 1) / tasks) * taps);
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
        try {
            Parallel.invokeAll(ts, tasks);
        } finally {
            for (int t = 0; t < tasks; t++) {
                ts[t].release();
            }
        }
    }

    /** One thread's taps [p0, p1) of {@link #convBackwardWeight}. */
    private static final class WeightTask implements Runnable {
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

        void release() {
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
        int lanes = one ? cout : cout - L; // lanes of dY's last vector in a row
        float[] tile = TILE.get();
        for (int p = p0; p < p1; p++) {
            int d = dwOff + p * cout;
            java.util.Arrays.fill(dW, d, d + cout, 0f);
        }
        for (int b = 0; b < n; b++) {
            int s0 = padded ? padImage(x, xOff, b, h, w, cin, win, src) : xOff + b * h * w * cin;
            int yb = dyOff + b * oh * ow * cout;
            int p = p0;
            int vectors = one ? 1 : 2;
            for (; p + taps <= p1; p += taps) {
                if (one) {
                    taps8(oh, ow, s0, rowStep, colStep, off, p, src, dy, yb, cout, lanes, tile);
                } else {
                    taps5x2(oh, ow, s0, rowStep, colStep, off, p, src, dy, yb, cout, lanes, tile);
                }
                storeTile(tile, taps, vectors, cout, 1f, dW, dwOff + p * cout, cout, 0);
            }
            for (; p < p1; p++) {
                tap1(oh, ow, s0, rowStep, colStep, off[p], src, dy, yb, cout, one, lanes, tile);
                storeTile(tile, 1, vectors, cout, 1f, dW, dwOff + p * cout, cout, 0);
            }
        }
    }

    /** Adds one image's contribution to eight rows of dW (one vector of channels each). */
    private static void taps8(int oh, int ow, int s0, int rowStep, int colStep, int[] off, int p, float[] src,
                              float[] dy, int yb, int cout, int lanes, float[] tile) {
        // the mask is built here, not passed in: C2 cannot see the type of a mask from outside, and
        // masked loads with it fall back to slow Java code
        VectorMask<Float> cm = S.indexInRange(0, lanes);
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
                FloatVector g = FloatVector.fromArray(S, dy, yr, cm);
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
                                float[] dy, int yb, int cout, int lanes, float[] tile) {
        // the mask is built here, not passed in: C2 cannot see the type of a mask from outside, and
        // masked loads with it fall back to slow Java code
        VectorMask<Float> cm = S.indexInRange(0, lanes);
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
                FloatVector gb = FloatVector.fromArray(S, dy, yr + L, cm);
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
                             int cout, boolean one, int lanes, float[] tile) {
        // the mask is built here, not passed in: C2 cannot see the type of a mask from outside, and
        // masked loads with it fall back to slow Java code
        VectorMask<Float> cm = S.indexInRange(0, lanes);
        VectorMask<Float> first = one ? cm : S.maskAll(true);
        FloatVector g0 = FloatVector.zero(S);
        FloatVector g1 = g0;
        int yr = yb;
        for (int pp = 0; pp < oh; pp++) {
            for (int qq = 0, base = s0 + pp * rowStep; qq < ow; qq++, base += colStep, yr += cout) {
                FloatVector v = FloatVector.broadcast(S, src[base + o]);
                g0 = v.fma(FloatVector.fromArray(S, dy, yr, first), g0);
                if (!one) {
                    g1 = v.fma(FloatVector.fromArray(S, dy, yr + L, cm), g1);
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
    private static int[] convOffsets(int w, int cin, Window2d win, int k) {
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

    /** This thread's buffer for one zero-padded image, zeroed (the borders stay zero for every image). */
    private static float[] paddedBuffer(int h, int w, int cin, Window2d win) {
        int size = (h + 2 * win.padH()) * (w + 2 * win.padW()) * cin;
        float[][] holder = PADDED.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        java.util.Arrays.fill(holder[0], 0, size, 0f);
        return holder[0];
    }

    /** Copies image b of x into the interior of the padded buffer; returns the image's start there (0). */
    private static int padImage(float[] x, int xOff, int b, int h, int w, int cin, Window2d win, float[] padded) {
        int img = xOff + b * h * w * cin;
        int wp = w + 2 * win.padW();
        for (int r = 0; r < h; r++) {
            System.arraycopy(x, img + r * w * cin, padded, ((r + win.padH()) * wp + win.padW()) * cin, w * cin);
        }
        return 0;
    }

    /** One thread's images [b0, b1) of {@link #conv}. */
    private static final class ConvTask implements Runnable {
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

        void release() {
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
        float[] tile = TILE.get();
        for (int b = b0; b < b1; b++) {
            int s0 = padded ? padImage(x, xOff, b, h, w, cin, win, src) : xOff + b * h * w * cin;
            int yb = yOff + b * oh * ow * cout;
            int pixels = oh * ow;
            int t = 0;
            int pp = 0;
            int qq = 0;
            for (; t + block <= pixels; t += block) {
                // the window corners of the block's pixels, which may run across output rows
                int c0 = s0 + pp * rowStep + qq * colStep;
                if (++qq == ow) { qq = 0; pp++; }
                int c1 = s0 + pp * rowStep + qq * colStep;
                if (++qq == ow) { qq = 0; pp++; }
                int c2 = s0 + pp * rowStep + qq * colStep;
                if (++qq == ow) { qq = 0; pp++; }
                int c3 = s0 + pp * rowStep + qq * colStep;
                if (++qq == ow) { qq = 0; pp++; }
                int c4 = s0 + pp * rowStep + qq * colStep;
                if (++qq == ow) { qq = 0; pp++; }
                if (width == L) {
                    int c5 = s0 + pp * rowStep + qq * colStep;
                    if (++qq == ow) { qq = 0; pp++; }
                    int c6 = s0 + pp * rowStep + qq * colStep;
                    if (++qq == ow) { qq = 0; pp++; }
                    int c7 = s0 + pp * rowStep + qq * colStep;
                    if (++qq == ow) { qq = 0; pp++; }
                    rows8(k, src, off, c0, c1, c2, c3, c4, c5, c6, c7, panel, tile);
                    storeTile(tile, ROWS_1, 1, cout, 0f, y, yb + t * cout, cout, ((b1 - b) * pixels - t) * cout);
                } else {
                    rows5x2(k, src, off, c0, c1, c2, c3, c4, panel, tile);
                    storeTile(tile, ROWS_2, 2, cout, 0f, y, yb + t * cout, cout, ((b1 - b) * pixels - t) * cout);
                }
            }
            for (; t < pixels; t++) {
                int c0 = s0 + pp * rowStep + qq * colStep;
                if (++qq == ow) { qq = 0; pp++; }
                if (width == L) {
                    row1(k, src, off, c0, panel, tile);
                    storeTile(tile, 1, 1, cout, 0f, y, yb + t * cout, cout, ((b1 - b) * pixels - t) * cout);
                } else {
                    row1x2(k, src, off, c0, panel, tile);
                    storeTile(tile, 1, 2, cout, 0f, y, yb + t * cout, cout, ((b1 - b) * pixels - t) * cout);
                }
            }
        }
    }

    /** One thread's rows [i0, i1) of C. */
    private static final class RowTask implements Runnable {
        int i0;
        int i1;
        int n;
        int k;
        float[] a;
        int aOff;
        int lda;
        float[] panel;
        int width;
        float beta;
        float[] c;
        int cOff;
        int ldc;

        @Override
        public void run() {
            rows(i0, i1, n, k, a, aOff, lda, panel, width, beta, c, cOff, ldc);
        }

        /** Drops the array references so a reused task keeps no caller data alive. */
        void release() {
            a = null;
            panel = null;
            c = null;
        }
    }

    /**
     * panel[p * width + j] = alpha * op(B)[p, j] for j < n, zero for n <= j < width; then row k, the
     * accumulators' start: {@code init[initOff + j]} (a bias), or zeros when init is null.
     */
    private static void pack(boolean transB, int n, int k, float alpha, float[] b, int bOff, int ldb, float[] init,
                             int initOff, int width, float[] panel) {
        for (int p = 0; p < k; p++) {
            int d = p * width;
            for (int j = 0; j < n; j++) {
                panel[d + j] = alpha * (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
            }
            java.util.Arrays.fill(panel, d + n, d + width, 0f);
        }
        int d = k * width;
        java.util.Arrays.fill(panel, d, d + width, 0f);
        if (init != null) {
            System.arraycopy(init, initOff, panel, d, n);
        }
    }

    /** The offsets 0, 1, ..., k-1 (a dense row of A), cached per thread. */
    private static int[] identity(int k) {
        int[] id = IDENTITY.get();
        if (id.length < k) {
            id = new int[Math.max(k, 2 * id.length)];
            for (int i = 0; i < id.length; i++) {
                id[i] = i;
            }
            IDENTITY.set(id);
        }
        return id;
    }

    private static void rows(int i0, int i1, int n, int k, float[] a, int aOff, int lda, float[] panel, int width,
                             float beta, float[] c, int cOff, int ldc) {
        int[] off = identity(k);
        float[] tile = TILE.get();
        boolean dense = ldc == n; // rows back to back: a store may spill into the next row
        if (width == L) {
            int i = i0;
            for (; i + ROWS_1 <= i1; i += ROWS_1) {
                int a0 = aOff + i * lda;
                rows8(k, a, off, a0, a0 + lda, a0 + 2 * lda, a0 + 3 * lda, a0 + 4 * lda, a0 + 5 * lda, a0 + 6 * lda,
                        a0 + 7 * lda, panel, tile);
                storeTile(tile, ROWS_1, 1, n, beta, c, cOff + i * ldc, ldc, dense ? (i1 - i) * ldc : 0);
            }
            for (; i < i1; i++) {
                row1(k, a, off, aOff + i * lda, panel, tile);
                storeTile(tile, 1, 1, n, beta, c, cOff + i * ldc, ldc, dense ? (i1 - i) * ldc : 0);
            }
        } else {
            int i = i0;
            for (; i + ROWS_2 <= i1; i += ROWS_2) {
                int a0 = aOff + i * lda;
                rows5x2(k, a, off, a0, a0 + lda, a0 + 2 * lda, a0 + 3 * lda, a0 + 4 * lda, panel, tile);
                storeTile(tile, ROWS_2, 2, n, beta, c, cOff + i * ldc, ldc, dense ? (i1 - i) * ldc : 0);
            }
            for (; i < i1; i++) {
                row1x2(k, a, off, aOff + i * lda, panel, tile);
                storeTile(tile, 1, 2, n, beta, c, cOff + i * ldc, ldc, dense ? (i1 - i) * ldc : 0);
            }
        }
    }

    /** One row of a one-vector-wide C, into the tile: {@code panel[k] + Σ_p a[a0 + off[p]] panel[p]}. */
    private static void row1(int k, float[] a, int[] off, int a0, float[] panel, float[] tile) {
        FloatVector s0 = FloatVector.fromArray(S, panel, k * L);
        for (int p = 0; p < k; p++) {
            s0 = FloatVector.broadcast(S, a[a0 + off[p]]).fma(FloatVector.fromArray(S, panel, p * L), s0);
        }
        s0.intoArray(tile, 0);
    }

    /** One row of a two-vector-wide C, into the tile. */
    private static void row1x2(int k, float[] a, int[] off, int a0, float[] panel, float[] tile) {
        FloatVector s0 = FloatVector.fromArray(S, panel, 2 * k * L);
        FloatVector s1 = FloatVector.fromArray(S, panel, 2 * k * L + L);
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + off[p]]);
            s0 = x.fma(FloatVector.fromArray(S, panel, 2 * p * L), s0);
            s1 = x.fma(FloatVector.fromArray(S, panel, 2 * p * L + L), s1);
        }
        s0.intoArray(tile, 0);
        s1.intoArray(tile, L);
    }

    /**
     * C[r, 0..n) = tile row r (+ beta C) for {@code rows} rows of {@code vectors} vectors each. The tile's
     * vectors are loaded and stored here, so no vector crosses a call. With beta 0, a row's last vector
     * is stored whole when its spill past the row stays below {@code limit} (floats from c0 that belong
     * to rows this thread writes afterwards, in order): a masked store (vmaskmovps) costs about 5 plain
     * ones on AMD, and the spill is overwritten by the next row. limit 0 keeps every store masked.
     */
    private static void storeTile(float[] tile, int rows, int vectors, int n, float beta, float[] c, int c0,
                                  int ldc, int limit) {
        VectorMask<Float> last = S.indexInRange(0, n - (vectors - 1) * L);
        for (int r = 0; r < rows; r++) {
            int t = r * vectors * L;
            int rel = r * ldc + (vectors - 1) * L; // the last vector's start, relative to c0
            int o = c0 + r * ldc;
            if (vectors == 2) {
                FloatVector v = FloatVector.fromArray(S, tile, t);
                if (beta == 0f) {
                    v.intoArray(c, o);
                } else {
                    FloatVector.fromArray(S, c, o).mul(beta).add(v).intoArray(c, o);
                }
                t += L;
                o += L;
            }
            FloatVector v = FloatVector.fromArray(S, tile, t);
            if (beta == 0f) {
                if (rel + L <= limit) {
                    v.intoArray(c, o);
                } else {
                    v.intoArray(c, o, last);
                }
            } else {
                FloatVector.fromArray(S, c, o, last).mul(beta).add(v).intoArray(c, o, last);
            }
        }
    }

    /**
     * Eight rows of a one-vector-wide C: row r is {@code panel[k] + Σ_p a[a_r + off[p]] panel[p]} (the
     * offsets make the same kernel serve a dense A, off[p] = p, and a convolution's input, where off[p]
     * is tap p's distance from the window's corner). The eight rows share each panel load. The rows go
     * to the tile, for {@link #storeTile}.
     */
    private static void rows8(int k, float[] a, int[] off, int a0, int a1, int a2, int a3, int a4, int a5, int a6,
                              int a7, float[] panel, float[] tile) {
        FloatVector s0 = FloatVector.fromArray(S, panel, k * L);
        FloatVector s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector w = FloatVector.fromArray(S, panel, p * L);
            int o = off[p];
            s0 = FloatVector.broadcast(S, a[a0 + o]).fma(w, s0);
            s1 = FloatVector.broadcast(S, a[a1 + o]).fma(w, s1);
            s2 = FloatVector.broadcast(S, a[a2 + o]).fma(w, s2);
            s3 = FloatVector.broadcast(S, a[a3 + o]).fma(w, s3);
            s4 = FloatVector.broadcast(S, a[a4 + o]).fma(w, s4);
            s5 = FloatVector.broadcast(S, a[a5 + o]).fma(w, s5);
            s6 = FloatVector.broadcast(S, a[a6 + o]).fma(w, s6);
            s7 = FloatVector.broadcast(S, a[a7 + o]).fma(w, s7);
        }
        // through the tile: a store helper taking vectors was not always inlined (it boxed them), and
        // stores written out here made the method too big for C1, which then left it in slow code
        s0.intoArray(tile, 0);
        s1.intoArray(tile, L);
        s2.intoArray(tile, 2 * L);
        s3.intoArray(tile, 3 * L);
        s4.intoArray(tile, 4 * L);
        s5.intoArray(tile, 5 * L);
        s6.intoArray(tile, 6 * L);
        s7.intoArray(tile, 7 * L);
    }

    /** Five rows of a two-vector-wide C, into the tile. */
    private static void rows5x2(int k, float[] a, int[] off, int a0, int a1, int a2, int a3, int a4, float[] panel,
                                float[] tile) {
        FloatVector s00 = FloatVector.fromArray(S, panel, 2 * k * L);
        FloatVector s01 = FloatVector.fromArray(S, panel, 2 * k * L + L);
        FloatVector s10 = s00, s20 = s00, s30 = s00, s40 = s00;
        FloatVector s11 = s01, s21 = s01, s31 = s01, s41 = s01;
        for (int p = 0; p < k; p++) {
            FloatVector w0 = FloatVector.fromArray(S, panel, 2 * p * L);
            FloatVector w1 = FloatVector.fromArray(S, panel, 2 * p * L + L);
            int o = off[p];
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            s00 = x.fma(w0, s00);
            s01 = x.fma(w1, s01);
            x = FloatVector.broadcast(S, a[a1 + o]);
            s10 = x.fma(w0, s10);
            s11 = x.fma(w1, s11);
            x = FloatVector.broadcast(S, a[a2 + o]);
            s20 = x.fma(w0, s20);
            s21 = x.fma(w1, s21);
            x = FloatVector.broadcast(S, a[a3 + o]);
            s30 = x.fma(w0, s30);
            s31 = x.fma(w1, s31);
            x = FloatVector.broadcast(S, a[a4 + o]);
            s40 = x.fma(w0, s40);
            s41 = x.fma(w1, s41);
        }
        s00.intoArray(tile, 0); // through the tile, as in rows8
        s01.intoArray(tile, L);
        s10.intoArray(tile, 2 * L);
        s11.intoArray(tile, 3 * L);
        s20.intoArray(tile, 4 * L);
        s21.intoArray(tile, 5 * L);
        s30.intoArray(tile, 6 * L);
        s31.intoArray(tile, 7 * L);
        s40.intoArray(tile, 8 * L);
        s41.intoArray(tile, 9 * L);
    }

}
