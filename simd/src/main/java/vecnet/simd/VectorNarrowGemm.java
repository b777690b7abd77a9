package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM for outputs at most two vectors wide with A not transposed, e.g. a convolution with 6 or 16
 * output channels over a 25- or 150-deep column matrix, or 10 logits. op(B) (k x n) is copied once,
 * times alpha, into a k x L (or k x 2L) panel padded with zeros, and each row of C accumulates
 * {@code A[i, p] * panel[p]} in one (or two) vector registers for blocks of rows that share every panel
 * load. A is read in place: packing it, as the general path does, would cost a pass over the largest
 * operand for very little arithmetic per element. The row kernels take A through a table of
 * offsets (none for a dense A), so {@link VectorNarrowConv} runs them on a convolution's input directly.
 */
final class VectorNarrowGemm {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();
    /** Rows per block when C is one vector wide: enough independent FMA chains to cover the latency. */
    static final int ROWS_1 = 8;
    /** Rows per block when C is two vectors wide: 10 accumulators, 2 panel vectors, 1 broadcast. */
    static final int ROWS_2 = 5;

    private static final ThreadLocal<float[][]> PANEL = ThreadLocal.withInitial(() -> new float[1][0]);
    /** Accumulators on their way to C or dW: 10 vectors, the most a kernel holds. */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[10 * L]);
    private static final ThreadLocal<RowTask[]> TASKS = ThreadLocal.withInitial(() -> new RowTask[0]);

    private VectorNarrowGemm() {
    }

    /** This thread's accumulator tile (see {@link #storeTile}). */
    static float[] tile() {
        return TILE.get();
    }

    /** This thread's panel buffer, grown to at least {@code size}. */
    static float[] panel(int size) {
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
        int tasks = SplitTasks.count(flops, m / ROWS_1);
        if (tasks <= 1) {
            rows(0, m, n, k, a, aOff, lda, panel, width, beta, c, cOff, ldc);
            return;
        }
        RowTask[] ts = SplitTasks.reuse(TASKS, tasks, RowTask::new);
        for (int t = 0; t < tasks; t++) {
            RowTask r = ts[t];
            r.i0 = SplitTasks.start(m, t, tasks);
            r.i1 = SplitTasks.start(m, t + 1, tasks);
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
        SplitTasks.run(ts, tasks);
    }

    /** One thread's rows [i0, i1) of C. */
    private static final class RowTask implements SplitTasks.Task {
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

        @Override
        public void release() {
            a = null;
            panel = null;
            c = null;
        }
    }

    /**
     * panel[p * width + j] = alpha * op(B)[p, j] for j < n, zero for n <= j < width; then row k, the
     * accumulators' start: {@code init[initOff + j]} (a bias), or zeros when init is null.
     */
    static void pack(boolean transB, int n, int k, float alpha, float[] b, int bOff, int ldb, float[] init,
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

    private static void rows(int i0, int i1, int n, int k, float[] a, int aOff, int lda, float[] panel, int width,
                             float beta, float[] c, int cOff, int ldc) {
        int[] off = null; // a dense A: no offset table (the row kernels' own loop)
        float[] tile = TILE.get();
        boolean backToBack = ldc == n; // rows back to back: a store may spill into the next row
        if (width == L) {
            int i = i0;
            for (; i + ROWS_1 <= i1; i += ROWS_1) {
                int a0 = aOff + i * lda;
                rows8(k, a, off, a0, a0 + lda, a0 + 2 * lda, a0 + 3 * lda, a0 + 4 * lda, a0 + 5 * lda, a0 + 6 * lda,
                        a0 + 7 * lda, panel, tile);
                storeTile(tile, ROWS_1, 1, n, beta, c, cOff + i * ldc, ldc, backToBack ? (i1 - i) * ldc : 0);
            }
            for (; i < i1; i++) {
                row1(k, a, off, aOff + i * lda, panel, tile);
                storeTile(tile, 1, 1, n, beta, c, cOff + i * ldc, ldc, backToBack ? (i1 - i) * ldc : 0);
            }
        } else {
            int i = i0;
            for (; i + ROWS_2 <= i1; i += ROWS_2) {
                int a0 = aOff + i * lda;
                rows5x2(k, a, off, a0, a0 + lda, a0 + 2 * lda, a0 + 3 * lda, a0 + 4 * lda, panel, tile);
                storeTile(tile, ROWS_2, 2, n, beta, c, cOff + i * ldc, ldc, backToBack ? (i1 - i) * ldc : 0);
            }
            for (; i < i1; i++) {
                row1x2(k, a, off, aOff + i * lda, panel, tile);
                storeTile(tile, 1, 2, n, beta, c, cOff + i * ldc, ldc, backToBack ? (i1 - i) * ldc : 0);
            }
        }
    }

    /** One row of a one-vector-wide C, into the tile: {@code panel[k] + Σ_p a[a0 + off[p]] panel[p]}. */
    static void row1(int k, float[] a, int[] off, int a0, float[] panel, float[] tile) {
        FloatVector s0 = FloatVector.fromArray(S, panel, k * L);
        boolean dense = off == null;
        for (int p = 0; p < k; p++) {
            s0 = FloatVector.broadcast(S, a[a0 + (dense ? p : off[p])]).fma(FloatVector.fromArray(S, panel, p * L),
                    s0);
        }
        s0.intoArray(tile, 0);
    }

    /** One row of a two-vector-wide C, into the tile. */
    static void row1x2(int k, float[] a, int[] off, int a0, float[] panel, float[] tile) {
        FloatVector s0 = FloatVector.fromArray(S, panel, 2 * k * L);
        FloatVector s1 = FloatVector.fromArray(S, panel, 2 * k * L + L);
        boolean dense = off == null;
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + (dense ? p : off[p])]);
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
    static void storeTile(float[] tile, int rows, int vectors, int n, float beta, float[] c, int c0,
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
     * offsets make the same kernel serve a convolution's input, where off[p] is tap p's distance from the
     * window's corner; off null means a dense A, off[p] = p, which C2 compiles as a loop of its own, with
     * no offset load and the range checks of a[a_r + p] hoisted). The eight rows share each panel load.
     * The rows go to the tile, for {@link #storeTile}.
     */
    static void rows8(int k, float[] a, int[] off, int a0, int a1, int a2, int a3, int a4, int a5, int a6,
                              int a7, float[] panel, float[] tile) {
        FloatVector s0 = FloatVector.fromArray(S, panel, k * L);
        FloatVector s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        boolean dense = off == null;
        for (int p = 0; p < k; p++) {
            FloatVector w = FloatVector.fromArray(S, panel, p * L);
            int o = dense ? p : off[p];
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
    static void rows5x2(int k, float[] a, int[] off, int a0, int a1, int a2, int a3, int a4, float[] panel,
                                float[] tile) {
        FloatVector s00 = FloatVector.fromArray(S, panel, 2 * k * L);
        FloatVector s01 = FloatVector.fromArray(S, panel, 2 * k * L + L);
        FloatVector s10 = s00, s20 = s00, s30 = s00, s40 = s00;
        FloatVector s11 = s01, s21 = s01, s31 = s01, s41 = s01;
        boolean dense = off == null;
        for (int p = 0; p < k; p++) {
            FloatVector w0 = FloatVector.fromArray(S, panel, 2 * p * L);
            FloatVector w1 = FloatVector.fromArray(S, panel, 2 * p * L + L);
            int o = dense ? p : off[p];
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
