package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the Vector API, in the GotoBLAS/BLIS structure:
 * <pre>
 * for jc in N step NC            B block: KC x NC floats, packed once, stays in L2
 *   for pc in K step KC
 *     pack op(B)[pc.., jc..] into NR-wide panels (zero-padded)
 *     for ic in M step MR        A micro-panel: MR x KC floats (times alpha), stays in L1
 *       pack op(A)[ic.., pc..]
 *       for jr in NC step NR     micro-kernel: MR x NR block of C in registers
 * </pre>
 * Transposes are absorbed by the packing routines. Panels are zero-padded so the micro-kernel has no
 * masks; edge blocks are spilled to a small tile and copied. beta is applied when the first KC block is
 * stored. Matrices with at most {@link #SMALL_M} rows skip packing (GEMV-like, e.g. batch-1 inference).
 * Outputs at most two vectors wide with A not transposed go to {@link VectorNarrowGemm} (no packing of
 * A); other outputs with few columns compute C^T = op(B)^T op(A)^T, so the narrow side fills
 * micro-kernel rows rather than mostly-padded vector lanes.
 * Work is split over C tiles between threads when there is enough of it; every thread packs into its
 * own reused buffers, so a call allocates nothing in steady state. {@link #packB(boolean, int, int,
 * float[], int, int, float[], int)} lays out a whole op(B) as the loop above packs its blocks, and
 * {@link #sgemmPackedB} runs the loop without the B packing, for a B used by many calls (a recurrent
 * W_hh, once per time step).
 */
final class VectorSgemm implements GemmKernels {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    static final int L = S.length();
    /** Micro-kernel shape, MR rows x NV vectors: MR*NV accumulators + NV B vectors + the broadcasts must
     *  fit the register file (32 vector registers with AVX-512, 16 with AVX2 and below) or C2 spills an
     *  accumulator to the stack every k step (see docs/design-notes.md). */
    static final int MR;
    static final int NV;
    static {
        String shape = System.getProperty("vecnet.simd.gemmKernel", S.vectorBitSize() >= 512 ? "12x2" : "5x2");
        int x = shape.indexOf('x');
        // 12x2 on a 256-bit machine reproduces the AVX-512 kernel's cold-JVM behaviour (design notes, "Cold JVM")
        if (!shape.matches("5x2|12x2")) {
            throw new IllegalStateException("vecnet.simd.gemmKernel must be 5x2 or 12x2, was '" + shape + "'");
        }
        MR = Integer.parseInt(shape.substring(0, x));
        NV = Integer.parseInt(shape.substring(x + 1));
    }
    /** Columns per micro-kernel. */
    static final int NR = NV * L;
    /** Depth of one packed block. */
    static final int KC = Integer.getInteger("vecnet.simd.gemmKC", 256);
    /** Columns of one packed B block (a multiple of NR). */
    static final int NC = Integer.getInteger("vecnet.simd.gemmNC", 512) / NR * NR;
    /** Up to this many rows, the unpacked small-M path runs. */
    static final int SMALL_M = 4;
    /** Outputs of one {@link #dotRow} block (they share the row's loads). */
    private static final int DOT_BLOCK = 8;

    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<GemmTask[]> TASKS = ThreadLocal.withInitial(() -> new GemmTask[0]);


    /** Packing buffers of one thread, reused by every call on it. */
    static final class Scratch {
        // L floats of slack: packA's stores of a whole vector per panel row (transposed A) and its 12-lane
        // masked stores (untransposed A) stay inside the array at a panel's last row.
        final float[] aPack = new float[MR * KC + L];
        final float[] bPack = new float[KC * NC];
        final float[] tile = new float[MR * NR];
        /** The implicit convolution's panel rows: window corner (row, column) and image offset per row. */
        final int[] convRows = new int[3 * MR];
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (!transA && m <= SMALL_M) {
            if (transB) {
                dotRows(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                smallM(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
            return;
        }
        if (VectorNarrowGemm.accepts(transA, n)) {
            VectorNarrowGemm.sgemm(transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (preferTransposed(m, n, k)) {
            // C^T = op(B)^T op(A)^T: same kernels, C written through the tile transposed
            packed(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc, true);
        } else {
            packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false);
        }
    }

    /**
     * Whether computing C^T wastes clearly less of the micro-kernel on zero padding, e.g. 256 x 10 outputs:
     * 10 columns fill 10 of NR = 16 lanes, but as rows they fill two 5-row panels exactly. The transposed
     * store goes through the tile, so only when K is deep enough to hide it.
     */
    static boolean preferTransposed(int m, int n, int k) {
        if (k < 32) {
            return false;
        }
        long normal = roundUpLong(m, MR) * roundUpLong(n, NR);
        long transposed = roundUpLong(n, MR) * roundUpLong(m, NR);
        return transposed * 10 < normal * 9;
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    /** {@link #roundUp} of a whole matrix's extent, which may round past Integer.MAX_VALUE. */
    private static long roundUpLong(int x, int unit) {
        return ((long) x + unit - 1) / unit * unit;
    }

    /**
     * Block (jc, pc) of the packed B sits at {@code jc * k + pc * roundUp(nc, NR)}: the NR-wide panels of
     * {@link #serial}'s bPack, every block one after the other, so a whole B is {@code k * roundUp(n, NR)}.
     */
    @Override
    public long packedBSize(int k, int n) {
        return k * roundUpLong(n, NR);
    }

    @Override
    public void packB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] packed, int packedOff) {
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int ncPad = roundUp(nc, NR);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, packed, packedOff + jc * k + pc * ncPad);
            }
        }
    }

    /**
     * Always the untransposed packed path (no small-M, narrow or C^T dispatch: those would need B in
     * another layout), split over threads by row slabs, which share the packed B and pack only their A.
     */
    @Override
    public void sgemmPackedB(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] packed, int packedOff, float beta, float[] c, int cOff, int ldc) {
        int units = (m + MR - 1) / MR;
        int tasks = SplitTasks.count(2.0 * m * n * k, units);
        if (tasks <= 1) {
            serialPackedB(transA, m, n, k, alpha, a, aOff, lda, packed, packedOff, beta, c, cOff, ldc,
                    SCRATCH.get());
            return;
        }
        GemmTask[] ts = SplitTasks.reuse(TASKS, tasks, GemmTask::new);
        for (int t = 0; t < tasks; t++) {
            int i0 = SplitTasks.start(units, t, tasks) * MR;
            int i1 = Math.min(m, SplitTasks.start(units, t + 1, tasks) * MR);
            GemmTask g = ts[t];
            g.mode = GemmTask.PACKED_B;
            g.transA = transA;
            g.transB = false;
            g.m = i1 - i0;
            g.n = n;
            g.k = k;
            g.alpha = alpha;
            g.beta = beta;
            g.a = a;
            g.aOff = aOff + (transA ? i0 : i0 * lda);
            g.lda = lda;
            g.b = packed;
            g.bOff = packedOff;
            g.ldb = 0;
            g.c = c;
            g.cOff = cOff + i0 * ldc;
            g.ldc = ldc;
            g.transC = false;
        }
        SplitTasks.run(ts, tasks);
    }

    /** {@link #serial} (untransposed C) with op(B) read from the layout of {@link #packB(boolean, int, int,
     *  float[], int, int, float[], int)}. */
    static void serialPackedB(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                              float[] packed, int packedOff, float beta, float[] c, int cOff, int ldc, Scratch s) {
        float[] aPack = s.aPack;
        float[] tile = s.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int ncPad = roundUp(nc, NR);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int block = packedOff + jc * k + pc * ncPad;
                float betaBlock = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MR) {
                    int mr = Math.min(MR, m - ic);
                    packA(transA, a, aOff, lda, ic, mr, pc, kc, alpha, aPack);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        microKernel(kc, aPack, packed, block + jr * kc, c, cOff + ic * ldc + jc + jr, ldc, betaBlock,
                                mr, nr, false, tile);
                    }
                }
            }
        }
    }

    /** The packed path, split over threads in slabs of C when there is enough work. */
    private static void packed(boolean transA, boolean transB, int m, int n, int k,
                               float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc, boolean transC) {
        double flops = 2.0 * m * n * k;
        boolean splitColumns = n >= m;
        int units = splitColumns ? (n + NR - 1) / NR : (m + MR - 1) / MR;
        int tasks = SplitTasks.count(flops, units);
        if (tasks <= 1) {
            serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, transC,
                    SCRATCH.get());
            return;
        }
        GemmTask[] ts = SplitTasks.reuse(TASKS, tasks, GemmTask::new);
        for (int t = 0; t < tasks; t++) {
            int u0 = SplitTasks.start(units, t, tasks);
            int u1 = SplitTasks.start(units, t + 1, tasks);
            GemmTask g = ts[t];
            g.mode = GemmTask.GENERAL;
            g.transA = transA;
            g.transB = transB;
            g.k = k;
            g.alpha = alpha;
            g.beta = beta;
            g.a = a;
            g.lda = lda;
            g.b = b;
            g.ldb = ldb;
            g.c = c;
            g.ldc = ldc;
            g.transC = transC;
            if (splitColumns) {
                int j0 = u0 * NR;
                int j1 = Math.min(n, u1 * NR);
                g.m = m;
                g.n = j1 - j0;
                g.aOff = aOff;
                g.bOff = bOff + (transB ? j0 * ldb : j0);
                g.cOff = cOff + (transC ? j0 * ldc : j0);
            } else {
                int i0 = u0 * MR;
                int i1 = Math.min(m, u1 * MR);
                g.m = i1 - i0;
                g.n = n;
                g.aOff = aOff + (transA ? i0 : i0 * lda);
                g.bOff = bOff;
                g.cOff = cOff + (transC ? i0 : i0 * ldc);
            }
        }
        SplitTasks.run(ts, tasks);
    }

    /** One thread's share of a split GEMM: a sub-matrix of C, addressed through offsets. */
    private static final class GemmTask implements SplitTasks.Task {
        /** {@link #serial}: every field used. */
        static final int GENERAL = 0;
        /** b is a packed B ({@link #serialPackedB}; bOff its offset, ldb and transB unused). */
        static final int PACKED_B = 1;
        /** A column slab of {@link #dotRowsSerial} (m <= SMALL_M, B transposed; transA, transB, transC unused). */
        static final int DOT_ROWS = 2;
        /** A slab of {@link #gemvPackedSerial}: a is x, b the packed W, c is y (only n, k, alpha, beta, offsets). */
        static final int GEMV_PACKED = 3;
        int mode;
        boolean transA;
        boolean transB;
        int m;
        int n;
        int k;
        float alpha;
        float beta;
        float[] a;
        int aOff;
        int lda;
        float[] b;
        int bOff;
        int ldb;
        float[] c;
        int cOff;
        int ldc;
        boolean transC;

        @Override
        public void run() {
            switch (mode) {
                case DOT_ROWS -> dotRowsSerial(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                case PACKED_B -> serialPackedB(transA, m, n, k, alpha, a, aOff, lda, b, bOff, beta, c, cOff, ldc,
                        SCRATCH.get());
                case GEMV_PACKED -> gemvPackedSerial(n, k, alpha, b, bOff, a, aOff, beta, c, cOff);
                default -> serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                        transC, SCRATCH.get());
            }
        }

        @Override
        public void release() {
            a = null;
            b = null;
            c = null;
        }
    }

    static void serial(boolean transA, boolean transB, int m, int n, int k,
                       float alpha, float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc, boolean transC, Scratch s) {
        float[] aPack = s.aPack;
        float[] bPack = s.bPack;
        float[] tile = s.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bPack, 0);
                float betaBlock = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MR) {
                    int mr = Math.min(MR, m - ic);
                    packA(transA, a, aOff, lda, ic, mr, pc, kc, alpha, aPack);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bo = jr * kc; // panel jr/NR starts at (jr/NR) * kc * NR
                        int co = transC ? cOff + (jc + jr) * ldc + ic : cOff + ic * ldc + jc + jr;
                        microKernel(kc, aPack, bPack, bo, c, co, ldc, betaBlock, mr, nr, transC, tile);
                    }
                }
            }
        }
    }

    /** The micro-kernel of the configured shape; MR and NV are constants, so this folds to one call. */
    static void microKernel(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc,
                                    float beta, int mr, int nr, boolean transC, float[] tile) {
        if (MR == 5 && NV == 2) {
            kernel5x2(kc, ap, bp, bo, c, co, ldc, beta, mr, nr, transC, tile);
        } else if (MR == 12 && NV == 2) {
            if (mr <= 4) {
                // a short last panel (m = 64 is 5 x 12 + 4): a third of the FMAs instead of all 24 accumulators
                kernel4of12x2(kc, ap, bp, bo, c, co, ldc, beta, mr, nr, transC, tile);
            } else {
                kernel12x2(kc, ap, bp, bo, c, co, ldc, beta, mr, nr, transC, tile);
            }
        } else {
            throw new IllegalStateException("no micro-kernel " + MR + "x" + NV);
        }
    }

    /** Packs alpha * op(A)[ic..ic+mr, pc..pc+kc] as kc groups of MR floats, the rows past mr that the kernel reads zero. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mr, int pc, int kc,
                              float alpha, float[] dst) {
        if (!transA) {
            if (MR == 12 && L == 16 && mr == 12) {
                // a full panel: 12 x 16 blocks transposed in registers
                int src = aOff + ic * lda + pc;
                int p = 0;
                for (; p + 16 <= kc; p += 16) {
                    transpose16(a, src + p, lda, 12, alpha, dst, p * 12, 12);
                }
                packATail(a, src, lda, p, kc, alpha, dst);
                return;
            }
            for (int r = 0; r < mr; r++) {
                int src = aOff + (ic + r) * lda + pc;
                for (int p = 0, d = r; p < kc; p++, d += MR) {
                    dst[d] = alpha * a[src + p];
                }
            }
        } else {
            int p = 0;
            if (mr == MR && MR <= L) {
                // op(A) = Aᵀ: a panel row is MR contiguous floats. One L-lane load and store each; the store's
                // last L - MR lanes land in the next row's place (rewritten next) or, after the last, in aPack's
                // slack. Rows whose load would pass the end of a go to the copy below.
                int last = a.length - L;
                for (int src = aOff + pc * lda + ic; p < kc && src <= last; p++, src += lda) {
                    FloatVector.fromArray(S, a, src).mul(alpha).intoArray(dst, p * MR);
                }
            }
            for (; p < kc; p++) {
                int src = aOff + (pc + p) * lda + ic;
                int d = p * MR;
                for (int r = 0; r < mr; r++) {
                    dst[d + r] = alpha * a[src + r];
                }
            }
        }
        // Zero the rows past mr that the micro-kernel will read (kernel4of12x2 reads 4 of the 12): their
        // results are never stored, but stale values could be NaN or subnormal.
        int read = MR == 12 && mr <= 4 ? 4 : MR;
        if (mr < read) {
            for (int p = 0; p < kc; p++) {
                for (int r = mr; r < read; r++) {
                    dst[p * MR + r] = 0f;
                }
            }
        }
    }

    /** Columns p0..kc of a full 12-row panel, one float at a time. */
    private static void packATail(float[] a, int src, int lda, int p0, int kc, float alpha, float[] dst) {
        for (int r = 0; r < 12; r++) {
            for (int p = p0, d = p0 * 12 + r; p < kc; p++, d += 12) {
                dst[d] = alpha * a[src + r * lda + p];
            }
        }
    }

    /** Packs op(B)[pc..pc+kc, jc..jc+nc] at dstOff as NR-wide panels of kc rows each, columns past nc zero. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              float[] dst, int dstOff) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            int d = dstOff + j0 * kc;
            if (!transB) {
                int src = bOff + pc * ldb + jc + j0;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                        for (int v = 0; v < NR; v += L) {
                            FloatVector.fromArray(S, b, src + v).intoArray(dst, d + v);
                        }
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                        System.arraycopy(b, src, dst, d, nr);
                        java.util.Arrays.fill(dst, d + nr, d + NR, 0f);
                    }
                }
            } else if (nr == NR && (L == 16 || L == 8)) {
                packTransposedPanel(b, bOff + (jc + j0) * ldb + pc, ldb, kc, dst, d);
            } else {
                for (int j = 0; j < nr; j++) {
                    int src = bOff + (jc + j0 + j) * ldb + pc;
                    for (int p = 0, dd = d + j; p < kc; p++, dd += NR) {
                        dst[dd] = b[src + p];
                    }
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = 0, dd = d + j; p < kc; p++, dd += NR) {
                        dst[dd] = 0f;
                    }
                }
            }
        }
    }

    /**
     * One full NR-wide panel of op(B) = Bᵀ: NR rows of B (kc floats each, from src) become kc rows of NR.
     * L x L blocks are transposed in registers (the scalar copy stores one float per element, into a new
     * cache line each time); the last kc % L columns are copied one by one.
     */
    private static void packTransposedPanel(float[] b, int src, int ldb, int kc, float[] dst, int d) {
        for (int h = 0; h < NR; h += L) {
            int s = src + h * ldb;
            int p = 0;
            for (; p + L <= kc; p += L) {
                if (L == 16) {
                    transpose16(b, s + p, ldb, 16, 1f, dst, d + p * NR + h, NR);
                } else {
                    transpose8(b, s + p, ldb, dst, d + p * NR + h);
                }
            }
            for (; p < kc; p++) {
                for (int j = 0; j < L; j++) {
                    dst[d + p * NR + h + j] = b[s + j * ldb + p];
                }
            }
        }
    }

    // The transpose's stages: stage `bit` swaps that bit between row and lane index. Of a row pair (r, r | bit),
    // the low row keeps its lanes with the bit clear and takes the high row's lane c - bit into lane c where it
    // is set; the high row mirrors that. One single-source shuffle and one blend each: the two-source form,
    // rearrange(shuffle, v), runs slower and takes C2 several times longer to compile, which in a cold JVM
    // holds up the compile queue behind it (design notes, ninth session).
    private static final VectorShuffle<Float> UP1 = transposeShuffle(1, true);
    private static final VectorShuffle<Float> DOWN1 = transposeShuffle(1, false);
    private static final VectorShuffle<Float> UP2 = transposeShuffle(2, true);
    private static final VectorShuffle<Float> DOWN2 = transposeShuffle(2, false);
    private static final VectorShuffle<Float> UP4 = transposeShuffle(4, true);
    private static final VectorShuffle<Float> DOWN4 = transposeShuffle(4, false);
    private static final VectorShuffle<Float> UP8 = transposeShuffle(8, true);
    private static final VectorShuffle<Float> DOWN8 = transposeShuffle(8, false);
    private static final VectorMask<Float> BIT1 = lanesWithBit(1);
    private static final VectorMask<Float> BIT2 = lanesWithBit(2);
    private static final VectorMask<Float> BIT4 = lanesWithBit(4);
    private static final VectorMask<Float> BIT8 = lanesWithBit(8);

    /** Lane c takes c - bit where c has the bit ({@code up}) or c + bit where it has not; null if bit >= L. */
    private static VectorShuffle<Float> transposeShuffle(int bit, boolean up) {
        if (bit >= L) {
            return null;
        }
        int[] ix = new int[L];
        for (int c = 0; c < L; c++) {
            boolean set = (c & bit) != 0;
            ix[c] = up ? (set ? c - bit : c) : (set ? c : c + bit);
        }
        return VectorShuffle.fromArray(S, ix, 0);
    }

    /** The lanes whose index has {@code bit} set; null if bit >= L. */
    private static VectorMask<Float> lanesWithBit(int bit) {
        if (bit >= L) {
            return null;
        }
        boolean[] set = new boolean[L];
        for (int c = 0; c < L; c++) {
            set[c] = (c & bit) != 0;
        }
        return VectorMask.fromArray(S, set, 0);
    }

    /**
     * Rows s, s + ld, ... of src (the first {@code rows}, 12 or 16, of 16, the others read as zero), times alpha,
     * transposed into 16 rows of dst at d, d + dstStride, ..., 16 lanes each: packB's Bᵀ panels (16 rows, alpha 1,
     * which is exact) and packA's 12-row panels, whose stores (stride 12) spill 4 lanes into the next row, rewritten
     * by the next store; the last one's land in the next block or the tail (rewritten after) or aPack's slack.
     */
    static void transpose16(float[] src, int s, int ld, int rows, float alpha, float[] dst, int d, int dstStride) {
        FloatVector z = FloatVector.zero(S);
        FloatVector r0 = FloatVector.fromArray(S, src, s + 0 * ld);
        FloatVector r1 = FloatVector.fromArray(S, src, s + 1 * ld);
        FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * ld);
        FloatVector r3 = FloatVector.fromArray(S, src, s + 3 * ld);
        FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * ld);
        FloatVector r5 = FloatVector.fromArray(S, src, s + 5 * ld);
        FloatVector r6 = FloatVector.fromArray(S, src, s + 6 * ld);
        FloatVector r7 = FloatVector.fromArray(S, src, s + 7 * ld);
        FloatVector r8 = FloatVector.fromArray(S, src, s + 8 * ld);
        FloatVector r9 = FloatVector.fromArray(S, src, s + 9 * ld);
        FloatVector r10 = FloatVector.fromArray(S, src, s + 10 * ld);
        FloatVector r11 = FloatVector.fromArray(S, src, s + 11 * ld);
        FloatVector r12 = rows > 12 ? FloatVector.fromArray(S, src, s + 12 * ld) : z;
        FloatVector r13 = rows > 13 ? FloatVector.fromArray(S, src, s + 13 * ld) : z;
        FloatVector r14 = rows > 14 ? FloatVector.fromArray(S, src, s + 14 * ld) : z;
        FloatVector r15 = rows > 15 ? FloatVector.fromArray(S, src, s + 15 * ld) : z;
        r0 = r0.mul(alpha);
        r1 = r1.mul(alpha);
        r2 = r2.mul(alpha);
        r3 = r3.mul(alpha);
        r4 = r4.mul(alpha);
        r5 = r5.mul(alpha);
        r6 = r6.mul(alpha);
        r7 = r7.mul(alpha);
        r8 = r8.mul(alpha);
        r9 = r9.mul(alpha);
        r10 = r10.mul(alpha);
        r11 = r11.mul(alpha);
        r12 = r12.mul(alpha);
        r13 = r13.mul(alpha);
        r14 = r14.mul(alpha);
        r15 = r15.mul(alpha);
        FloatVector s0r0 = r0.blend(r1.rearrange(UP1), BIT1);
        FloatVector s0r1 = r0.rearrange(DOWN1).blend(r1, BIT1);
        FloatVector s0r2 = r2.blend(r3.rearrange(UP1), BIT1);
        FloatVector s0r3 = r2.rearrange(DOWN1).blend(r3, BIT1);
        FloatVector s0r4 = r4.blend(r5.rearrange(UP1), BIT1);
        FloatVector s0r5 = r4.rearrange(DOWN1).blend(r5, BIT1);
        FloatVector s0r6 = r6.blend(r7.rearrange(UP1), BIT1);
        FloatVector s0r7 = r6.rearrange(DOWN1).blend(r7, BIT1);
        FloatVector s0r8 = r8.blend(r9.rearrange(UP1), BIT1);
        FloatVector s0r9 = r8.rearrange(DOWN1).blend(r9, BIT1);
        FloatVector s0r10 = r10.blend(r11.rearrange(UP1), BIT1);
        FloatVector s0r11 = r10.rearrange(DOWN1).blend(r11, BIT1);
        FloatVector s0r12 = r12.blend(r13.rearrange(UP1), BIT1);
        FloatVector s0r13 = r12.rearrange(DOWN1).blend(r13, BIT1);
        FloatVector s0r14 = r14.blend(r15.rearrange(UP1), BIT1);
        FloatVector s0r15 = r14.rearrange(DOWN1).blend(r15, BIT1);
        FloatVector s1r0 = s0r0.blend(s0r2.rearrange(UP2), BIT2);
        FloatVector s1r2 = s0r0.rearrange(DOWN2).blend(s0r2, BIT2);
        FloatVector s1r1 = s0r1.blend(s0r3.rearrange(UP2), BIT2);
        FloatVector s1r3 = s0r1.rearrange(DOWN2).blend(s0r3, BIT2);
        FloatVector s1r4 = s0r4.blend(s0r6.rearrange(UP2), BIT2);
        FloatVector s1r6 = s0r4.rearrange(DOWN2).blend(s0r6, BIT2);
        FloatVector s1r5 = s0r5.blend(s0r7.rearrange(UP2), BIT2);
        FloatVector s1r7 = s0r5.rearrange(DOWN2).blend(s0r7, BIT2);
        FloatVector s1r8 = s0r8.blend(s0r10.rearrange(UP2), BIT2);
        FloatVector s1r10 = s0r8.rearrange(DOWN2).blend(s0r10, BIT2);
        FloatVector s1r9 = s0r9.blend(s0r11.rearrange(UP2), BIT2);
        FloatVector s1r11 = s0r9.rearrange(DOWN2).blend(s0r11, BIT2);
        FloatVector s1r12 = s0r12.blend(s0r14.rearrange(UP2), BIT2);
        FloatVector s1r14 = s0r12.rearrange(DOWN2).blend(s0r14, BIT2);
        FloatVector s1r13 = s0r13.blend(s0r15.rearrange(UP2), BIT2);
        FloatVector s1r15 = s0r13.rearrange(DOWN2).blend(s0r15, BIT2);
        FloatVector s2r0 = s1r0.blend(s1r4.rearrange(UP4), BIT4);
        FloatVector s2r4 = s1r0.rearrange(DOWN4).blend(s1r4, BIT4);
        FloatVector s2r1 = s1r1.blend(s1r5.rearrange(UP4), BIT4);
        FloatVector s2r5 = s1r1.rearrange(DOWN4).blend(s1r5, BIT4);
        FloatVector s2r2 = s1r2.blend(s1r6.rearrange(UP4), BIT4);
        FloatVector s2r6 = s1r2.rearrange(DOWN4).blend(s1r6, BIT4);
        FloatVector s2r3 = s1r3.blend(s1r7.rearrange(UP4), BIT4);
        FloatVector s2r7 = s1r3.rearrange(DOWN4).blend(s1r7, BIT4);
        FloatVector s2r8 = s1r8.blend(s1r12.rearrange(UP4), BIT4);
        FloatVector s2r12 = s1r8.rearrange(DOWN4).blend(s1r12, BIT4);
        FloatVector s2r9 = s1r9.blend(s1r13.rearrange(UP4), BIT4);
        FloatVector s2r13 = s1r9.rearrange(DOWN4).blend(s1r13, BIT4);
        FloatVector s2r10 = s1r10.blend(s1r14.rearrange(UP4), BIT4);
        FloatVector s2r14 = s1r10.rearrange(DOWN4).blend(s1r14, BIT4);
        FloatVector s2r11 = s1r11.blend(s1r15.rearrange(UP4), BIT4);
        FloatVector s2r15 = s1r11.rearrange(DOWN4).blend(s1r15, BIT4);
        FloatVector t0 = s2r0.blend(s2r8.rearrange(UP8), BIT8);
        FloatVector t8 = s2r0.rearrange(DOWN8).blend(s2r8, BIT8);
        FloatVector t1 = s2r1.blend(s2r9.rearrange(UP8), BIT8);
        FloatVector t9 = s2r1.rearrange(DOWN8).blend(s2r9, BIT8);
        FloatVector t2 = s2r2.blend(s2r10.rearrange(UP8), BIT8);
        FloatVector t10 = s2r2.rearrange(DOWN8).blend(s2r10, BIT8);
        FloatVector t3 = s2r3.blend(s2r11.rearrange(UP8), BIT8);
        FloatVector t11 = s2r3.rearrange(DOWN8).blend(s2r11, BIT8);
        FloatVector t4 = s2r4.blend(s2r12.rearrange(UP8), BIT8);
        FloatVector t12 = s2r4.rearrange(DOWN8).blend(s2r12, BIT8);
        FloatVector t5 = s2r5.blend(s2r13.rearrange(UP8), BIT8);
        FloatVector t13 = s2r5.rearrange(DOWN8).blend(s2r13, BIT8);
        FloatVector t6 = s2r6.blend(s2r14.rearrange(UP8), BIT8);
        FloatVector t14 = s2r6.rearrange(DOWN8).blend(s2r14, BIT8);
        FloatVector t7 = s2r7.blend(s2r15.rearrange(UP8), BIT8);
        FloatVector t15 = s2r7.rearrange(DOWN8).blend(s2r15, BIT8);
        t0.intoArray(dst, d + 0 * dstStride);
        t1.intoArray(dst, d + 1 * dstStride);
        t2.intoArray(dst, d + 2 * dstStride);
        t3.intoArray(dst, d + 3 * dstStride);
        t4.intoArray(dst, d + 4 * dstStride);
        t5.intoArray(dst, d + 5 * dstStride);
        t6.intoArray(dst, d + 6 * dstStride);
        t7.intoArray(dst, d + 7 * dstStride);
        t8.intoArray(dst, d + 8 * dstStride);
        t9.intoArray(dst, d + 9 * dstStride);
        t10.intoArray(dst, d + 10 * dstStride);
        t11.intoArray(dst, d + 11 * dstStride);
        t12.intoArray(dst, d + 12 * dstStride);
        t13.intoArray(dst, d + 13 * dstStride);
        t14.intoArray(dst, d + 14 * dstStride);
        t15.intoArray(dst, d + 15 * dstStride);
    }

    /** Rows src, src + ldb, ... (8 of them, 8 floats each) into 8 rows of dst at d, d + NR, ...: an in-register transpose. */
    private static void transpose8(float[] b, int src, int ldb, float[] dst, int d) {
        FloatVector r0 = FloatVector.fromArray(S, b, src + 0 * ldb);
        FloatVector r1 = FloatVector.fromArray(S, b, src + 1 * ldb);
        FloatVector r2 = FloatVector.fromArray(S, b, src + 2 * ldb);
        FloatVector r3 = FloatVector.fromArray(S, b, src + 3 * ldb);
        FloatVector r4 = FloatVector.fromArray(S, b, src + 4 * ldb);
        FloatVector r5 = FloatVector.fromArray(S, b, src + 5 * ldb);
        FloatVector r6 = FloatVector.fromArray(S, b, src + 6 * ldb);
        FloatVector r7 = FloatVector.fromArray(S, b, src + 7 * ldb);
        FloatVector s0r0 = r0.blend(r1.rearrange(UP1), BIT1);
        FloatVector s0r1 = r0.rearrange(DOWN1).blend(r1, BIT1);
        FloatVector s0r2 = r2.blend(r3.rearrange(UP1), BIT1);
        FloatVector s0r3 = r2.rearrange(DOWN1).blend(r3, BIT1);
        FloatVector s0r4 = r4.blend(r5.rearrange(UP1), BIT1);
        FloatVector s0r5 = r4.rearrange(DOWN1).blend(r5, BIT1);
        FloatVector s0r6 = r6.blend(r7.rearrange(UP1), BIT1);
        FloatVector s0r7 = r6.rearrange(DOWN1).blend(r7, BIT1);
        FloatVector s1r0 = s0r0.blend(s0r2.rearrange(UP2), BIT2);
        FloatVector s1r2 = s0r0.rearrange(DOWN2).blend(s0r2, BIT2);
        FloatVector s1r1 = s0r1.blend(s0r3.rearrange(UP2), BIT2);
        FloatVector s1r3 = s0r1.rearrange(DOWN2).blend(s0r3, BIT2);
        FloatVector s1r4 = s0r4.blend(s0r6.rearrange(UP2), BIT2);
        FloatVector s1r6 = s0r4.rearrange(DOWN2).blend(s0r6, BIT2);
        FloatVector s1r5 = s0r5.blend(s0r7.rearrange(UP2), BIT2);
        FloatVector s1r7 = s0r5.rearrange(DOWN2).blend(s0r7, BIT2);
        FloatVector t0 = s1r0.blend(s1r4.rearrange(UP4), BIT4);
        FloatVector t4 = s1r0.rearrange(DOWN4).blend(s1r4, BIT4);
        FloatVector t1 = s1r1.blend(s1r5.rearrange(UP4), BIT4);
        FloatVector t5 = s1r1.rearrange(DOWN4).blend(s1r5, BIT4);
        FloatVector t2 = s1r2.blend(s1r6.rearrange(UP4), BIT4);
        FloatVector t6 = s1r2.rearrange(DOWN4).blend(s1r6, BIT4);
        FloatVector t3 = s1r3.blend(s1r7.rearrange(UP4), BIT4);
        FloatVector t7 = s1r3.rearrange(DOWN4).blend(s1r7, BIT4);
        t0.intoArray(dst, d + 0 * NR);
        t1.intoArray(dst, d + 1 * NR);
        t2.intoArray(dst, d + 2 * NR);
        t3.intoArray(dst, d + 3 * NR);
        t4.intoArray(dst, d + 4 * NR);
        t5.intoArray(dst, d + 5 * NR);
        t6.intoArray(dst, d + 6 * NR);
        t7.intoArray(dst, d + 7 * NR);
    }

    /**
     * C[o..o + count·L) = src[so..] + beta * C, not reading C when beta is 0. The vectors come from memory, not
     * arguments (see {@link Lanes#sums8}: a call C2 does not inline boxes its vector arguments).
     */
    private static void store(float[] src, int so, int count, float[] c, int o, float beta) {
        for (int v = 0; v < count; v++, so += L, o += L) {
            FloatVector x = FloatVector.fromArray(S, src, so);
            if (beta == 0f) {
                x.intoArray(c, o);
            } else if (beta == 1f) {
                x.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
            } else {
                FloatVector.fromArray(S, c, o).fma(FloatVector.broadcast(S, beta), x).intoArray(c, o);
            }
        }
    }

    /** Copies the valid mr x nr corner of a spilled MR x NR tile into C (transposed: tile row r is column r). */
    private static void storeTile(float[] tile, float[] c, int co, int ldc, float beta, int mr, int nr,
                                  boolean transC) {
        if (transC) {
            for (int r = 0; r < mr; r++) {
                int t = r * NR;
                for (int j = 0; j < nr; j++) {
                    int o = co + j * ldc + r;
                    c[o] = beta == 0f ? tile[t + j] : beta * c[o] + tile[t + j];
                }
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            int o = co + r * ldc;
            int t = r * NR;
            if (beta == 0f) {
                for (int j = 0; j < nr; j++) {
                    c[o + j] = tile[t + j];
                }
            } else {
                for (int j = 0; j < nr; j++) {
                    c[o + j] = beta * c[o + j] + tile[t + j];
                }
            }
        }
    }

    /** {@link #storeTile} for a whole MR x 2L tile of C (not transposed) in vectors, else the scalar copy. */
    private static void storeTileVector(float[] tile, float[] c, int co, int ldc, float beta, int mr, int nr,
                                        boolean transC) {
        if (transC || mr != MR || nr != NR || NV != 2) {
            storeTile(tile, c, co, ldc, beta, mr, nr, transC);
            return;
        }
        for (int r = 0, t = 0, o = co; r < MR; r++, t += NR, o += ldc) {
            store(tile, t, 2, c, o, beta);
        }
    }

    /** Few rows, B not transposed: each row of C accumulates alpha*A[i,p] * B[p,:] in registers. */
    private static void smallM(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int w = 4 * L;
        float[] tile = SCRATCH.get().tile; // MR * NR >= 4 * L floats for every kernel shape
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            int ci = cOff + i * ldc;
            int j = 0;
            for (; j + w <= n; j += w) {
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                for (int p = 0, bo = bOff + j; p < k; p++, bo += ldb) {
                    FloatVector av = FloatVector.broadcast(S, alpha * a[ai + p]);
                    s0 = av.fma(FloatVector.fromArray(S, b, bo), s0);
                    s1 = av.fma(FloatVector.fromArray(S, b, bo + L), s1);
                    s2 = av.fma(FloatVector.fromArray(S, b, bo + 2 * L), s2);
                    s3 = av.fma(FloatVector.fromArray(S, b, bo + 3 * L), s3);
                }
                s0.intoArray(tile, 0);
                s1.intoArray(tile, L);
                s2.intoArray(tile, 2 * L);
                s3.intoArray(tile, 3 * L);
                store(tile, 0, 4, c, ci + j, beta);
            }
            for (; j + L <= n; j += L) {
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0, bo = bOff + j; p < k; p++, bo += ldb) {
                    s0 = FloatVector.broadcast(S, alpha * a[ai + p]).fma(FloatVector.fromArray(S, b, bo), s0);
                }
                if (beta == 0f) {
                    s0.intoArray(c, ci + j);
                } else {
                    FloatVector.fromArray(S, c, ci + j).fma(FloatVector.broadcast(S, beta), s0).intoArray(c, ci + j);
                }
            }
            for (; j < n; j++) {
                float sum = 0f;
                for (int p = 0, bo = bOff + j; p < k; p++, bo += ldb) {
                    sum += a[ai + p] * b[bo];
                }
                c[ci + j] = beta == 0f ? alpha * sum : alpha * sum + beta * c[ci + j];
            }
        }
    }

    /**
     * C = alpha * A * Bt^T + beta * C as dot products of contiguous rows: A is m x k (row stride lda), Bt
     * is n x k (row stride ldb). Blocks of 2 rows x 5 columns share their loads (7 loads per 10 FMAs); no
     * packing. Used for at most {@link #SMALL_M} rows with B transposed (batch-1 inference through
     * {@code X W^T}), where packing the large operand would cost as much as the arithmetic.
     */
    private static void dotRows(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        // bound by the bytes of B read, not by flops: a split gives each core half of B to stream from its own cache
        int tasks = SplitTasks.countByBytes(4L * n * k, n / DOT_BLOCK);
        if (tasks <= 1) {
            dotRowsSerial(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int blocks = n / DOT_BLOCK;
        GemmTask[] ts = SplitTasks.reuse(TASKS, tasks, GemmTask::new);
        for (int t = 0; t < tasks; t++) {
            // every output sums alone (see dotRow), so where the slabs meet does not change any bit
            int j0 = SplitTasks.start(blocks, t, tasks) * DOT_BLOCK;
            int j1 = t == tasks - 1 ? n : SplitTasks.start(blocks, t + 1, tasks) * DOT_BLOCK;
            GemmTask g = ts[t];
            g.mode = GemmTask.DOT_ROWS;
            g.m = m;
            g.n = j1 - j0;
            g.k = k;
            g.alpha = alpha;
            g.beta = beta;
            g.a = a;
            g.aOff = aOff;
            g.lda = lda;
            g.b = b;
            g.bOff = bOff + j0 * ldb;
            g.ldb = ldb;
            g.c = c;
            g.cOff = cOff + j0;
            g.ldc = ldc;
        }
        SplitTasks.run(ts, tasks);
    }

    private static void dotRowsSerial(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int kv = S.loopBound(k);
        float[] lanes = SCRATCH.get().tile; // MR * NR >= 10 * L floats for every kernel shape
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int a0 = aOff + i * lda;
            int a1 = a0 + lda;
            int c0 = cOff + i * ldc;
            int c1 = c0 + ldc;
            int j = 0;
            for (; j + 5 <= n; j += 5) {
                int b0 = bOff + j * ldb;
                int b1 = b0 + ldb;
                int b2 = b1 + ldb;
                int b3 = b2 + ldb;
                int b4 = b3 + ldb;
                FloatVector s00 = FloatVector.zero(S);
                FloatVector s01 = s00, s02 = s00, s03 = s00, s04 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00, s14 = s00;
                int p = 0;
                for (; p < kv; p += L) {
                    FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
                    FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
                    FloatVector w = FloatVector.fromArray(S, b, b0 + p);
                    s00 = x0.fma(w, s00);
                    s10 = x1.fma(w, s10);
                    w = FloatVector.fromArray(S, b, b1 + p);
                    s01 = x0.fma(w, s01);
                    s11 = x1.fma(w, s11);
                    w = FloatVector.fromArray(S, b, b2 + p);
                    s02 = x0.fma(w, s02);
                    s12 = x1.fma(w, s12);
                    w = FloatVector.fromArray(S, b, b3 + p);
                    s03 = x0.fma(w, s03);
                    s13 = x1.fma(w, s13);
                    w = FloatVector.fromArray(S, b, b4 + p);
                    s04 = x0.fma(w, s04);
                    s14 = x1.fma(w, s14);
                }
                // the ten lane sums through the tile (see Lanes.sums8): eight in one butterfly, the last two alone
                s00.intoArray(lanes, 0);
                s01.intoArray(lanes, L);
                s02.intoArray(lanes, 2 * L);
                s03.intoArray(lanes, 3 * L);
                s04.intoArray(lanes, 4 * L);
                s10.intoArray(lanes, 5 * L);
                s11.intoArray(lanes, 6 * L);
                s12.intoArray(lanes, 7 * L);
                s13.intoArray(lanes, 8 * L);
                s14.intoArray(lanes, 9 * L);
                float d13 = Lanes.sum(lanes, 8 * L);
                float d14 = Lanes.sum(lanes, 9 * L);
                Lanes.sums8(lanes, 0);
                float d00 = Lanes.sums8Lane(lanes, 0, 0);
                float d01 = Lanes.sums8Lane(lanes, 0, 1);
                float d02 = Lanes.sums8Lane(lanes, 0, 2);
                float d03 = Lanes.sums8Lane(lanes, 0, 3);
                float d04 = Lanes.sums8Lane(lanes, 0, 4);
                float d10 = Lanes.sums8Lane(lanes, 0, 5);
                float d11 = Lanes.sums8Lane(lanes, 0, 6);
                float d12 = Lanes.sums8Lane(lanes, 0, 7);
                for (; p < k; p++) {
                    float x0 = a[a0 + p];
                    float x1 = a[a1 + p];
                    float w0 = b[b0 + p];
                    d00 += x0 * w0;
                    d10 += x1 * w0;
                    float w1 = b[b1 + p];
                    d01 += x0 * w1;
                    d11 += x1 * w1;
                    float w2 = b[b2 + p];
                    d02 += x0 * w2;
                    d12 += x1 * w2;
                    float w3 = b[b3 + p];
                    d03 += x0 * w3;
                    d13 += x1 * w3;
                    float w4 = b[b4 + p];
                    d04 += x0 * w4;
                    d14 += x1 * w4;
                }
                storeScalar(c, c0 + j, alpha * d00, beta);
                storeScalar(c, c0 + j + 1, alpha * d01, beta);
                storeScalar(c, c0 + j + 2, alpha * d02, beta);
                storeScalar(c, c0 + j + 3, alpha * d03, beta);
                storeScalar(c, c0 + j + 4, alpha * d04, beta);
                storeScalar(c, c1 + j, alpha * d10, beta);
                storeScalar(c, c1 + j + 1, alpha * d11, beta);
                storeScalar(c, c1 + j + 2, alpha * d12, beta);
                storeScalar(c, c1 + j + 3, alpha * d13, beta);
                storeScalar(c, c1 + j + 4, alpha * d14, beta);
            }
            for (; j < n; j++) {
                int bj = bOff + j * ldb;
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                int p = 0;
                for (; p < kv; p += L) {
                    FloatVector w = FloatVector.fromArray(S, b, bj + p);
                    s0 = FloatVector.fromArray(S, a, a0 + p).fma(w, s0);
                    s1 = FloatVector.fromArray(S, a, a1 + p).fma(w, s1);
                }
                s0.intoArray(lanes, 0);
                s1.intoArray(lanes, L);
                float d0 = Lanes.sum(lanes, 0);
                float d1 = Lanes.sum(lanes, L);
                for (; p < k; p++) {
                    d0 += a[a0 + p] * b[bj + p];
                    d1 += a[a1 + p] * b[bj + p];
                }
                storeScalar(c, c0 + j, alpha * d0, beta);
                storeScalar(c, c1 + j, alpha * d1, beta);
            }
        }
        for (; i < m; i++) {
            dotRow(n, k, kv, alpha, a, aOff + i * lda, b, bOff, ldb, beta, c, cOff + i * ldc);
        }
    }

    /**
     * One row of {@link #dotRows}: blocks of 8 outputs share the row's loads (9 loads per 8 FMAs, 8 independent
     * FMA chains, enough to cover the FMA latency; one chain per output would leave the FMA units idle most of
     * the time). Each output sums in the order of the two-row blocks above (one accumulator over the vector
     * steps, the {@link Lanes} butterfly, then the scalar tail), so a row's result does not depend on m.
     */
    private static void dotRow(int n, int k, int kv, float alpha, float[] a, int a0,
                               float[] b, int bOff, int ldb, float beta, float[] c, int c0) {
        float[] lanes = SCRATCH.get().tile; // MR * NR >= 8 * L floats for every kernel shape
        int j = 0;
        for (; j + DOT_BLOCK <= n; j += DOT_BLOCK) {
            int b0 = bOff + j * ldb;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int p = 0; p < kv; p += L) {
                FloatVector x = FloatVector.fromArray(S, a, a0 + p);
                s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, b0 + ldb + p), s1);
                s2 = x.fma(FloatVector.fromArray(S, b, b0 + 2 * ldb + p), s2);
                s3 = x.fma(FloatVector.fromArray(S, b, b0 + 3 * ldb + p), s3);
                s4 = x.fma(FloatVector.fromArray(S, b, b0 + 4 * ldb + p), s4);
                s5 = x.fma(FloatVector.fromArray(S, b, b0 + 5 * ldb + p), s5);
                s6 = x.fma(FloatVector.fromArray(S, b, b0 + 6 * ldb + p), s6);
                s7 = x.fma(FloatVector.fromArray(S, b, b0 + 7 * ldb + p), s7);
            }
            s0.intoArray(lanes, 0); // through memory, see Lanes.sums8
            s1.intoArray(lanes, L);
            s2.intoArray(lanes, 2 * L);
            s3.intoArray(lanes, 3 * L);
            s4.intoArray(lanes, 4 * L);
            s5.intoArray(lanes, 5 * L);
            s6.intoArray(lanes, 6 * L);
            s7.intoArray(lanes, 7 * L);
            Lanes.sums8(lanes, 0);
            finishBlock(k, kv, alpha, a, a0, b, b0 + kv, ldb, beta, c, c0 + j, lanes);
        }
        for (; j < n; j++) {
            dotOne(k, kv, alpha, a, a0, b, bOff + j * ldb, beta, c, c0 + j, lanes);
        }
    }

    /**
     * The 8 outputs of a block from their lane sums ({@link Lanes#sums8}): output q adds the scalar products of
     * its tail, x[kv..k) against b[t + q * ts ...] (rows of B in place: ts = ldb; the packed tails: ts = k - kv),
     * left to right, then is stored with alpha and beta. No vector crosses this call.
     */
    private static void finishBlock(int k, int kv, float alpha, float[] a, int a0, float[] b, int t, int ts,
                                    float beta, float[] c, int c0, float[] lanes) {
        for (int q = 0; q < DOT_BLOCK; q++) {
            float d = tail(Lanes.sums8Lane(lanes, 0, q), a, a0 + kv, b, t + q * ts, 0, k - kv);
            storeScalar(c, c0 + q, alpha * d, beta);
        }
    }

    /** One output of {@link #dotRow} outside the blocks: the row against b[bj..bj+k). */
    private static void dotOne(int k, int kv, float alpha, float[] a, int a0, float[] b, int bj, float beta,
                               float[] c, int cj, float[] lanes) {
        FloatVector s0 = FloatVector.zero(S);
        int p = 0;
        for (; p < kv; p += L) {
            s0 = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, bj + p), s0);
        }
        s0.intoArray(lanes, 0);
        storeScalar(c, cj, alpha * tail(Lanes.sum(lanes, 0), a, a0, b, bj, p, k), beta);
    }

    /**
     * W (n x k) in the order {@link #dotRow} reads it, so one row streams it front to back instead of from 8
     * rows at once: per block of {@link #DOT_BLOCK} rows, the vector steps interleaved (step p of rows 0..7,
     * then step p + L), then the 8 rows' scalar tails; the last n % 8 rows as they are. n·k floats, no padding.
     */
    @Override
    public long packedGemvSize(int n, int k) {
        return (long) n * k;
    }

    @Override
    public void packGemv(int n, int k, float[] w, int wOff, int ldw, float[] packed, int packedOff) {
        int kv = S.loopBound(k);
        int o = packedOff;
        int j = 0;
        for (; j + DOT_BLOCK <= n; j += DOT_BLOCK) {
            int w0 = wOff + j * ldw;
            for (int p = 0; p < kv; p += L) {
                for (int q = 0; q < DOT_BLOCK; q++, o += L) {
                    System.arraycopy(w, w0 + q * ldw + p, packed, o, L);
                }
            }
            for (int q = 0; q < DOT_BLOCK; q++, o += k - kv) {
                System.arraycopy(w, w0 + q * ldw + kv, packed, o, k - kv);
            }
        }
        for (; j < n; j++, o += k) {
            System.arraycopy(w, wOff + j * ldw, packed, o, k);
        }
    }

    /** Split over threads by blocks of 8 outputs as {@link #dotRows} is (every output sums alone). */
    @Override
    public void sgemvPacked(int n, int k, float alpha, float[] packed, int packedOff, float[] x, int xOff, float beta,
                            float[] y, int yOff) {
        int tasks = SplitTasks.countByBytes(4L * n * k, n / DOT_BLOCK);
        if (tasks <= 1) {
            gemvPackedSerial(n, k, alpha, packed, packedOff, x, xOff, beta, y, yOff);
            return;
        }
        int blocks = n / DOT_BLOCK;
        GemmTask[] ts = SplitTasks.reuse(TASKS, tasks, GemmTask::new);
        for (int t = 0; t < tasks; t++) {
            int j0 = SplitTasks.start(blocks, t, tasks) * DOT_BLOCK;
            int j1 = t == tasks - 1 ? n : SplitTasks.start(blocks, t + 1, tasks) * DOT_BLOCK;
            GemmTask g = ts[t];
            g.mode = GemmTask.GEMV_PACKED;
            g.m = 1;
            g.n = j1 - j0;
            g.k = k;
            g.alpha = alpha;
            g.beta = beta;
            g.a = x;
            g.aOff = xOff;
            g.b = packed;
            g.bOff = packedOff + j0 * k; // a whole block is 8k floats, so row j0's block starts at j0 * k
            g.c = y;
            g.cOff = yOff + j0;
        }
        SplitTasks.run(ts, tasks);
    }

    /**
     * {@link #dotRow} on the layout of {@link #packGemv}: the same accumulators, butterfly, tails and stores, with
     * W read front to back. The block loop is written out here, not called per block: a call per block of the
     * same loop measured ~20% slower (see docs/design-notes.md).
     */
    private static void gemvPackedSerial(int n, int k, float alpha, float[] w, int wOff, float[] x, int xOff,
                                         float beta, float[] y, int yOff) {
        int kv = S.loopBound(k);
        int kt = k - kv;
        float[] lanes = SCRATCH.get().tile;
        int o = wOff;
        int j = 0;
        for (; j + DOT_BLOCK <= n; j += DOT_BLOCK) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int p = 0; p < kv; p += L, o += DOT_BLOCK * L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + p);
                s0 = v.fma(FloatVector.fromArray(S, w, o), s0);
                s1 = v.fma(FloatVector.fromArray(S, w, o + L), s1);
                s2 = v.fma(FloatVector.fromArray(S, w, o + 2 * L), s2);
                s3 = v.fma(FloatVector.fromArray(S, w, o + 3 * L), s3);
                s4 = v.fma(FloatVector.fromArray(S, w, o + 4 * L), s4);
                s5 = v.fma(FloatVector.fromArray(S, w, o + 5 * L), s5);
                s6 = v.fma(FloatVector.fromArray(S, w, o + 6 * L), s6);
                s7 = v.fma(FloatVector.fromArray(S, w, o + 7 * L), s7);
            }
            s0.intoArray(lanes, 0); // through memory, see Lanes.sums8
            s1.intoArray(lanes, L);
            s2.intoArray(lanes, 2 * L);
            s3.intoArray(lanes, 3 * L);
            s4.intoArray(lanes, 4 * L);
            s5.intoArray(lanes, 5 * L);
            s6.intoArray(lanes, 6 * L);
            s7.intoArray(lanes, 7 * L);
            Lanes.sums8(lanes, 0);
            finishBlock(k, kv, alpha, x, xOff, w, o, kt, beta, y, yOff + j, lanes);
            o += DOT_BLOCK * kt;
        }
        for (; j < n; j++, o += k) {
            dotOne(k, kv, alpha, x, xOff, w, o, beta, y, yOff + j, lanes);
        }
    }

    /** d plus the scalar products x[p..k) * y[p..k), left to right. */
    private static float tail(float d, float[] x, int xo, float[] y, int yo, int p, int k) {
        for (; p < k; p++) {
            d += x[xo + p] * y[yo + p];
        }
        return d;
    }

    private static void storeScalar(float[] c, int o, float v, float beta) {
        c[o] = beta == 0f ? v : v + beta * c[o];
    }

    /** 5 x 2L micro-kernel (the AVX2 shape): the stores are written out so no vector crosses a call. */
    private static void kernel5x2(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc,
                                float beta, int mr, int nr, boolean transC, float[] tile) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        for (int p = 0; p < kc; p++) {
            int ao = p * 5;
            int bq = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bq);
            FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
            FloatVector a = FloatVector.broadcast(S, ap[ao]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
        }
        if (!transC && mr == 5 && nr == NR) {
            if (beta == 0f) {
                c00.intoArray(c, co);
                c01.intoArray(c, co + L);
                c10.intoArray(c, co + ldc);
                c11.intoArray(c, co + ldc + L);
                c20.intoArray(c, co + 2 * ldc);
                c21.intoArray(c, co + 2 * ldc + L);
                c30.intoArray(c, co + 3 * ldc);
                c31.intoArray(c, co + 3 * ldc + L);
                c40.intoArray(c, co + 4 * ldc);
                c41.intoArray(c, co + 4 * ldc + L);
            } else {
                FloatVector vb = FloatVector.broadcast(S, beta);
                FloatVector.fromArray(S, c, co).fma(vb, c00).intoArray(c, co);
                FloatVector.fromArray(S, c, co + L).fma(vb, c01).intoArray(c, co + L);
                FloatVector.fromArray(S, c, co + ldc).fma(vb, c10).intoArray(c, co + ldc);
                FloatVector.fromArray(S, c, co + ldc + L).fma(vb, c11).intoArray(c, co + ldc + L);
                FloatVector.fromArray(S, c, co + 2 * ldc).fma(vb, c20).intoArray(c, co + 2 * ldc);
                FloatVector.fromArray(S, c, co + 2 * ldc + L).fma(vb, c21).intoArray(c, co + 2 * ldc + L);
                FloatVector.fromArray(S, c, co + 3 * ldc).fma(vb, c30).intoArray(c, co + 3 * ldc);
                FloatVector.fromArray(S, c, co + 3 * ldc + L).fma(vb, c31).intoArray(c, co + 3 * ldc + L);
                FloatVector.fromArray(S, c, co + 4 * ldc).fma(vb, c40).intoArray(c, co + 4 * ldc);
                FloatVector.fromArray(S, c, co + 4 * ldc + L).fma(vb, c41).intoArray(c, co + 4 * ldc + L);
            }
        } else {
            c00.intoArray(tile, 0 * NR);
            c01.intoArray(tile, 0 * NR + L);
            c10.intoArray(tile, 1 * NR);
            c11.intoArray(tile, 1 * NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            c40.intoArray(tile, 4 * NR);
            c41.intoArray(tile, 4 * NR + L);
            storeTile(tile, c, co, ldc, beta, mr, nr, transC);
        }
    }

    /**
     * Rows 0..3 of a 12-row A panel (packed with stride 12) times 2L columns: the 12 x 2L kernel's first
     * four rows, each accumulated in the same order, so the bits equal kernel12x2's for those rows. For
     * panels of at most four valid rows, where kernel12x2 would spend two thirds of its FMAs on padding.
     */
    static void kernel4of12x2(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc,
                                      float beta, int mr, int nr, boolean transC, float[] tile) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        for (int p = 0; p < kc; p++) {
            int ao = p * 12;
            int bq = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bq);
            FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
            FloatVector a = FloatVector.broadcast(S, ap[ao]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
        }
        // beta 0 and 1 stored directly (what storeTile computes, exactly); any other beta through the tile
        if (!transC && mr == 4 && nr == NR && beta == 0f) {
            c00.intoArray(c, co);
            c01.intoArray(c, co + L);
            c10.intoArray(c, co + ldc);
            c11.intoArray(c, co + ldc + L);
            c20.intoArray(c, co + 2 * ldc);
            c21.intoArray(c, co + 2 * ldc + L);
            c30.intoArray(c, co + 3 * ldc);
            c31.intoArray(c, co + 3 * ldc + L);
        } else if (!transC && mr == 4 && nr == NR && beta == 1f) {
            c00.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
            c01.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
            c10.add(FloatVector.fromArray(S, c, co + ldc)).intoArray(c, co + ldc);
            c11.add(FloatVector.fromArray(S, c, co + ldc + L)).intoArray(c, co + ldc + L);
            c20.add(FloatVector.fromArray(S, c, co + 2 * ldc)).intoArray(c, co + 2 * ldc);
            c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L)).intoArray(c, co + 2 * ldc + L);
            c30.add(FloatVector.fromArray(S, c, co + 3 * ldc)).intoArray(c, co + 3 * ldc);
            c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L)).intoArray(c, co + 3 * ldc + L);
        } else {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            storeTile(tile, c, co, ldc, beta, mr, nr, transC);
        }
    }

    /**
     * 12 x 2L micro-kernel (the AVX-512 shape). Unlike the smaller kernels it always hands its 24
     * accumulators over through the tile: with the stores to C written out as well (beta 0, beta 1 and
     * the general case) the method was too big for C1's tier-3 compile ("out of virtual registers"),
     * and a method stuck in tier-2 code runs the Vector API's Java fallback for the rest of the run
     * (docs/design-notes.md, "Cold JVM").
     */
    static void kernel12x2(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc,
                                float beta, int mr, int nr, boolean transC, float[] tile) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
        FloatVector c80 = zero, c81 = zero;
        FloatVector c90 = zero, c91 = zero;
        FloatVector c100 = zero, c101 = zero;
        FloatVector c110 = zero, c111 = zero;
        for (int p = 0; p < kc; p++) {
            int ao = p * 12;
            int bq = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bq);
            FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
            FloatVector a = FloatVector.broadcast(S, ap[ao]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            a = FloatVector.broadcast(S, ap[ao + 8]);
            c80 = a.fma(b0, c80);
            c81 = a.fma(b1, c81);
            a = FloatVector.broadcast(S, ap[ao + 9]);
            c90 = a.fma(b0, c90);
            c91 = a.fma(b1, c91);
            a = FloatVector.broadcast(S, ap[ao + 10]);
            c100 = a.fma(b0, c100);
            c101 = a.fma(b1, c101);
            a = FloatVector.broadcast(S, ap[ao + 11]);
            c110 = a.fma(b0, c110);
            c111 = a.fma(b1, c111);
        }
        c00.intoArray(tile, 0 * NR);
        c01.intoArray(tile, 0 * NR + L);
        c10.intoArray(tile, 1 * NR);
        c11.intoArray(tile, 1 * NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
        c80.intoArray(tile, 8 * NR);
        c81.intoArray(tile, 8 * NR + L);
        c90.intoArray(tile, 9 * NR);
        c91.intoArray(tile, 9 * NR + L);
        c100.intoArray(tile, 10 * NR);
        c101.intoArray(tile, 10 * NR + L);
        c110.intoArray(tile, 11 * NR);
        c111.intoArray(tile, 11 * NR + L);
        storeTileVector(tile, c, co, ldc, beta, mr, nr, transC);
    }
}
