package vecnet.bench;

import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import vecnet.core.Parallel;
import vecnet.simd.ScalarReference;
import vecnet.simd.Simd;
import vecnet.simd.Window2d;

/**
 * NHWC convolution (explicit im2col + sgemm) on the layers: LeNet-5's two convolutions (batch
 * 64), the CNN's conv(32->64, 3x3, pad 1) on 28x28 (batch 128) and one VGG16 layer conv(256->256, 3x3,
 * pad 1) on 56x56 (batch 1). Every benchmark performs {@code 2 * rows * K * cout} flops (rows = n *
 * outH * outW, K = kernelH * kernelW * cin), so GFLOP/s = that / time; {@code gemm} is the plain sgemm
 * of the same shape, the target's baseline (forward >= 80% of it, backward >= 70%, 1 thread). The
 * scalar reference takes seconds per call on the VGG layer: select with {@code -p impl=vector} when
 * that is too slow.
 */
public class ConvBenchmark extends KernelBenchmark {
    /** name: n, h, w, cin, cout, kernel, pad (stride 1). */
    @Param({"lenet1", "lenet2", "cnn", "vgg"})
    public String layer;

    @Param({"vector", "scalar"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    private int n;
    private int h;
    private int w;
    private int cin;
    private int cout;
    private Window2d win;
    private int rows;
    private int depth;
    private float[] x;
    private float[] weight;
    private float[] bias;
    private float[] y;
    private float[] dy;
    private float[] dx;
    private float[] dWeight;
    private float[] work;
    private float[] col;
    private int previousParallelism;

    @Setup(Level.Trial)
    public void setup() {
        int[] d = switch (layer) {
            case "lenet1" -> new int[] {64, 32, 32, 1, 6, 5, 0};
            case "lenet2" -> new int[] {64, 14, 14, 6, 16, 5, 0};
            case "cnn" -> new int[] {128, 28, 28, 32, 64, 3, 1};
            case "vgg" -> new int[] {1, 56, 56, 256, 256, 3, 1};
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
        n = d[0];
        h = d[1];
        w = d[2];
        cin = d[3];
        cout = d[4];
        win = Window2d.of(d[5], 1, d[6]);
        rows = n * win.outH(h) * win.outW(w);
        depth = d[5] * d[5] * cin;
        Random r = new Random(7);
        x = random(r, n * h * w * cin);
        weight = random(r, depth * cout);
        bias = random(r, cout);
        y = new float[rows * cout];
        dy = random(r, rows * cout);
        dx = new float[x.length];
        dWeight = new float[weight.length];
        work = new float[Simd.conv2dWorkSize(n, h, w, cin, win)];
        col = random(r, rows * depth);
        previousParallelism = Parallel.parallelism();
        Parallel.setParallelism(threads);
    }

    private static float[] random(Random r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        return a;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setParallelism(previousParallelism);
    }

    @Benchmark
    public Object forward() {
        if (impl.equals("vector")) {
            Simd.conv2d(n, h, w, cin, cout, win, x, 0, weight, 0, bias, 0, y, 0, work, 0);
        } else {
            ScalarReference.conv2d(n, h, w, cin, cout, win, x, 0, weight, 0, bias, 0, y, 0, work, 0);
        }
        return y;
    }

    /** Implicit im2col (no column matrix, one thread whatever {@code threads} says; scalar: the direct loops). */
    @Benchmark
    public Object forwardImplicit() {
        if (impl.equals("vector")) {
            Simd.conv2dImplicit(n, h, w, cin, cout, win, x, 0, weight, 0, bias, 0, y, 0);
        } else {
            ScalarReference.conv2dImplicit(n, h, w, cin, cout, win, x, 0, weight, 0, bias, 0, y, 0);
        }
        return y;
    }

    @Benchmark
    public Object backwardInput() {
        if (impl.equals("vector")) {
            Simd.conv2dBackwardInput(n, h, w, cin, cout, win, dy, 0, weight, 0, dx, 0, work, 0);
        } else {
            ScalarReference.conv2dBackwardInput(n, h, w, cin, cout, win, dy, 0, weight, 0, dx, 0, work, 0);
        }
        return dx;
    }

    @Benchmark
    public Object backwardWeight() {
        if (impl.equals("vector")) {
            Simd.conv2dBackwardWeight(n, h, w, cin, cout, win, x, 0, dy, 0, dWeight, 0, work, 0);
        } else {
            ScalarReference.conv2dBackwardWeight(n, h, w, cin, cout, win, x, 0, dy, 0, dWeight, 0, work, 0);
        }
        return dWeight;
    }

    /** The equivalent GEMM, rows x K times K x cout, on a ready column matrix: the baseline. */
    @Benchmark
    public Object gemm() {
        if (impl.equals("vector")) {
            Simd.sgemm(false, false, rows, cout, depth, 1f, col, 0, depth, weight, 0, cout, 0f, y, 0, cout);
        } else {
            ScalarReference.sgemm(false, false, rows, cout, depth, 1f, col, 0, depth, weight, 0, cout, 0f, y, 0, cout);
        }
        return y;
    }
}
