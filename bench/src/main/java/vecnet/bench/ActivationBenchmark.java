package vecnet.bench;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import vecnet.simd.Activation;
import vecnet.simd.ScalarReference;
import vecnet.simd.Simd;

/**
 * Elementwise activations, forward and backward, vector and scalar, on n floats in [-8, 8); ns per
 * element = time / n. Baselines in the same run: {@code copy} (bandwidth: the target puts ReLU and
 * Leaky ReLU at >= 50% of it) and {@code exp}, one vector EXP per element (the target puts sigmoid,
 * tanh, GELU and softmax within 2x of it). {@code softmax} treats the data as rows of 1000 (logits of
 * 1000 classes). The baselines ignore {@code fn} and {@code impl}; filter them with
 * {@code -p fn=RELU -p impl=vector}.
 */
public class ActivationBenchmark extends KernelBenchmark {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int SOFTMAX_COLS = 1000;

    @Param({"RELU", "LEAKY_RELU", "SIGMOID", "TANH", "GELU", "SILU", "ELU", "SOFTPLUS", "HARD_SIGMOID"})
    public Activation fn;

    @Param({"vector", "scalar"})
    public String impl;

    /** 64 Ki floats stay in L2; 4 Mi floats stream from memory. */
    @Param({"65536", "4194304"})
    public int n;

    private float[] x;
    private float[] dy;
    private float[] y;

    @Setup(Level.Trial)
    public void setup() {
        Random r = new Random(5);
        x = new float[n];
        dy = new float[n];
        y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 16 * r.nextFloat() - 8;
            dy[i] = r.nextFloat() - 0.5f;
        }
    }

    @Benchmark
    public Object forward() {
        if (impl.equals("vector")) {
            Simd.activate(fn, 0.01f, x, 0, y, 0, n);
        } else {
            ScalarReference.activate(fn, 0.01f, x, 0, y, 0, n);
        }
        return y;
    }

    @Benchmark
    public Object backward() {
        if (impl.equals("vector")) {
            Simd.activateBackward(fn, 0.01f, x, 0, dy, 0, y, 0, n);
        } else {
            ScalarReference.activateBackward(fn, 0.01f, x, 0, dy, 0, y, 0, n);
        }
        return y;
    }

    @Benchmark
    public Object softmax() {
        int rows = n / SOFTMAX_COLS;
        if (impl.equals("vector")) {
            Simd.softmaxRows(rows, SOFTMAX_COLS, x, 0, y, 0);
        } else {
            ScalarReference.softmaxRows(rows, SOFTMAX_COLS, x, 0, y, 0);
        }
        return y;
    }

    @Benchmark
    public Object copy() {
        System.arraycopy(x, 0, y, 0, n);
        return y;
    }

    /** One vector EXP per element (n is a multiple of every vector length). */
    @Benchmark
    public Object exp() {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        }
        return y;
    }
}
