package vecnet.simd;

import vecnet.core.Parallel;

/**
 * Splits elementwise kernels (activations forward and backward, the fused optimizer updates, the
 * gradient accumulation {@link Simd#addInPlace}) over {@link Parallel} in contiguous ranges of elements. Every element is computed by one thread with the
 * same formula, and every range but the last starts and ends at a multiple of {@link #ALIGN} elements
 * from the start, so each element keeps the lane it has in an unsplit call and only the very end takes
 * the masked tail: the bits equal the unsplit call's on any number of threads, for the scalar and the
 * vector kernels.
 *
 * <p>{@link Simd#addRowVector} splits over whole rows. Pooling, forward and backward, splits the same way over whole images (a window never spans two
 * images, and argmax holds positions within an image), so it too gives the same bits on any thread count.
 *
 * <p>The work is memory-bound, so the split is decided by bytes read plus written
 * ({@link #MIN_BYTES_PER_TASK}), not flops. The call's arguments sit in one object per calling thread
 * and the tasks only carry their range, so a split call allocates nothing once warm.
 */
final class ElementwiseSplit {
    /**
     * Bytes read plus written per task at least (128 KiB): handing a task to a worker costs about a
     * microsecond (a few cache lines move between the cores), and 128 KiB streams through one core in
     * several; below it the caller does the whole range alone.
     */
    static final long MIN_BYTES_PER_TASK = 128 * 1024;
    /**
     * Ranges start at multiples of this many elements: a multiple of every vector length (16 floats at
     * 512 bits), so lanes keep their grouping. (Two threads can still share the one cache line at a cut,
     * as array data need not start on a line.)
     */
    static final int ALIGN = 64;

    // bytes per element, reads plus writes, of each kernel (4 bytes per float stream)
    private static final int ACTIVATE_BYTES = 8;
    private static final int ACTIVATE_BACKWARD_BYTES = 12;

    private enum Kind {
        ACTIVATE, ACTIVATE_BACKWARD, ADAM, AMSGRAD, RADAM, ADABELIEF, SGD, ADAGRAD, RMSPROP,
        MAX_POOL, MAX_POOL_BACKWARD, AVG_POOL, AVG_POOL_BACKWARD, ADD, ADD_ROW_VECTOR
    }

    private static final ThreadLocal<Call> CALL = ThreadLocal.withInitial(Call::new);

    private ElementwiseSplit() {
    }

    /** How many tasks n elements of bytesPerElement each deserve: at most the parallelism, at least 1. */
    static int count(int n, int bytesPerElement) {
        long perTask = Math.max(ALIGN, MIN_BYTES_PER_TASK / bytesPerElement);
        long byWork = n / perTask;
        return (int) Math.max(1, Math.min(Parallel.parallelism(), byWork));
    }

    /** Where part t of {@code parts} starts: a multiple of {@link #ALIGN}, except the end (t = parts) at n. */
    static int start(int n, int t, int parts) {
        return SplitTasks.alignedStart(n, t, parts, ALIGN);
    }

    static void activate(ActivationKernels impl, Activation f, float param, float[] x, int xOff, float[] y, int yOff,
                         int n) {
        int tasks = count(n, ACTIVATE_BYTES);
        if (tasks <= 1) {
            impl.activate(f, param, x, xOff, y, yOff, n);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.ACTIVATE, impl, f, param);
        c.array(0, x, xOff);
        c.array(1, y, yOff);
        c.run(n, tasks);
    }

    static void activateBackward(ActivationKernels impl, Activation f, float param, float[] x, int xOff, float[] dy,
                                 int dyOff, float[] dx, int dxOff, int n) {
        int tasks = count(n, ACTIVATE_BACKWARD_BYTES);
        if (tasks <= 1) {
            impl.activateBackward(f, param, x, xOff, dy, dyOff, dx, dxOff, n);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.ACTIVATE_BACKWARD, impl, f, param);
        c.array(0, x, xOff);
        c.array(1, dy, dyOff);
        c.array(2, dx, dxOff);
        c.run(n, tasks);
    }

    static void adam(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                     float[] v, int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                     float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        int tasks = count(n, 28); // p, g, m, v read; p, m, v written
        if (tasks <= 1) {
            impl.adamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2,
                    stepSize, bc2Sqrt, eps, decay, l2);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.ADAM, impl, null, 0f);
        c.arrays(p, pOff, g, gOff, m, mOff, v, vOff);
        c.scalars(beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
        c.run(n, tasks);
    }

    static void amsgrad(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                        float[] v, int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float oneMinusBeta1,
                        float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        int tasks = count(n, 36); // Adam's streams plus vMax read and written
        if (tasks <= 1) {
            impl.amsgradUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, vMax, vMaxOff, beta1, beta2, oneMinusBeta1,
                    oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.AMSGRAD, impl, null, 0f);
        c.arrays(p, pOff, g, gOff, m, mOff, v, vOff);
        c.array(4, vMax, vMaxOff);
        c.scalars(beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
        c.run(n, tasks);
    }

    static void radam(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                      float[] v, int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                      boolean rectified, float stepSize, float eps, float decay, float l2) {
        int tasks = count(n, 28);
        if (tasks <= 1) {
            impl.radamUpdate(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2,
                    rectified, stepSize, eps, decay, l2);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.RADAM, impl, null, 0f);
        c.arrays(p, pOff, g, gOff, m, mOff, v, vOff);
        c.scalars(beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, eps, decay, l2, 0f);
        c.flag0 = rectified;
        c.run(n, tasks);
    }

    static void adaBelief(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                          float[] s, int sOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                          float stepSize, float bc2Sqrt, float eps, float decay) {
        int tasks = count(n, 28);
        if (tasks <= 1) {
            impl.adaBeliefUpdate(n, p, pOff, g, gOff, m, mOff, s, sOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2,
                    stepSize, bc2Sqrt, eps, decay);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.ADABELIEF, impl, null, 0f);
        c.arrays(p, pOff, g, gOff, m, mOff, s, sOff);
        c.scalars(beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, 0f);
        c.run(n, tasks);
    }

    static void sgd(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff,
                    float lr, float weightDecay, float momentum, float dampening, boolean nesterov,
                    boolean firstStep) {
        int tasks = count(n, buf == null ? 12 : 20); // p, g read, p written; buf read and written
        if (tasks <= 1) {
            impl.sgdUpdate(n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum, dampening, nesterov,
                    firstStep);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.SGD, impl, null, 0f);
        c.arrays(p, pOff, g, gOff, buf, bufOff, null, 0);
        c.scalars(lr, weightDecay, momentum, dampening, 0f, 0f, 0f, 0f, 0f);
        c.flag0 = nesterov;
        c.flag1 = firstStep;
        c.run(n, tasks);
    }

    static void adagrad(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] sum,
                        int sumOff, float clr, float weightDecay, float eps) {
        int tasks = count(n, 20); // p, g, sum read; p, sum written
        if (tasks <= 1) {
            impl.adagradUpdate(n, p, pOff, g, gOff, sum, sumOff, clr, weightDecay, eps);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.ADAGRAD, impl, null, 0f);
        c.arrays(p, pOff, g, gOff, sum, sumOff, null, 0);
        c.scalars(clr, weightDecay, eps, 0f, 0f, 0f, 0f, 0f, 0f);
        c.run(n, tasks);
    }

    static void rmsprop(OptimizerKernels impl, int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg,
                        int sqOff, float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha,
                        float eps, float weightDecay, float momentum) {
        // p, g, squareAvg read; p, squareAvg written; gradAvg and buf read and written when present
        int tasks = count(n, 20 + (gradAvg == null ? 0 : 8) + (buf == null ? 0 : 8));
        if (tasks <= 1) {
            impl.rmspropUpdate(n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, buf, bufOff, lr, alpha, eps,
                    weightDecay, momentum);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.RMSPROP, impl, null, 0f);
        c.arrays(p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff);
        c.array(4, buf, bufOff);
        c.scalars(lr, alpha, eps, weightDecay, momentum, 0f, 0f, 0f, 0f);
        c.run(n, tasks);
    }

    /** {@code y[i] += x[i]}: one float add per element, the same in every implementation. */
    static void add(ActivationKernels impl, int n, float[] x, int xOff, float[] y, int yOff) {
        int tasks = count(n, 12); // x, y read; y written
        if (tasks <= 1) {
            impl.add(x, xOff, y, yOff, n);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.ADD, impl, null, 0f);
        c.array(0, x, xOff);
        c.array(1, y, yOff);
        c.run(n, tasks);
    }

    /** {@code y[r, j] += b[j]} over rows of cols: whole rows per task, one add per element. */
    static void addRowVector(ConvKernels impl, int rows, int cols, float[] b, int bOff, float[] y, int yOff) {
        int tasks = imageTasks(rows, 8L * cols); // y read and written
        if (tasks <= 1) {
            impl.addRowVector(rows, cols, b, bOff, y, yOff);
            return;
        }
        Call c = CALL.get();
        c.set(Kind.ADD_ROW_VECTOR, impl, null, 0f);
        c.array(0, b, bOff);
        c.array(1, y, yOff);
        c.w = cols;
        c.runImages(rows, tasks);
    }

    /** Tasks for pooling n images of {@code bytesPerImage} each (input and output streams). */
    static int imageTasks(int n, long bytesPerImage) {
        long byWork = (long) n * bytesPerImage / MIN_BYTES_PER_TASK;
        return (int) Math.max(1, Math.min(Math.min(Parallel.parallelism(), n), byWork));
    }

    static void maxPool(PoolingKernels impl, int n, int h, int w, int c, Window2d win, float[] x, int xOff,
                        float[] y, int yOff, int[] argmax, int argOff) {
        long out = (long) win.outH(h) * win.outW(w) * c;
        int tasks = imageTasks(n, 4L * h * w * c + 8 * out); // x read; y and argmax written
        if (tasks <= 1) {
            impl.maxPool2d(n, h, w, c, win, x, xOff, y, yOff, argmax, argOff);
            return;
        }
        Call cl = CALL.get();
        cl.set(Kind.MAX_POOL, impl, null, 0f);
        cl.pool(h, w, c, win, false, argmax, argOff);
        cl.array(0, x, xOff);
        cl.array(1, y, yOff);
        cl.runImages(n, tasks);
    }

    static void maxPoolBackward(PoolingKernels impl, int n, int h, int w, int c, Window2d win, float[] dy, int dyOff,
                                int[] argmax, int argOff, float[] dx, int dxOff) {
        long out = (long) win.outH(h) * win.outW(w) * c;
        int tasks = imageTasks(n, 4L * h * w * c + 8 * out); // dy and argmax read; dx written
        if (tasks <= 1) {
            impl.maxPool2dBackward(n, h, w, c, win, dy, dyOff, argmax, argOff, dx, dxOff);
            return;
        }
        Call cl = CALL.get();
        cl.set(Kind.MAX_POOL_BACKWARD, impl, null, 0f);
        cl.pool(h, w, c, win, false, argmax, argOff);
        cl.array(0, dy, dyOff);
        cl.array(1, dx, dxOff);
        cl.runImages(n, tasks);
    }

    /** Average pooling forward (x to y) or, with {@code backward}, its gradient (dy to dx): same traffic, same split. */
    static void avgPool(boolean backward, PoolingKernels impl, int n, int h, int w, int c, Window2d win,
                        boolean countIncludePad, float[] in, int inOff, float[] out, int outOff) {
        long outSize = (long) win.outH(h) * win.outW(w) * c;
        int tasks = imageTasks(n, 4L * h * w * c + 4 * outSize);
        if (tasks <= 1) {
            if (backward) {
                impl.avgPool2dBackward(n, h, w, c, win, countIncludePad, in, inOff, out, outOff);
            } else {
                impl.avgPool2d(n, h, w, c, win, countIncludePad, in, inOff, out, outOff);
            }
            return;
        }
        Call cl = CALL.get();
        cl.set(backward ? Kind.AVG_POOL_BACKWARD : Kind.AVG_POOL, impl, null, 0f);
        cl.pool(h, w, c, win, countIncludePad, null, 0);
        cl.array(0, in, inOff);
        cl.array(1, out, outOff);
        cl.runImages(n, tasks);
    }

    /** One split call's arguments (arrays a[i] at offsets o[i], scalars s[i]) and its reused parts. */
    private static final class Call implements SplitTasks.Ranged {
        Kind kind;
        Object impl;
        Activation f;
        float param;
        final float[][] a = new float[5][];
        final int[] o = new int[5];
        final float[] s = new float[9];
        boolean flag0;
        boolean flag1;
        // pooling: the image shape, the window, the argmax indices; the ranges are images
        int h;
        int w;
        int c;
        Window2d win;
        int[] idx;
        int idxOff;
        SplitTasks.Part[] parts = new SplitTasks.Part[0];

        void set(Kind kind, Object impl, Activation f, float param) {
            this.kind = kind;
            this.impl = impl;
            this.f = f;
            this.param = param;
        }

        void pool(int h, int w, int c, Window2d win, boolean countIncludePad, int[] idx, int idxOff) {
            this.h = h;
            this.w = w;
            this.c = c;
            this.win = win;
            this.flag0 = countIncludePad;
            this.idx = idx;
            this.idxOff = idxOff;
        }

        void array(int i, float[] array, int off) {
            a[i] = array;
            o[i] = off;
        }

        void arrays(float[] a0, int o0, float[] a1, int o1, float[] a2, int o2, float[] a3, int o3) {
            array(0, a0, o0);
            array(1, a1, o1);
            array(2, a2, o2);
            array(3, a3, o3);
        }

        void scalars(float s0, float s1, float s2, float s3, float s4, float s5, float s6, float s7, float s8) {
            s[0] = s0;
            s[1] = s1;
            s[2] = s2;
            s[3] = s3;
            s[4] = s4;
            s[5] = s5;
            s[6] = s6;
            s[7] = s7;
            s[8] = s8;
        }

        void run(int n, int tasks) {
            run(n, tasks, true);
        }

        /** Images [start, end) of n per task, unaligned: pooling's offsets move by whole images. */
        void runImages(int n, int tasks) {
            run(n, tasks, false);
        }

        private void run(int n, int tasks, boolean aligned) {
            parts = SplitTasks.runRanges(parts, this, n, tasks, aligned ? ALIGN : 1);
        }

        /** Elements [from, to) of the call: every offset moves by from. */
        @Override
        public void range(int from, int to) {
            int n = to - from;
            float[][] a = this.a;
            int[] o = this.o;
            float[] s = this.s;
            switch (kind) {
                case ACTIVATE -> ((ActivationKernels) impl).activate(f, param, a[0], o[0] + from, a[1], o[1] + from, n);
                case ACTIVATE_BACKWARD -> ((ActivationKernels) impl).activateBackward(f, param, a[0], o[0] + from,
                        a[1], o[1] + from, a[2], o[2] + from, n);
                case ADAM -> ((OptimizerKernels) impl).adamUpdate(n, a[0], o[0] + from, a[1], o[1] + from, a[2],
                        o[2] + from, a[3], o[3] + from, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]);
                case AMSGRAD -> ((OptimizerKernels) impl).amsgradUpdate(n, a[0], o[0] + from, a[1], o[1] + from,
                        a[2], o[2] + from, a[3], o[3] + from, a[4], o[4] + from, s[0], s[1], s[2], s[3], s[4], s[5],
                        s[6], s[7], s[8]);
                case RADAM -> ((OptimizerKernels) impl).radamUpdate(n, a[0], o[0] + from, a[1], o[1] + from, a[2],
                        o[2] + from, a[3], o[3] + from, s[0], s[1], s[2], s[3], flag0, s[4], s[5], s[6], s[7]);
                case ADABELIEF -> ((OptimizerKernels) impl).adaBeliefUpdate(n, a[0], o[0] + from, a[1], o[1] + from,
                        a[2], o[2] + from, a[3], o[3] + from, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
                case SGD -> ((OptimizerKernels) impl).sgdUpdate(n, a[0], o[0] + from, a[1], o[1] + from, a[2],
                        o[2] + from, s[0], s[1], s[2], s[3], flag0, flag1);
                case ADAGRAD -> ((OptimizerKernels) impl).adagradUpdate(n, a[0], o[0] + from, a[1], o[1] + from,
                        a[2], o[2] + from, s[0], s[1], s[2]);
                case RMSPROP -> ((OptimizerKernels) impl).rmspropUpdate(n, a[0], o[0] + from, a[1], o[1] + from,
                        a[2], o[2] + from, a[3], o[3] + from, a[4], o[4] + from, s[0], s[1], s[2], s[3], s[4]);
                case ADD -> ((ActivationKernels) impl).add(a[0], o[0] + from, a[1], o[1] + from, n);
                case ADD_ROW_VECTOR -> ((ConvKernels) impl).addRowVector(n, w, a[0], o[0], a[1], o[1] + from * w);
                case MAX_POOL, MAX_POOL_BACKWARD, AVG_POOL, AVG_POOL_BACKWARD -> images(from, n);
            }
        }

        /** Images [from, from + count): x-side offsets move by whole input images, y-side by output images. */
        private void images(int from, int count) {
            PoolingKernels k = (PoolingKernels) impl;
            int in = h * w * c;
            int out = win.outH(h) * win.outW(w) * c;
            float[][] a = this.a;
            int[] o = this.o;
            switch (kind) {
                case MAX_POOL -> k.maxPool2d(count, h, w, c, win, a[0], o[0] + from * in, a[1], o[1] + from * out,
                        idx, idxOff + from * out);
                case MAX_POOL_BACKWARD -> k.maxPool2dBackward(count, h, w, c, win, a[0], o[0] + from * out, idx,
                        idxOff + from * out, a[1], o[1] + from * in);
                case AVG_POOL -> k.avgPool2d(count, h, w, c, win, flag0, a[0], o[0] + from * in, a[1],
                        o[1] + from * out);
                case AVG_POOL_BACKWARD -> k.avgPool2dBackward(count, h, w, c, win, flag0, a[0], o[0] + from * out,
                        a[1], o[1] + from * in);
                default -> throw new AssertionError(kind);
            }
        }

        /** Drops the caller's arrays and kernel object, so the reused call keeps nothing alive. */
        @Override
        public void release() {
            java.util.Arrays.fill(a, null);
            impl = null;
            f = null;
            win = null;
            idx = null;
        }
    }
}
