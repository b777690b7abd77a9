package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vecnet.core.Parallel;
import vecnet.core.Tensor;
import vecnet.nn.autograd.TestTensors;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;
import vecnet.simd.Simd;

/**
 * The README's determinism statement: the same seed gives bit-identical weights, at every batch size, and on
 * 1 and 2 threads alike (each output of a split GEMM is computed by one thread, in the same order).
 */
@SuppressWarnings("try")
class DeterminismTest {
    static final int STEPS = 12;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 64})
    void sameSeedSameWeightsOnOneAndTwoThreads(int batch) {
        Map<String, float[]> first = train(batch, 1);
        Map<String, float[]> again = train(batch, 1);
        Map<String, float[]> twoThreads = train(batch, 2);
        if (batch == 64 && Simd.isVectorized()) { // the vector GEMM splits 64 x 392 x 300 into tasks at 2 threads
            assertTrue(Parallel.startedWorkers() >= 1, "2 threads must have started a worker");
        }
        for (String name : first.keySet()) {
            assertEquals(0, Arrays.compare(first.get(name), again.get(name)), name + ": two runs, 1 thread");
            assertEquals(0, Arrays.compare(first.get(name), twoThreads.get(name)), name + ": 1 against 2 threads");
        }
    }

    /**
     * The JIT-tier drift the service issue found (two launches of one seeded batch-2 run ended with different
     * weights): a fresh JVM, whose steps run interpreted, then C1, then C2 code, must end with the bits of this
     * warm JVM's run.
     */
    @Test
    void aFreshJvmTrainsTheSameBitsAsAWarmOne() throws Exception {
        for (int i = 0; i < 3; i++) {
            train(2, 1); // warm: by the last run most of it is compiled
        }
        String warm = hash(train(2, 1));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        if (Simd.isVectorized()) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("vecnet.")) { // the fork's vector width and kernel choices
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DeterminismTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("weights " + warm), "fresh JVM: " + out.trim() + "; this JVM: weights " + warm);
    }

    /** Child-JVM entry of {@link #aFreshJvmTrainsTheSameBitsAsAWarmOne}: one batch-2 run on 1 thread, its hash. */
    public static void main(String[] args) {
        System.out.println("kernels " + Simd.implementation() + " weights " + hash(train(2, 1)));
    }

    static String hash(Map<String, float[]> weights) {
        int h = 1;
        for (Map.Entry<String, float[]> e : weights.entrySet()) {
            h = 31 * h + e.getKey().hashCode();
            for (float v : e.getValue()) {
                h = 31 * h + Float.floatToRawIntBits(v);
            }
        }
        return Integer.toHexString(h);
    }

    /** A small CNN and MLP head with batch norm and dropout, Adam, cross-entropy; the final weights by name. */
    private static Map<String, float[]> train(int batch, int threads) {
        int previous = Parallel.parallelism();
        Parallel.setParallelism(threads);
        try {
            SplittableRandom r = new SplittableRandom(11);
            Sequential net = new Sequential(new Conv2d(1, 8, 3, 3, 1, 1, true, r), new BatchNorm2d(8), new ReLU(),
                    new MaxPool2d(2), new Flatten(), new Linear(8 * 7 * 7, 300, true, r), new Tanh(),
                    new Dropout(0.25, 5), new Linear(300, 10, true, r));
            Adam adam = new Adam(net.parameters(), 1e-2);
            CrossEntropyLoss ce = new CrossEntropyLoss();
            Workspace ws = new Workspace();
            for (int step = 0; step < STEPS; step++) {
                Tensor x = TestTensors.uniform(100 + step, -1, 1, batch, 14, 14, 1);
                int[] labels = new int[batch];
                for (int i = 0; i < batch; i++) {
                    labels[i] = (step * 7 + i * 3) % 10;
                }
                try (Workspace.Scope s = ws.open()) {
                    adam.zeroGrad();
                    ce.forward(net.forward(Var.constant(x)), labels).backward();
                    adam.step();
                }
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
                out.put(e.getKey(), e.getValue().toArray());
            }
            return out;
        } finally {
            Parallel.setParallelism(previous);
        }
    }
}
