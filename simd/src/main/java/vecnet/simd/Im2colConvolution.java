package vecnet.simd;

/**
 * 2-D convolution composed from kernels: explicit im2col followed by GEMM. Layouts: x is NHWC
 * (n, h, w, cin); the weights are (kernelH, kernelW, cin, cout), i.e. a K x cout matrix with
 * K = kernelH * kernelW * cin, so {@code y = col · W} is already NHWC (n, outH, outW, cout). A
 * pointwise convolution (1x1, stride 1, no padding) skips im2col: x itself is the column matrix.
 * Layers with few output channels (at most two vectors) go instead, forward and for the weight
 * gradient, to the implementation's direct kernels when it has them ({@link ConvKernels#conv2dNarrow}):
 * there a column matrix would be copied at K floats per pixel for only 2 * cout flops per float.
 *
 * <pre>
 * forward   y  = col · W (+ bias, preloaded into y chunk by chunk so the GEMM adds it with beta = 1)
 * backward  dW = colᵀ · dY      dX = col2im(dY · Wᵀ)      db = Σ_rows dY
 * </pre>
 * The column matrix is built {@link #chunkRows} output pixels at a time, so the chunk the GEMM reads
 * back was just written (it stays in L2 for small K) and the work buffer stays small; each chunk is
 * one GEMM (the weights are re-packed per chunk, which a chunk of at least {@link #MIN_CHUNK} rows
 * amortises). On several threads, forward gives each thread whole chunks and the input gradient whole
 * images; the weight gradient sums over every row, so each chunk's columns split by rows, then its GEMM
 * over dW. The kernel families are parameters so tests can run the same composition on both kernel
 * sets. Arguments are checked by {@link ConvArgs}.
 */
final class Im2colConvolution {
    /** A column chunk of about this many floats (256 KiB, half this machine's L2). */
    static final int CHUNK_FLOATS = 65536;
    /** Rows per chunk at least: re-packing the weights costs about 1/(2 * rows) of the GEMM. */
    static final int MIN_CHUNK = 256;

    private Im2colConvolution() {
    }

    /** 1x1 kernel, stride 1, no padding: the input already is the column matrix. */
    static boolean isPointwise(Window2d win) {
        return win.kernelH() == 1 && win.kernelW() == 1 && win.strideH() == 1 && win.strideW() == 1
                && win.padH() == 0 && win.padW() == 0;
    }

    /** Output pixels per column chunk for a GEMM depth of {@code depth}. */
    static int chunkRows(long rows, long depth) {
        return (int) Math.min(rows, Math.max(MIN_CHUNK, CHUNK_FLOATS / depth));
    }

    /** Floats of scratch the explicit path needs: one column chunk; 0 for a pointwise convolution. */
    /** Below this many output channels a loop writes the bias faster than {@code System.arraycopy}. */
    static final int SHORT_ROW = 16;

    static long workSize(int n, int h, int w, int cin, Window2d win) {
        if (isPointwise(win)) {
            return 0;
        }
        long rows = (long) n * win.outH(h) * win.outW(w);
        long depth = (long) win.kernelH() * win.kernelW() * cin;
        return chunkRows(rows, depth) * depth;
    }

    static void forward(GemmKernels gemm, ConvKernels conv, int n, int h, int w, int cin, int cout, Window2d win,
                        float[] x, int xOff, float[] weight, int wOff, float[] bias, int bOff,
                        float[] y, int yOff, float[] work, int workOff) {
        if (conv.conv2dNarrow(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff)) {
            return;
        }
        int rows = n * win.outH(h) * win.outW(w);
        int kk = win.kernelH() * win.kernelW() * cin;
        float beta = bias == null ? 0f : 1f;
        if (isPointwise(win)) {
            preloadBias(bias, bOff, y, yOff, 0, rows, cout);
            gemm.sgemm(false, false, rows, cout, kk, 1f, x, xOff, kk, weight, wOff, cout, beta, y, yOff, cout);
            return;
        }
        int chunk = chunkRows(rows, kk);
        int chunks = (rows + chunk - 1) / chunk;
        int tasks = SplitTasks.count(2.0 * rows * kk * cout, chunks);
        if (tasks > 1) {
            ForwardTask[] ts = SplitTasks.reuse(FORWARD_TASKS, tasks, ForwardTask::new);
            for (int t = 0; t < tasks; t++) {
                ForwardTask c = ts[t];
                c.r0 = SplitTasks.start(chunks, t, tasks) * chunk;
                c.r1 = Math.min(rows, SplitTasks.start(chunks, t + 1, tasks) * chunk);
                c.shape(gemm, conv, n, h, w, cin, cout, win);
                c.x = x;
                c.xOff = xOff;
                c.weight = weight;
                c.wOff = wOff;
                c.bias = bias;
                c.bOff = bOff;
                c.y = y;
                c.yOff = yOff;
            }
            SplitTasks.run(ts, tasks);
            return;
        }
        forwardChunks(gemm, conv, n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff, work, workOff,
                0, rows);
    }

    /**
     * Output rows [r0, r1) of {@link #forward}, chunk by chunk from r0 (a chunk boundary): each chunk's bias rows,
     * its columns, then its GEMM.
     */
    private static void forwardChunks(GemmKernels gemm, ConvKernels conv, int n, int h, int w, int cin, int cout,
                                      Window2d win, float[] x, int xOff, float[] weight, int wOff, float[] bias,
                                      int bOff, float[] y, int yOff, float[] work, int workOff, int r0, int r1) {
        int rows = n * win.outH(h) * win.outW(w);
        int kk = win.kernelH() * win.kernelW() * cin;
        int chunk = chunkRows(rows, kk);
        float beta = bias == null ? 0f : 1f;
        for (int c0 = r0; c0 < r1; c0 += chunk) {
            int cr = Math.min(chunk, r1 - c0);
            // the chunk's bias rows just before its GEMM reads them: still in cache, where a preload of the
            // whole output first would send it to memory and back
            preloadBias(bias, bOff, y, yOff, c0, cr, cout);
            conv.im2col(n, h, w, cin, win, c0, cr, x, xOff, work, workOff);
            gemm.sgemm(false, false, cr, cout, kk, 1f, work, workOff, kk, weight, wOff, cout, beta, y,
                    yOff + c0 * cout, cout);
        }
    }

    /** What every split task of this class carries: the kernel sets and the convolution's geometry. */
    private abstract static class ConvTask implements SplitTasks.Task {
        GemmKernels gemm;
        ConvKernels conv;
        int n;
        int h;
        int w;
        int cin;
        int cout;
        Window2d win;

        final void shape(GemmKernels gemm, ConvKernels conv, int n, int h, int w, int cin, int cout, Window2d win) {
            this.gemm = gemm;
            this.conv = conv;
            this.n = n;
            this.h = h;
            this.w = w;
            this.cin = cin;
            this.cout = cout;
            this.win = win;
        }

        final void releaseShape() {
            gemm = null;
            conv = null;
            win = null;
        }
    }

    private static final ThreadLocal<ForwardTask[]> FORWARD_TASKS = ThreadLocal.withInitial(() -> new ForwardTask[0]);

    /**
     * Whole chunks [r0, r1) of {@link #forward}, with this thread's own column buffer. Each chunk's GEMM is the
     * unsplit call's (same shape; the call inside a task runs on this thread), so the bits do not depend on the
     * thread count, and im2col runs on every thread instead of between the split GEMMs.
     */
    private static final class ForwardTask extends ConvTask {
        int r0;
        int r1;
        float[] x;
        int xOff;
        float[] weight;
        int wOff;
        float[] bias;
        int bOff;
        float[] y;
        int yOff;

        @Override
        public void run() {
            int kk = win.kernelH() * win.kernelW() * cin;
            float[] col = columns(chunkRows(n * win.outH(h) * win.outW(w), kk) * kk);
            forwardChunks(gemm, conv, n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff, col, 0,
                    r0, r1);
        }

        @Override
        public void release() {
            releaseShape();
            x = null;
            weight = null;
            bias = null;
            y = null;
        }
    }

    private static final ThreadLocal<ColumnsTask[]> COLUMN_TASKS = ThreadLocal.withInitial(() -> new ColumnsTask[0]);

    /** Rows [row0, row0 + rows) of a column chunk, written at colOff: im2col's rows are independent. */
    private static final class ColumnsTask extends ConvTask {
        int row0;
        int rows;
        float[] x;
        int xOff;
        float[] col;
        int colOff;

        @Override
        public void run() {
            conv.im2col(n, h, w, cin, win, row0, rows, x, xOff, col, colOff);
        }

        @Override
        public void release() {
            releaseShape();
            x = null;
            col = null;
        }
    }

    /** This thread's column buffer of at least {@code size} floats (for split calls: the caller's work is one). */
    private static float[] columns(int size) {
        float[] col = COLUMNS.get();
        if (col.length < size) {
            col = new float[size];
            COLUMNS.set(col);
        }
        return col;
    }

    /** y rows r0..r0+count = bias (nothing when bias is null), for the GEMM to add to with beta = 1. */
    private static void preloadBias(float[] bias, int bOff, float[] y, int yOff, int r0, int count, int cout) {
        if (bias == null) {
            return;
        }
        for (int r = r0; r < r0 + count; r++) {
            int yr = yOff + r * cout;
            if (cout < SHORT_ROW) {
                for (int j = 0; j < cout; j++) {
                    y[yr + j] = bias[bOff + j];
                }
            } else {
                System.arraycopy(bias, bOff, y, yr, cout);
            }
        }
    }

    static void backwardInput(GemmKernels gemm, ConvKernels conv, int n, int h, int w, int cin, int cout, Window2d win,
                              float[] dy, int dyOff, float[] weight, int wOff, float[] dx, int dxOff,
                              float[] work, int workOff) {
        int rows = n * win.outH(h) * win.outW(w);
        int kk = win.kernelH() * win.kernelW() * cin;
        if (isPointwise(win)) {
            gemm.sgemm(false, true, rows, cin, cout, 1f, dy, dyOff, cout, weight, wOff, cout, 0f, dx, dxOff, cin);
            return;
        }
        int chunk = chunkRows(rows, kk);
        int tasks = inputTasks(n, h, w, cin, cout, win);
        if (tasks > 1) {
            BackwardInputTask[] ts = SplitTasks.reuse(INPUT_TASKS, tasks, BackwardInputTask::new);
            for (int t = 0; t < tasks; t++) {
                BackwardInputTask c = ts[t];
                c.b0 = SplitTasks.start(n, t, tasks);
                c.b1 = SplitTasks.start(n, t + 1, tasks);
                c.shape(gemm, conv, n, h, w, cin, cout, win);
                c.dy = dy;
                c.dyOff = dyOff;
                c.weight = weight;
                c.wOff = wOff;
                c.dx = dx;
                c.dxOff = dxOff;
            }
            SplitTasks.run(ts, tasks);
            return;
        }
        java.util.Arrays.fill(dx, dxOff, dxOff + n * h * w * cin, 0f);
        for (int r0 = 0; r0 < rows; r0 += chunk) {
            int cr = Math.min(chunk, rows - r0);
            gemm.sgemm(false, true, cr, kk, cout, 1f, dy, dyOff + r0 * cout, cout, weight, wOff, cout, 0f, work,
                    workOff, kk);
            conv.col2imAdd(n, h, w, cin, win, r0, cr, work, workOff, dx, dxOff);
        }
    }

    /**
     * A split chunk piece of at most this many rows could take another GEMM path than the unsplit chunk
     * (the vector GEMM sums dot products for up to 4 rows, in another order), so such splits are refused.
     */
    static final int MIN_PIECE_ROWS = 8;
    private static final ThreadLocal<BackwardInputTask[]> INPUT_TASKS =
            ThreadLocal.withInitial(() -> new BackwardInputTask[0]);
    private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * Threads {@link #backwardInput} splits the batch over (1: not split). Each thread takes whole images
     * (so no two threads add into the same dx element) and runs the unsplit call's chunk grid cut at its
     * images' bounds, each piece into its own column buffer: every dx element receives the same sums in
     * the same order, so the bits do not depend on the thread count. A split whose cut pieces would have
     * {@link #MIN_PIECE_ROWS} rows or fewer is refused.
     */
    static int inputTasks(int n, int h, int w, int cin, int cout, Window2d win) {
        int ohw = win.outH(h) * win.outW(w);
        int rows = n * ohw;
        int kk = win.kernelH() * win.kernelW() * cin;
        int tasks = SplitTasks.count(2.0 * rows * kk * cout, n);
        int chunk = chunkRows(rows, kk);
        for (int t = 0; t < tasks && tasks > 1; t++) {
            int end = SplitTasks.start(n, t + 1, tasks) * ohw;
            for (int r0 = SplitTasks.start(n, t, tasks) * ohw; r0 < end; ) {
                int r1 = Math.min(end, (r0 / chunk + 1) * chunk);
                boolean whole = r0 % chunk == 0 && r1 == Math.min(rows, r0 + chunk);
                if (!whole && r1 - r0 <= MIN_PIECE_ROWS) {
                    return 1;
                }
                r0 = r1;
            }
        }
        return tasks;
    }

    /** Images [b0, b1) of {@link #backwardInput}: zero their dx, then GEMM and col2im piece by piece. */
    private static final class BackwardInputTask extends ConvTask {
        int b0;
        int b1;
        float[] dy;
        int dyOff;
        float[] weight;
        int wOff;
        float[] dx;
        int dxOff;

        @Override
        public void run() {
            int ohw = win.outH(h) * win.outW(w);
            int rows = n * ohw;
            int kk = win.kernelH() * win.kernelW() * cin;
            int chunk = chunkRows(rows, kk);
            int image = h * w * cin;
            java.util.Arrays.fill(dx, dxOff + b0 * image, dxOff + b1 * image, 0f);
            float[] col = columns(chunk * kk);
            int end = b1 * ohw;
            for (int r0 = b0 * ohw; r0 < end; ) {
                int r1 = Math.min(end, (r0 / chunk + 1) * chunk); // the unsplit call's chunk grid
                int cr = r1 - r0;
                gemm.sgemm(false, true, cr, kk, cout, 1f, dy, dyOff + r0 * cout, cout, weight, wOff, cout, 0f, col, 0,
                        kk);
                conv.col2imAdd(n, h, w, cin, win, r0, cr, col, 0, dx, dxOff);
                r0 = r1;
            }
        }

        @Override
        public void release() {
            releaseShape();
            dy = null;
            weight = null;
            dx = null;
        }
    }

    static void backwardWeight(GemmKernels gemm, ConvKernels conv, int n, int h, int w, int cin, int cout, Window2d win,
                               float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff,
                               float[] work, int workOff) {
        if (conv.conv2dNarrowBackwardWeight(n, h, w, cin, cout, win, x, xOff, dy, dyOff, dWeight, dwOff)) {
            return;
        }
        int rows = n * win.outH(h) * win.outW(w);
        int kk = win.kernelH() * win.kernelW() * cin;
        if (isPointwise(win)) {
            gemm.sgemm(true, false, kk, cout, rows, 1f, x, xOff, kk, dy, dyOff, cout, 0f, dWeight, dwOff, cout);
            return;
        }
        int chunk = chunkRows(rows, kk);
        for (int r0 = 0; r0 < rows; r0 += chunk) {
            int cr = Math.min(chunk, rows - r0);
            // the GEMM splits dW over threads but needs every row of the chunk: so its columns come first, split
            // by rows over as many threads
            int tasks = Math.min(SplitTasks.count(2.0 * kk * cout * cr, cr), cr / MIN_PIECE_ROWS);
            if (tasks > 1) {
                ColumnsTask[] ts = SplitTasks.reuse(COLUMN_TASKS, tasks, ColumnsTask::new);
                for (int t = 0; t < tasks; t++) {
                    ColumnsTask c = ts[t];
                    int a = SplitTasks.start(cr, t, tasks);
                    c.shape(null, conv, n, h, w, cin, 0, win);
                    c.row0 = r0 + a;
                    c.rows = SplitTasks.start(cr, t + 1, tasks) - a;
                    c.x = x;
                    c.xOff = xOff;
                    c.col = work;
                    c.colOff = workOff + a * kk;
                }
                SplitTasks.run(ts, tasks);
            } else {
                conv.im2col(n, h, w, cin, win, r0, cr, x, xOff, work, workOff);
            }
            // the first chunk overwrites dW, the others accumulate into it
            gemm.sgemm(true, false, kk, cout, cr, 1f, work, workOff, kk, dy, dyOff + r0 * cout, cout, r0 == 0 ? 0f : 1f,
                    dWeight, dwOff, cout);
        }
    }
}
