package vecnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import dev.ludovic.netlib.blas.JavaBLAS;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import vecnet.core.Parallel;
import vecnet.simd.ScalarReference;
import vecnet.simd.Simd;

/**
 * The comparison runner (the README's main job). In one run it measures the machine's FMA peak, then
 * sgemm GFLOP/s for the vector kernels (1 and 2 threads), the scalar reference and EJML at the shapes
 * that matter for the library, as % of that peak and as ratios measured side by side, and the bytes
 * the calling thread allocates per vector call ("B/call").
 *
 * <pre>
 * --quick          fewer shapes and samples (finishes in about a minute)
 * --json FILE      also write one JSON record per measurement
 * --threads 1,2    thread counts for the vector kernels
 * --suite gemm,kernels,train,infer   which tables (default: all four)
 * </pre>
 *
 * <p>The training table times one Adam step of the MLP 784-256-128-10 and LeNet-5 on synthetic
 * MNIST-shaped batches; its scalar baseline runs in a child JVM forced to the scalar kernels.
 */
public final class Compare {
    /** Square sizes and the network shapes (M x K x N) of the full run. */
    private static final int[][] FULL_SHAPES = {
        {64, 64, 64}, {128, 128, 128}, {256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048},
        {256, 784, 256}, {256, 256, 10}, {64, 784, 256}, {1, 784, 256}};
    private static final int[][] QUICK_SHAPES = {
        {256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {256, 784, 256}, {256, 256, 10}, {64, 784, 256},
        {1, 784, 256}};
    /** The scalar reference and EJML run at about 5 GFLOP/s: above this many flops a call takes seconds. */
    private static final double REFERENCE_MAX_FLOPS_QUICK = 2.2e9;

    private final boolean quick;
    private final int samples;
    private final double sampleSeconds;
    private final double warmupSeconds;
    private final List<String> records = new ArrayList<>();

    private Compare(boolean quick) {
        this.quick = quick;
        this.samples = quick ? 5 : 7;
        this.sampleSeconds = quick ? 0.15 : 0.3;
        this.warmupSeconds = quick ? 0.4 : 1.0;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path json = null;
        int[] threads = {1, 2};
        String suites = "gemm,kernels,train,infer";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--full" -> quick = false;
                case "--json" -> json = Path.of(requireValue(args, ++i, "--json"));
                case "--threads" -> threads = parseInts(requireValue(args, ++i, "--threads"));
                case "--suite" -> suites = requireValue(args, ++i, "--suite");
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --quick, --full, --json FILE, --threads 1,2, --suite gemm,kernels,train,infer");
            }
        }
        Locale.setDefault(Locale.ROOT);
        new Compare(quick).run(threads, json, List.of(suites.split(",")));
    }

    private void run(int[] threads, Path json, List<String> suites) throws Exception {
        int defaultParallelism = Parallel.parallelism();
        System.out.printf("vecnet comparison (%s): JDK %s, kernels %s, %d cores%n", quick ? "quick" : "full",
                Runtime.version(), Simd.implementation(), Runtime.getRuntime().availableProcessors());
        if (!Simd.isVectorized()) {
            System.out.println("WARNING: the vector kernels are not active; run with --add-modules jdk.incubator.vector");
        }
        double[] peak = new double[threads.length];
        for (int t = 0; t < threads.length; t++) {
            peak[t] = fmaPeak(threads[t]);
            record("peak", "fma", "vector-api", "-", threads[t], "gflops", peak[t]);
            System.out.printf("FMA peak, %d thread%s: %.1f GFLOP/s%n", threads[t], threads[t] == 1 ? "" : "s", peak[t]);
        }
        if (suites.contains("gemm")) {
            gemmTable(threads, peak);
        }
        if (suites.contains("kernels")) {
            KernelTables k = new KernelTables(quick, samples, sampleSeconds, warmupSeconds, this::record);
            k.conv();
            k.pooling();
            k.activations();
        }
        if (suites.contains("train")) {
            trainTable(threads);
        }
        if (suites.contains("infer")) {
            // As for training: the forward kernels run the Vector API's fallback until C2 compiles them.
            InferenceTable.run(samples, sampleSeconds, quick ? 3.0 : 8.0, this::record);
        }
        Parallel.setParallelism(defaultParallelism);
        if (json != null) {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.writeString(json, "[\n" + String.join(",\n", records) + "\n]\n");
            System.out.println("\nwrote " + records.size() + " records to " + json);
        }
    }

    private void gemmTable(int[] threads, double[] peak) {
        System.out.println();
        System.out.println("sgemm C = A*B, row-major float32, GFLOP/s (median of " + samples + "); % of the FMA peak "
                + "of the same thread count");
        System.out.printf("%-14s %3s %9s %7s %12s %12s %12s %10s %10s %10s %8s%n", "M x K x N", "thr", "vector",
                "%peak", "scalar %pk", "EJML %pk", "netlib %pk", "vec/scalar", "vec/EJML", "vec/netlib", "B/call");
        for (int[] s : quick ? QUICK_SHAPES : FULL_SHAPES) {
            gemmRow(s[0], s[1], s[2], threads, peak);
        }
        System.out.println("netlib = " + NETLIB.getClass().getSimpleName() + " (dev.ludovic.netlib " + NETLIB_VERSION
                + ", pure Java, what Spark MLlib uses without a native BLAS), column-major, called as C^T = B^T A^T");
        linearShapesTable(threads, peak);
    }

    private static final JavaBLAS NETLIB = JavaBLAS.getInstance();
    private static final String NETLIB_VERSION = "3.2.0";

    /**
     * The products a Linear layer runs, with the transposes it passes: forward Y = X·Wᵀ, backward dX = dY·W and
     * dW = dYᵀ·X, at the MLP's and the classifier's shapes, and batch-1/4 inference (the performance issue's
     * narrow and small-batch targets: >= 70% and >= 60% of the FMA peak).
     */
    private static final Object[][] LINEAR_SHAPES = {
        {"fwd 64x784->256", false, true, 64, 256, 784}, {"dX 64x256->784", false, false, 64, 784, 256},
        {"dW 256x64x784", true, false, 256, 784, 64},
        {"fwd 64x256->128", false, true, 64, 128, 256}, {"dX 64x128->256", false, false, 64, 256, 128},
        {"dW 128x64x256", true, false, 128, 256, 64},
        {"fwd 256x256->10", false, true, 256, 10, 256}, {"dX 256x10->256", false, false, 256, 256, 10},
        {"dW 10x256x256", true, false, 10, 256, 256},
        {"fwd 1x784->256", false, true, 1, 256, 784}, {"fwd 4x784->256", false, true, 4, 256, 784}};

    private void linearShapesTable(int[] threads, double[] peak) {
        System.out.println();
        System.out.println("sgemm as Linear calls it (transA, transB, M x N, depth K), GFLOP/s (median of " + samples
                + ") and % of the FMA peak of the same thread count; netlib on 1 thread");
        System.out.printf("%-17s %3s %5s %5s %9s %7s %12s %10s %8s%n", "product", "thr", "tA", "tB", "vector", "%peak",
                "netlib %pk", "vec/netlib", "B/call");
        for (Object[] row : LINEAR_SHAPES) {
            String label = (String) row[0];
            boolean ta = (Boolean) row[1];
            boolean tb = (Boolean) row[2];
            int m = (Integer) row[3];
            int n = (Integer) row[4];
            int k = (Integer) row[5];
            Random r = new Random(label.hashCode());
            float[] a = random(r, m * k);
            float[] b = random(r, k * n);
            float[] c = new float[m * n];
            int lda = ta ? m : k;
            int ldb = tb ? k : n;
            double flops = 2.0 * m * n * k;
            for (int t = 0; t < threads.length; t++) {
                List<Measure.Contender> cs = new ArrayList<>();
                cs.add(new Measure.Contender("vector", () -> Simd.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f,
                        c, 0, n), flops));
                if (t == 0) {
                    // row-major op(A)·op(B) = column-major (op(B)ᵀ·op(A)ᵀ)ᵀ: the same arrays, operands swapped
                    cs.add(new Measure.Contender("netlib", () -> NETLIB.sgemm(tb ? "T" : "N", ta ? "T" : "N", n, m, k, 1f,
                            b, ldb, a, lda, 0f, c, n), flops));
                }
                Parallel.setParallelism(threads[t]);
                double[] g = Measure.medians(cs.toArray(new Measure.Contender[0]), samples, sampleSeconds,
                        warmupSeconds);
                double pct = 100 * g[0] / peak[t];
                double alloc = allocatedBytesPerCall(cs.get(0).call());
                String shape = (ta ? "T" : "N") + (tb ? "T" : "N") + "_" + m + "x" + k + "x" + n;
                record("gemm_linear", "sgemm", Simd.implementation(), shape, threads[t], "gflops", g[0]);
                record("gemm_linear", "sgemm", Simd.implementation(), shape, threads[t], "pct_of_fma_peak", pct);
                record("gemm_linear", "sgemm", Simd.implementation(), shape, threads[t], "alloc_bytes_per_call", alloc);
                if (t == 0) {
                    record("gemm_linear", "sgemm", "netlib", shape, 1, "gflops", g[1]);
                    record("gemm_linear", "sgemm", "vector/netlib", shape, 1, "ratio", g[0] / g[1]);
                    System.out.printf("%-17s %3d %5s %5s %9.1f %6.1f%% %6.1f %4.1f%% %9.1fx %8.0f%n", label, threads[t],
                            ta, tb, g[0], pct, g[1], 100 * g[1] / peak[t], g[0] / g[1], alloc);
                } else {
                    System.out.printf("%-17s %3d %5s %5s %9.1f %6.1f%% %12s %10s %8.0f%n", label, threads[t], ta, tb,
                            g[0], pct, "-", "-", alloc);
                }
            }
        }
    }

    /** PyTorch 1.13 one-thread samples/s from anchors.md (measured on a Zen 4 machine, not this run). */
    private static final Object[][] TRAIN_CASES = {{"mlp", 64, 27_300}, {"mlp", 256, 45_500}, {"lenet5", 64, 8_000},
            {"cnn", 128, 673}, // the performance issue's CNN; no scalar column (a scalar step takes seconds)
            {"lstm", 64, 3_645}}; // lstm: LSTM(28, 128) over 28 steps + 128-10, PyTorch's figure from issue 12

    private void trainTable(int[] threads) throws Exception {
        // A step runs dozens of Vector API kernels; until C2 has compiled them they run the API's Java
        // fallback (~100x slower), so a short warm-up measures the interpreter (seen: 3,300 vs 22,000).
        double trainWarmup = quick ? 3.0 : 8.0;
        System.out.println();
        System.out.println("training step (Adam, softmax CE, synthetic MNIST-shaped data), samples/s (median of " + samples
                + "); scalar = same measurement in a child JVM with -Dvecnet.simd.impl=scalar");
        System.out.printf("%-12s %3s %10s %10s %8s %10s %10s %8s %8s %14s %12s%n", "model/batch", "thr", "vector",
                "scalar", "vec/sca", "loop", "Trainer", "Tr/loop", "Tr/raw", "PyTorch 1T *", "B/step **");
        for (Object[] c : TRAIN_CASES) {
            String model = (String) c[0];
            int batch = (Integer) c[1];
            String name = model + " b" + batch;
            double scalar = model.equals("cnn") ? Double.NaN
                    : TrainingStep.scalarInChildJvm(model, batch, 1, samples, sampleSeconds, trainWarmup);
            if (!Double.isNaN(scalar)) {
                record("train", model + "_b" + batch, "scalar", "batch" + batch, 1, "samples_per_s", scalar);
            }
            for (int t : threads) {
                double[] all = TrainingStep.rawLoopAndTrainer(model, batch, t, samples, sampleSeconds, trainWarmup);
                double v = all[0];
                double loop = all[1];
                double tr = all[2];
                record("train", model + "_b" + batch, Simd.implementation(), "batch" + batch, t, "samples_per_s", v);
                record("train", model + "_b" + batch, "loop", "batch" + batch, t, "samples_per_s", loop);
                record("train", model + "_b" + batch, "trainer", "batch" + batch, t, "samples_per_s", tr);
                if (t == 1) {
                    if (!Double.isNaN(scalar)) {
                        record("train", model + "_b" + batch, "vector/scalar", "batch" + batch, 1, "ratio", v / scalar);
                    }
                    double alloc = allocatedBytesPerCall(TrainingStep.step(model, batch));
                    record("train", model + "_b" + batch, Simd.implementation(), "batch" + batch, 1,
                            "alloc_bytes_per_step", alloc);
                    // the CNN's scalar step is not measured (minutes per sample): a dash, not NaN
                    boolean none = Double.isNaN(scalar);
                    System.out.printf("%-12s %3d %10.0f %10s %8s %10.0f %10.0f %7.2fx %7.2fx %14d %12.0f%n", name, t, v,
                            none ? "-" : String.format("%.0f", scalar), none ? "-" : String.format("%.1fx", v / scalar),
                            loop, tr, tr / loop, tr / v, (Integer) c[2], alloc);
                } else {
                    System.out.printf("%-12s %3d %10.0f %10s %8s %10.0f %10.0f %7.2fx %7.2fx %14s%n", name, t, v, "-",
                            "-", loop, tr, tr / loop, tr / v, "-");
                }
            }
        }
        System.out.println("vector = the step on one fixed batch; loop = a hand-written loop (workspace, gather) over 16"
                + " shuffled batches; Trainer = Trainer.fit over the same 16 batches; all three interleaved in one"
                + " measurement");
        System.out.println("* anchors.md, PyTorch 1.13 on one Zen 4 core: another machine, for orientation only");
        System.out.println("** bytes the calling thread allocates per step after 1 warm-up step (1 thread): small"
                + " objects of the tape; arrays come from the workspace");
    }

    private void gemmRow(int m, int k, int n, int[] threads, double[] peak) {
        Random r = new Random(m * 31L + k * 17L + n);
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] c = new float[m * n];
        double flops = 2.0 * m * n * k;
        String shape = m + "x" + k + "x" + n;
        boolean references = !quick || flops <= REFERENCE_MAX_FLOPS_QUICK;
        for (int t = 0; t < threads.length; t++) {
            List<Measure.Contender> cs = new ArrayList<>();
            cs.add(new Measure.Contender("vector", () -> Simd.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f,
                    c, 0, n), flops));
            boolean refsHere = references && t == 0;
            if (refsHere) {
                FMatrixRMaj ea = FMatrixRMaj.wrap(m, k, a);
                FMatrixRMaj eb = FMatrixRMaj.wrap(k, n, b);
                FMatrixRMaj ec = new FMatrixRMaj(m, n);
                cs.add(new Measure.Contender("scalar", () -> ScalarReference.sgemm(false, false, m, n, k, 1f, a, 0, k, b,
                        0, n, 0f, c, 0, n), flops));
                cs.add(new Measure.Contender("ejml", () -> CommonOps_FDRM.mult(ea, eb, ec), flops));
                cs.add(new Measure.Contender("netlib", () -> NETLIB.sgemm("N", "N", n, m, k, 1f, b, n, a, k, 0f, c, n),
                        flops));
            }
            Parallel.setParallelism(threads[t]);
            double[] g = Measure.medians(cs.toArray(new Measure.Contender[0]), samples, sampleSeconds, warmupSeconds);
            double pct = 100 * g[0] / peak[t];
            double alloc = allocatedBytesPerCall(cs.get(0).call());
            record("gemm", "sgemm", Simd.implementation(), shape, threads[t], "alloc_bytes_per_call", alloc);
            record("gemm", "sgemm", Simd.implementation(), shape, threads[t], "gflops", g[0]);
            record("gemm", "sgemm", Simd.implementation(), shape, threads[t], "pct_of_fma_peak", pct);
            if (refsHere) {
                record("gemm", "sgemm", "scalar", shape, 1, "gflops", g[1]);
                record("gemm", "sgemm", "scalar", shape, 1, "pct_of_fma_peak", 100 * g[1] / peak[t]);
                record("gemm", "sgemm", "ejml", shape, 1, "gflops", g[2]);
                record("gemm", "sgemm", "ejml", shape, 1, "pct_of_fma_peak", 100 * g[2] / peak[t]);
                record("gemm", "sgemm", "vector/scalar", shape, 1, "ratio", g[0] / g[1]);
                record("gemm", "sgemm", "vector/ejml", shape, 1, "ratio", g[0] / g[2]);
                record("gemm", "sgemm", "netlib", shape, 1, "gflops", g[3]);
                record("gemm", "sgemm", "vector/netlib", shape, 1, "ratio", g[0] / g[3]);
                System.out.printf("%-14s %3d %9.1f %6.1f%% %6.2f %4.1f%% %6.2f %4.1f%% %6.1f %4.1f%% %9.1fx %9.1fx %9.1fx"
                        + " %8.0f%n", shape, threads[t], g[0], pct, g[1], 100 * g[1] / peak[t], g[2],
                        100 * g[2] / peak[t], g[3], 100 * g[3] / peak[t], g[0] / g[1], g[0] / g[2], g[0] / g[3], alloc);
            } else {
                System.out.printf("%-14s %3d %9.1f %6.1f%% %12s %12s %12s %10s %10s %10s %8.0f%n", shape, threads[t],
                        g[0], pct, "-", "-", "-", "-", "-", "-", alloc);
            }
        }
    }

    /**
     * Bytes the calling thread allocates per call, after warm-up (worker threads are not counted here;
     * JMH's -prof gc counts every thread).
     */
    static double allocatedBytesPerCall(Runnable call) {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        int calls = 20;
        call.run();
        long before = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (double) (bean.getThreadAllocatedBytes(id) - before) / calls;
    }

    /** The FMA peak on {@code threads} threads at once: the sum of their rates, best chain count. */
    private double fmaPeak(int threads) throws Exception {
        int iters = quick ? 20_000_000 : 50_000_000;
        double best = 0;
        for (int chains : new int[] {8, 10, 12}) {
            FmaPeak.measure(chains, iters / 4); // warm up
            double[] rates = new double[samples];
            for (int s = 0; s < samples; s++) {
                rates[s] = concurrentPeak(threads, chains, iters);
            }
            best = Math.max(best, Measure.median(rates));
        }
        return best;
    }

    private static double concurrentPeak(int threads, int chains, int iters) throws Exception {
        double[] each = new double[threads];
        CyclicBarrier start = new CyclicBarrier(threads);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                each[id] = FmaPeak.measure(chains, iters);
            });
            ts[t].start();
        }
        double sum = 0;
        for (int t = 0; t < threads; t++) {
            ts[t].join();
            sum += each[t];
        }
        return sum;
    }

    private void record(String suite, String kernel, String impl, String shape, int threads, String metric,
                        double value) {
        records.add(String.format(Locale.ROOT,
                "  {\"suite\": \"%s\", \"kernel\": \"%s\", \"implementation\": \"%s\", \"shape\": \"%s\", "
                        + "\"threads\": %d, \"metric\": \"%s\", \"value\": %.4f}",
                suite, kernel, impl, shape, threads, metric, value));
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    private static String requireValue(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int[] parseInts(String s) {
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
            if (out[i] < 1) {
                throw new IllegalArgumentException("thread counts must be >= 1, was " + out[i]);
            }
        }
        return out;
    }
}
