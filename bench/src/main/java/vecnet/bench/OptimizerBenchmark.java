package vecnet.bench;

import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import vecnet.simd.ScalarReference;
import vecnet.simd.Simd;

/**
 * One fused optimizer step over all parameters of the MLP 784-256-128-10 (235,146 floats, one buffer),
 * vector ({@link Simd}) and scalar ({@link ScalarReference}). Streams p, g and one or two state buffers
 * (3-4 float arrays of 0.9 MiB each, beyond L2). Hyper-parameters as in training at step 10; the state
 * drifts from call to call but stays finite and normal (small lr, weight decay pulls p back).
 */
public class OptimizerBenchmark extends KernelBenchmark {
    private static final int STEP = 10;

    @Param({"sgd_momentum", "adagrad", "rmsprop", "adam", "adabelief", "radam"})
    public String optimizer;

    @Param({"vector", "scalar"})
    public String impl;

    /** Parameters of the MLP 784-256-128-10 (weights and biases). */
    @Param({"235146"})
    public int n;

    private float[] p;
    private float[] g;
    private float[] s1;
    private float[] s2;
    private boolean vector;
    private float stepSize;
    private float bc2Sqrt;
    private float radamStep;

    @Setup(Level.Trial)
    public void setup() {
        Random r = new Random(11);
        p = new float[n];
        g = new float[n];
        s1 = new float[n];
        s2 = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) r.nextGaussian() * 0.05f;
            g[i] = (float) r.nextGaussian() * 0.01f;
            s1[i] = (float) r.nextGaussian() * 0.001f;
            s2[i] = r.nextFloat() * 1e-4f;
        }
        vector = impl.equals("vector");
        double lr = 1e-3;
        stepSize = (float) (lr / (1 - Math.pow(0.9, STEP)));
        bc2Sqrt = (float) Math.sqrt(1 - Math.pow(0.999, STEP));
        // RAdam at step 10 with beta2 0.999: rho_t is about 10 > 5, so the rectified branch (r about 0.05)
        double bc2 = 1 - Math.pow(0.999, STEP);
        double rhoInf = 2 / (1 - 0.999) - 1;
        double rhoT = rhoInf - 2 * STEP * Math.pow(0.999, STEP) / bc2;
        double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        radamStep = (float) (lr / (1 - Math.pow(0.9, STEP)) * rect * Math.sqrt(bc2));
    }

    @Benchmark
    public Object step() {
        switch (optimizer) {
            case "sgd_momentum" -> {
                if (vector) {
                    Simd.sgdUpdate(n, p, 0, g, 0, s1, 0, 0.01f, 1e-4f, 0.9f, 0f, false, false);
                } else {
                    ScalarReference.sgdUpdate(n, p, 0, g, 0, s1, 0, 0.01f, 1e-4f, 0.9f, 0f, false, false);
                }
            }
            case "adagrad" -> {
                if (vector) {
                    Simd.adagradUpdate(n, p, 0, g, 0, s2, 0, 0.01f, 0f, 1e-10f);
                } else {
                    ScalarReference.adagradUpdate(n, p, 0, g, 0, s2, 0, 0.01f, 0f, 1e-10f);
                }
            }
            case "rmsprop" -> {
                if (vector) {
                    Simd.rmspropUpdate(n, p, 0, g, 0, s2, 0, null, 0, null, 0, 0.01f, 0.99f, 1e-8f, 0f, 0f);
                } else {
                    ScalarReference.rmspropUpdate(n, p, 0, g, 0, s2, 0, null, 0, null, 0, 0.01f, 0.99f, 1e-8f, 0f, 0f);
                }
            }
            case "adam" -> {
                if (vector) {
                    Simd.adamUpdate(n, p, 0, g, 0, s1, 0, s2, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, stepSize, bc2Sqrt, 1e-8f, 1f, 0f);
                } else {
                    ScalarReference.adamUpdate(n, p, 0, g, 0, s1, 0, s2, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, stepSize, bc2Sqrt, 1e-8f,
                            1f, 0f);
                }
            }
            case "adabelief" -> {
                if (vector) {
                    Simd.adaBeliefUpdate(n, p, 0, g, 0, s1, 0, s2, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, stepSize, bc2Sqrt, 1e-16f, 1f);
                } else {
                    ScalarReference.adaBeliefUpdate(n, p, 0, g, 0, s1, 0, s2, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, stepSize, bc2Sqrt,
                            1e-16f, 1f);
                }
            }
            case "radam" -> {
                if (vector) {
                    Simd.radamUpdate(n, p, 0, g, 0, s1, 0, s2, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, true, radamStep, 1e-8f, 1f, 0f);
                } else {
                    ScalarReference.radamUpdate(n, p, 0, g, 0, s1, 0, s2, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, true, radamStep, 1e-8f,
                            1f, 0f);
                }
            }
            default -> throw new IllegalStateException("unknown optimizer " + optimizer);
        }
        return p;
    }
}
