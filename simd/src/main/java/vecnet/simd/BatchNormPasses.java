package vecnet.simd;

import vecnet.core.Parallel;

/**
 * The passes of the batch-normalization facade ({@link Simd#batchNormStats}, {@link Simd#batchNormApply},
 * {@link Simd#batchNormBackward}) over the {@link NormKernels}, split over {@link Parallel}.
 *
 * <p>Each per-channel sum is taken over fixed blocks of {@link #BLOCK} rows, the blocks' partial sums are
 * then added in block order in double. The blocks do not depend on the thread count (a task takes whole
 * blocks), so the bits are the same on any number of threads, and the float sums run over at most
 * {@code BLOCK} terms. The elementwise passes split rows anywhere: every element has one formula.
 *
 * <p>The partial sums and per-channel coefficients live in one scratch object per calling thread, grown
 * to the largest call (8 bytes per row block and channel), so a warm call allocates nothing.
 */
final class BatchNormPasses {
    /** Rows per partial sum: 256 rows of 64 channels are 64 KiB, read once from memory per pass. */
    static final int BLOCK = 256;

    private enum Kind { SUMS, SQUARED_DEVIATIONS, BACKWARD_SUMS, NORMALIZE, NORMALIZE_BACKWARD }

    private static final ThreadLocal<Call> CALL = ThreadLocal.withInitial(Call::new);

    private BatchNormPasses() {
    }

    static int blocks(int rows) {
        return (rows + BLOCK - 1) / BLOCK;
    }

    /** mean[j] and the biased variance var[j] of each channel: two passes (the mean, then Σ (x − mean)²). */
    static void stats(NormKernels k, int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] var,
                      int varOff) {
        Call call = CALL.get();
        try {
            call.set(k, rows, c, x, xOff, null, 0);
            call.runBlocks(Kind.SUMS, 4);
            call.combine(call.partA, mean, meanOff, true);
            call.mean(mean, meanOff);
            call.runBlocks(Kind.SQUARED_DEVIATIONS, 4);
            call.combine(call.partA, var, varOff, true);
        } finally {
            call.drop();
        }
    }

    /** y = (x − mean)·scale + shift. */
    static void apply(NormKernels k, int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] scale,
                      int scaleOff, float[] shift, int shiftOff, float[] y, int yOff) {
        Call call = CALL.get();
        try {
            call.set(k, rows, c, x, xOff, null, 0);
            call.mean(mean, meanOff);
            call.coefficients(scale, scaleOff, shift, shiftOff);
            call.output(y, yOff);
            call.runRows(Kind.NORMALIZE, 8);
        } finally {
            call.drop();
        }
    }

    /**
     * dGamma = Σ dy·x̂ and dBeta = Σ dy (overwritten), and, when dx is not null, dx = ∂L/∂x (overwritten):
     * {@code (dy − Σdy/N − (x − mean)·invStd²·Σ dy(x − mean)/N)·invStd·gamma}.
     */
    static void backward(NormKernels k, int rows, int c, float[] x, int xOff, float[] dy, int dyOff, float[] mean,
                         int meanOff, float[] invStd, int invOff, float[] gamma, int gammaOff, float[] dx, int dxOff,
                         float[] dGamma, int dgOff, float[] dBeta, int dbOff) {
        Call call = CALL.get();
        try {
            call.set(k, rows, c, x, xOff, dy, dyOff);
            call.mean(mean, meanOff);
            call.runBlocks(Kind.BACKWARD_SUMS, 8);
            float[] coef = call.coef;
            call.combine(call.partA, coef, 0, false); // Σ dy
            call.combine(call.partB, coef, c, false); // Σ dy·(x − mean)
            double n = rows;
            for (int j = 0; j < c; j++) {
                double inv = invStd[invOff + j];
                float sumDy = coef[j];
                float sumDyXc = coef[c + j];
                dBeta[dbOff + j] = sumDy;
                dGamma[dgOff + j] = (float) (sumDyXc * inv);
                coef[j] = (float) (sumDy / n);
                coef[c + j] = (float) (sumDyXc * inv * inv / n);
                coef[2 * c + j] = (float) (inv * gamma[gammaOff + j]);
            }
            if (dx != null) {
                call.coefficients(coef, 0, null, 0);
                call.output(dx, dxOff);
                call.runRows(Kind.NORMALIZE_BACKWARD, 12);
            }
        } finally {
            call.drop();
        }
    }

    /** One call's arguments and its reused scratch and tasks; its caller drops the arrays after the last pass. */
    private static final class Call implements SplitTasks.Ranged {
        NormKernels k;
        Kind kind;
        int rows;
        int c;
        float[] x;
        int xOff;
        float[] dy;
        int dyOff;
        float[] mean;
        int meanOff;
        float[] a; // normalize: scale; backward: coef
        int aOff;
        float[] b; // normalize: shift
        int bOff;
        float[] out;
        int outOff;
        float[] partA = new float[0];
        float[] partB = new float[0];
        float[] coef = new float[0];
        SplitTasks.Part[] parts = new SplitTasks.Part[0];

        void set(NormKernels k, int rows, int c, float[] x, int xOff, float[] dy, int dyOff) {
            this.k = k;
            this.rows = rows;
            this.c = c;
            this.x = x;
            this.xOff = xOff;
            this.dy = dy;
            this.dyOff = dyOff;
            int p = blocks(rows) * c;
            if (partA.length < p) {
                partA = new float[p];
                partB = new float[p];
            }
            if (coef.length < 3 * c) {
                coef = new float[3 * c];
            }
        }

        void mean(float[] mean, int meanOff) {
            this.mean = mean;
            this.meanOff = meanOff;
        }

        void coefficients(float[] a, int aOff, float[] b, int bOff) {
            this.a = a;
            this.aOff = aOff;
            this.b = b;
            this.bOff = bOff;
        }

        void output(float[] out, int outOff) {
            this.out = out;
            this.outOff = outOff;
        }

        /** dst[j] = Σ_b part[b, j], the blocks in order, in double; divided by rows for a mean. */
        void combine(float[] part, float[] dst, int dstOff, boolean mean) {
            int blocks = blocks(rows);
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int blk = 0, o = j; blk < blocks; blk++, o += c) {
                    s += part[o];
                }
                dst[dstOff + j] = (float) (mean ? s / rows : s);
            }
        }

        /** The blocks of rows, whole blocks per task; bytesPerElement read per element, for the split. */
        void runBlocks(Kind kind, int bytesPerElement) {
            this.kind = kind;
            run(blocks(rows), bytesPerElement * (long) BLOCK * c);
        }

        /** The rows, any cut. */
        void runRows(Kind kind, int bytesPerElement) {
            this.kind = kind;
            run(rows, bytesPerElement * (long) c);
        }

        private void run(int units, long bytesPerUnit) {
            long byWork = units * bytesPerUnit / ElementwiseSplit.MIN_BYTES_PER_TASK;
            int tasks = (int) Math.max(1, Math.min(Math.min(Parallel.parallelism(), units), byWork));
            if (tasks == 1) {
                range(0, units);
                return;
            }
            parts = SplitTasks.runRanges(parts, this, units, tasks, 1);
        }

        /** Units [from, to): row blocks for the sums, rows for the elementwise passes. */
        @Override
        public void range(int from, int to) {
            switch (kind) {
                case SUMS, SQUARED_DEVIATIONS, BACKWARD_SUMS -> {
                    for (int blk = from; blk < to; blk++) {
                        int r0 = blk * BLOCK;
                        int n = Math.min(BLOCK, rows - r0);
                        int e = r0 * c;
                        int s = blk * c;
                        switch (kind) {
                            case SUMS -> k.sums(n, c, x, xOff + e, partA, s);
                            case SQUARED_DEVIATIONS -> k.squaredDeviations(n, c, x, xOff + e, mean, meanOff, partA, s);
                            default -> k.backwardSums(n, c, dy, dyOff + e, x, xOff + e, mean, meanOff, partA, partB,
                                    s);
                        }
                    }
                }
                case NORMALIZE -> k.normalize(to - from, c, x, xOff + from * c, mean, meanOff, a, aOff, b, bOff, out,
                        outOff + from * c);
                case NORMALIZE_BACKWARD -> k.normalizeBackward(to - from, c, dy, dyOff + from * c, x, xOff + from * c,
                        mean, meanOff, a, aOff, out, outOff + from * c);
            }
        }

        /** Nothing: a call's passes share it, and its caller drops the arrays after the last ({@link #drop}). */
        @Override
        public void release() {
        }

        /** Drops the caller's arrays, so the reused call keeps nothing alive. */
        void drop() {
            k = null;
            x = null;
            dy = null;
            mean = null;
            a = null;
            b = null;
            out = null;
        }
    }
}
