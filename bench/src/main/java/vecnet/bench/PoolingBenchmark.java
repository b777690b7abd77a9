package vecnet.bench;

import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import vecnet.simd.ScalarReference;
import vecnet.simd.Simd;
import vecnet.simd.Window2d;

/**
 * 2x2 stride-2 pooling over NHWC tensors (shape n x h x w x c), vector and scalar, single-threaded
 * kernels. Forward reads the input once and writes a quarter of it (max pool also writes the int
 * indices); {@code copy} moves the input once with {@code System.arraycopy}, the bandwidth baseline
 * (the target: max pooling >= 50% of the copy loop's bandwidth). Bytes per call: forward
 * 4 * size * (1 + 1/4) (+ size for max indices), copy 8 * size.
 */
public class PoolingBenchmark extends KernelBenchmark {
    @Param({"64x28x28x32", "128x14x14x64", "1x56x56x256"})
    public String shape;

    @Param({"vector", "scalar"})
    public String impl;

    private int n;
    private int h;
    private int w;
    private int c;
    private final Window2d win = Window2d.of(2, 2, 0);
    private float[] x;
    private float[] y;
    private int[] argmax;
    private float[] dx;
    private float[] copy;

    @Setup(Level.Trial)
    public void setup() {
        String[] d = shape.split("x");
        n = Integer.parseInt(d[0]);
        h = Integer.parseInt(d[1]);
        w = Integer.parseInt(d[2]);
        c = Integer.parseInt(d[3]);
        Random r = new Random(3);
        x = new float[n * h * w * c];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() - 0.5f;
        }
        int out = n * win.outH(h) * win.outW(w) * c;
        y = new float[out];
        argmax = new int[out];
        dx = new float[x.length];
        copy = new float[x.length];
        Simd.maxPool2d(n, h, w, c, win, x, 0, y, 0, argmax, 0);
    }

    @Benchmark
    public Object maxForward() {
        if (impl.equals("vector")) {
            Simd.maxPool2d(n, h, w, c, win, x, 0, y, 0, argmax, 0);
        } else {
            ScalarReference.maxPool2d(n, h, w, c, win, x, 0, y, 0, argmax, 0);
        }
        return y;
    }

    @Benchmark
    public Object maxBackward() {
        if (impl.equals("vector")) {
            Simd.maxPool2dBackward(n, h, w, c, win, y, 0, argmax, 0, dx, 0);
        } else {
            ScalarReference.maxPool2dBackward(n, h, w, c, win, y, 0, argmax, 0, dx, 0);
        }
        return dx;
    }

    @Benchmark
    public Object avgForward() {
        if (impl.equals("vector")) {
            Simd.avgPool2d(n, h, w, c, win, true, x, 0, y, 0);
        } else {
            ScalarReference.avgPool2d(n, h, w, c, win, true, x, 0, y, 0);
        }
        return y;
    }

    @Benchmark
    public Object copy() {
        System.arraycopy(x, 0, copy, 0, x.length);
        return copy;
    }
}
