package vecnet.bench;

import java.util.Random;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import vecnet.core.Parallel;
import vecnet.simd.ScalarReference;
import vecnet.simd.Simd;

/**
 * sgemm C = A*B (M x K x N) for the vector kernels, the scalar reference and EJML, on 1 and 2 threads
 * (the thread count applies to the vector kernels; the references are single-threaded). Average time
 * per call; GFLOP/s = 2*M*N*K / time. With {@code -prof gc}, allocation per call.
 */
public class SgemmBenchmark extends KernelBenchmark {
    @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048",
            "256x784x256", "256x256x10", "64x784x256", "1x784x256"})
    public String shape;

    @Param({"vector", "scalar", "ejml"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] c;
    private FMatrixRMaj ea;
    private FMatrixRMaj eb;
    private FMatrixRMaj ec;
    private int previousParallelism;

    @Setup(Level.Trial)
    public void setup() {
        String[] d = shape.split("x");
        m = Integer.parseInt(d[0]);
        k = Integer.parseInt(d[1]);
        n = Integer.parseInt(d[2]);
        Random r = new Random(7);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        ea = FMatrixRMaj.wrap(m, k, a);
        eb = FMatrixRMaj.wrap(k, n, b);
        ec = new FMatrixRMaj(m, n);
        previousParallelism = Parallel.parallelism();
        Parallel.setParallelism(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setParallelism(previousParallelism);
    }

    @Benchmark
    public Object sgemm() {
        switch (impl) {
            case "vector" -> Simd.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            case "scalar" -> ScalarReference.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            default -> CommonOps_FDRM.mult(ea, eb, ec);
        }
        return c;
    }
}
