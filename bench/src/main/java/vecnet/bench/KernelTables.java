package vecnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import vecnet.core.Parallel;
import vecnet.simd.Activation;
import vecnet.simd.ScalarReference;
import vecnet.simd.Simd;
import vecnet.simd.Window2d;

/**
 * The comparison runner's kernel tables (issue 3): convolution against the equivalent sgemm, pooling
 * and activations against a plain copy and one vector EXP per element, vector against scalar. One
 * thread; every ratio is between contenders sampled interleaved in the same run.
 */
final class KernelTables {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Records one JSON measurement: suite, kernel, implementation, shape, threads, metric, value. */
    interface Recorder {
        void record(String suite, String kernel, String impl, String shape, int threads, String metric, double value);
    }

    private final boolean quick;
    private final int samples;
    private final double sampleSeconds;
    private final double warmupSeconds;
    private final Recorder out;

    KernelTables(boolean quick, int samples, double sampleSeconds, double warmupSeconds, Recorder out) {
        this.quick = quick;
        this.samples = samples;
        this.sampleSeconds = sampleSeconds;
        this.warmupSeconds = warmupSeconds;
        this.out = out;
    }

    private static float[] random(Random r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        return a;
    }

    /** name, batch, h, w, cin, cout, kernel, pad. */
    private static final Object[][] CONV_LAYERS = {
        {"lenet_conv1", 64, 28, 28, 1, 6, 5, 2}, {"lenet_conv2", 64, 14, 14, 6, 16, 5, 0},
        {"cnn_conv2", 128, 28, 28, 32, 64, 3, 1}, {"vgg_conv", 1, 56, 56, 256, 256, 3, 1}};

    void conv() {
        int previous = Parallel.parallelism();
        Parallel.setParallelism(1);
        System.out.println();
        System.out.println("convolution NHWC, 1 thread, GFLOP/s (median of " + samples + "); 'gemm' = sgemm of the same"
                + " shape on a ready column matrix; scalar = ScalarReference (skipped above 1 GFLOP per call in quick mode)");
        System.out.printf("%-12s %8s %8s %8s %8s %8s %8s %9s %9s %9s %8s%n", "layer", "gemm", "fwd", "fwd-impl",
                "bwd-in", "bwd-w", "scalar", "fwd/gemm", "bwd/gemm", "vec/sca", "B/call");
        for (Object[] l : CONV_LAYERS) {
            String name = (String) l[0];
            int n = (Integer) l[1];
            int h = (Integer) l[2];
            int w = (Integer) l[3];
            int cin = (Integer) l[4];
            int cout = (Integer) l[5];
            Window2d win = Window2d.of((Integer) l[6], 1, (Integer) l[7]);
            int rows = n * win.outH(h) * win.outW(w);
            int depth = (Integer) l[6] * (Integer) l[6] * cin;
            double flops = 2.0 * rows * depth * cout;
            Random r = new Random(11);
            float[] x = random(r, n * h * w * cin);
            float[] wt = random(r, depth * cout);
            float[] bias = random(r, cout);
            float[] y = new float[rows * cout];
            float[] dy = random(r, rows * cout);
            float[] dx = new float[x.length];
            float[] dw = new float[wt.length];
            float[] work = new float[Simd.conv2dWorkSize(n, h, w, cin, win)];
            float[] col = random(r, rows * depth);
            boolean scalar = !quick || flops <= 1e9;
            List<Measure.Contender> cs = new ArrayList<>();
            cs.add(new Measure.Contender("gemm", () -> Simd.sgemm(false, false, rows, cout, depth, 1f, col, 0, depth,
                    wt, 0, cout, 0f, y, 0, cout), flops));
            cs.add(new Measure.Contender("forward", () -> Simd.conv2d(n, h, w, cin, cout, win, x, 0, wt, 0, bias, 0, y,
                    0, work, 0), flops));
            cs.add(new Measure.Contender("forward_implicit", () -> Simd.conv2dImplicit(n, h, w, cin, cout, win, x, 0, wt,
                    0, bias, 0, y, 0), flops));
            cs.add(new Measure.Contender("backward_input", () -> Simd.conv2dBackwardInput(n, h, w, cin, cout, win, dy, 0,
                    wt, 0, dx, 0, work, 0), flops));
            cs.add(new Measure.Contender("backward_weight", () -> Simd.conv2dBackwardWeight(n, h, w, cin, cout, win, x, 0,
                    dy, 0, dw, 0, work, 0), flops));
            if (scalar) {
                cs.add(new Measure.Contender("forward_scalar", () -> ScalarReference.conv2d(n, h, w, cin, cout, win, x, 0,
                        wt, 0, bias, 0, y, 0, work, 0), flops));
            }
            double[] g = Measure.medians(cs.toArray(new Measure.Contender[0]), samples, sampleSeconds, warmupSeconds);
            for (int i = 0; i < cs.size(); i++) {
                String impl = cs.get(i).name().endsWith("_scalar") ? "scalar" : Simd.implementation();
                out.record("conv", name + "." + cs.get(i).name().replace("_scalar", ""), impl, shape(n, h, w, cin, cout),
                        1, "gflops", g[i]);
            }
            double bwd = (g[3] + g[4]) / 2;
            out.record("conv", name + ".forward/gemm", "ratio", shape(n, h, w, cin, cout), 1, "ratio", g[1] / g[0]);
            out.record("conv", name + ".backward/gemm", "ratio", shape(n, h, w, cin, cout), 1, "ratio", bwd / g[0]);
            String sca = scalar ? String.format("%8.2f", g[5]) : String.format("%8s", "-");
            String ratio = scalar ? String.format("%8.1fx", g[1] / g[5]) : String.format("%9s", "-");
            if (scalar) {
                out.record("conv", name + ".forward", "vector/scalar", shape(n, h, w, cin, cout), 1, "ratio",
                        g[1] / g[5]);
            }
            // the most any of forward, backward input and backward weight allocates per call (calling thread)
            double alloc = 0;
            for (int i = 1; i <= 4; i++) {
                alloc = Math.max(alloc, Compare.allocatedBytesPerCall(cs.get(i).call()));
            }
            out.record("conv", name, Simd.implementation(), shape(n, h, w, cin, cout), 1, "alloc_bytes_per_call", alloc);
            System.out.printf("%-12s %8.1f %8.1f %8.1f %8.1f %8.1f %s %8.0f%% %8.0f%% %s %8.0f%n", name, g[0], g[1], g[2],
                    g[3], g[4], sca, 100 * g[1] / g[0], 100 * bwd / g[0], ratio, alloc);
        }
        Parallel.setParallelism(previous);
    }

    private static String shape(int n, int h, int w, int cin, int cout) {
        return n + "x" + h + "x" + w + "x" + cin + "->" + cout;
    }

    void pooling() {
        System.out.println();
        System.out.println("pooling NHWC 2x2 stride 2, GB/s of input read (median of " + samples + "), against a plain copy"
                + " of the input");
        System.out.printf("%-14s %8s %8s %8s %8s %8s %10s %8s%n", "N x H x W x C", "copy", "max", "max-bwd", "avg",
                "max sca", "max/copy", "B/call");
        int[][] shapes = {{64, 28, 28, 6}, {64, 28, 28, 32}, {128, 14, 14, 64}, {1, 56, 56, 256}};
        Window2d win = Window2d.of(2, 2, 0);
        for (int[] s : shapes) {
            int n = s[0];
            int h = s[1];
            int w = s[2];
            int c = s[3];
            Random r = new Random(3);
            float[] x = random(r, n * h * w * c);
            int outSize = n * win.outH(h) * win.outW(w) * c;
            float[] y = new float[outSize];
            int[] arg = new int[outSize];
            float[] dx = new float[x.length];
            float[] copy = new float[x.length];
            double bytes = 4.0 * x.length;
            Simd.maxPool2d(n, h, w, c, win, x, 0, y, 0, arg, 0);
            Measure.Contender[] cs = {
                new Measure.Contender("copy", () -> System.arraycopy(x, 0, copy, 0, x.length), bytes),
                new Measure.Contender("max", () -> Simd.maxPool2d(n, h, w, c, win, x, 0, y, 0, arg, 0), bytes),
                new Measure.Contender("max_backward", () -> Simd.maxPool2dBackward(n, h, w, c, win, y, 0, arg, 0, dx, 0),
                        bytes),
                new Measure.Contender("avg", () -> Simd.avgPool2d(n, h, w, c, win, true, x, 0, y, 0), bytes),
                new Measure.Contender("max_scalar", () -> ScalarReference.maxPool2d(n, h, w, c, win, x, 0, y, 0, arg, 0),
                        bytes)};
            double[] g = Measure.medians(cs, quick ? 3 : samples, sampleSeconds, warmupSeconds);
            String shape = n + "x" + h + "x" + w + "x" + c;
            for (int i = 0; i < cs.length; i++) {
                String impl = i == 0 ? "copy" : i == 4 ? "scalar" : Simd.implementation();
                out.record("pooling", cs[i].name().replace("_scalar", ""), impl, shape, 1, "gb_per_s", g[i]);
            }
            out.record("pooling", "max/copy", "ratio", shape, 1, "ratio", g[1] / g[0]);
            double alloc = 0; // the most max, max-backward or avg allocates per call (calling thread)
            for (int i = 1; i <= 3; i++) {
                alloc = Math.max(alloc, Compare.allocatedBytesPerCall(cs[i].call()));
            }
            out.record("pooling", "max,max_backward,avg", Simd.implementation(), shape, 1, "alloc_bytes_per_call",
                    alloc);
            System.out.printf("%-14s %8.1f %8.1f %8.1f %8.1f %8.1f %9.0f%% %8.0f%n", shape, g[0], g[1], g[2], g[3], g[4],
                    100 * g[1] / g[0], alloc);
        }
    }

    void activations() {
        int n = 1 << 16;
        Random r = new Random(5);
        float[] x = new float[n];
        float[] dy = random(r, n);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 16 * r.nextFloat() - 8;
        }
        System.out.println();
        System.out.println("activations on " + n + " floats (in L2), ns per element (median of " + (quick ? 3 : samples)
                + "); t/copy and t/EXP: time against a copy and one vector EXP per element");
        Measure.Contender copy = new Measure.Contender("copy", () -> System.arraycopy(x, 0, y, 0, n), n);
        Measure.Contender exp = new Measure.Contender("exp", () -> {
            for (int i = 0; i < n; i += S.length()) {
                FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
            }
        }, n);
        System.out.printf("%-13s %9s %9s %9s %9s %9s %9s%n", "function", "forward", "backward", "scalar", "t/copy",
                "t/EXP", "sca/vec");
        for (Activation f : Activation.values()) {
            Measure.Contender[] cs = {copy, exp,
                new Measure.Contender("forward", () -> Simd.activate(f, 0.01f, x, 0, y, 0, n), n),
                new Measure.Contender("backward", () -> Simd.activateBackward(f, 0.01f, x, 0, dy, 0, y, 0, n), n),
                new Measure.Contender("scalar", () -> ScalarReference.activate(f, 0.01f, x, 0, y, 0, n), n)};
            double[] perNs = Measure.medians(cs, quick ? 3 : samples, sampleSeconds / 2, warmupSeconds / 2);
            double[] ns = new double[perNs.length];
            for (int i = 0; i < ns.length; i++) {
                ns[i] = 1 / perNs[i];
            }
            String name = f.name().toLowerCase(java.util.Locale.ROOT);
            out.record("activation", name + ".forward", Simd.implementation(), Integer.toString(n), 1, "ns_per_element",
                    ns[2]);
            out.record("activation", name + ".backward", Simd.implementation(), Integer.toString(n), 1, "ns_per_element",
                    ns[3]);
            out.record("activation", name + ".forward", "scalar", Integer.toString(n), 1, "ns_per_element", ns[4]);
            out.record("activation", name + ".forward/copy", "ratio", Integer.toString(n), 1, "ratio", ns[2] / ns[0]);
            out.record("activation", name + ".forward/exp", "ratio", Integer.toString(n), 1, "ratio", ns[2] / ns[1]);
            System.out.printf("%-13s %9.3f %9.3f %9.3f %8.1fx %8.1fx %8.1fx%n", name, ns[2], ns[3], ns[4], ns[2] / ns[0],
                    ns[2] / ns[1], ns[4] / ns[2]);
        }
        int rows = n / 1000;
        Measure.Contender[] sm = {copy, exp,
            new Measure.Contender("softmax", () -> Simd.softmaxRows(rows, 1000, x, 0, y, 0), rows * 1000),
            new Measure.Contender("softmax_scalar", () -> ScalarReference.softmaxRows(rows, 1000, x, 0, y, 0),
                    rows * 1000)};
        double[] perNs = Measure.medians(sm, samples, sampleSeconds / 2, warmupSeconds / 2);
        out.record("activation", "softmax_rows_1000", Simd.implementation(), Integer.toString(rows * 1000), 1,
                "ns_per_element", 1 / perNs[2]);
        out.record("activation", "softmax_rows_1000", "scalar", Integer.toString(rows * 1000), 1, "ns_per_element",
                1 / perNs[3]);
        System.out.printf("%-13s %9.3f %9s %9.3f %8.1fx %8.1fx %8.1fx%n", "softmax/1000", 1 / perNs[2], "-", 1 / perNs[3],
                perNs[0] / perNs[2], perNs[1] / perNs[2], perNs[2] / perNs[3]);
    }
}
