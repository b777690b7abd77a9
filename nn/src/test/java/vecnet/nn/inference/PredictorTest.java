package vecnet.nn.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import vecnet.core.Parallel;
import vecnet.core.Tensor;
import vecnet.nn.BatchNorm1d;
import vecnet.nn.BatchNorm2d;
import vecnet.nn.Conv2d;
import vecnet.nn.Dropout;
import vecnet.nn.Flatten;
import vecnet.nn.Linear;
import vecnet.nn.MaxPool2d;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.TestTensors;
import vecnet.nn.autograd.Var;

@SuppressWarnings("try") // scopes are used for their effect
class PredictorTest {
    static final int THREADS = 16;
    static final int CALLS_PER_THREAD = 1000;
    /** Batch sizes the threads mix: batch 1 takes GEMM's dot-product path, the others the packed one. */
    static final int[] BATCHES = {1, 3, 8};

    static Sequential mlp() {
        SplittableRandom r = new SplittableRandom(3);
        return new Sequential(new Linear(784, 256, true, r), new ReLU(), new Dropout(0.3, 5), new Linear(256, 128, true, r),
                new BatchNorm1d(128), new ReLU(), new Linear(128, 10, true, r));
    }

    static Sequential cnn() {
        SplittableRandom r = new SplittableRandom(4);
        return new Sequential(new Conv2d(1, 8, 3, 3, 1, 1, true, r), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 3, 3, 1, 1, true, r), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(16 * 3 * 3, 10, true, r));
    }

    /** Training-mode passes so the batch norms have running statistics that are not the defaults. */
    static Module withStatistics(Module m, int... batchDims) {
        m.train();
        for (int i = 0; i < 3; i++) {
            m.forward(Var.constant(TestTensors.uniform(50 + i, -1, 1, batchDims)));
        }
        return m;
    }

    @Test
    void concurrentCallsEqualSerialOnesBitForBitMlp() throws Exception {
        for (int p : new int[] {1, 2}) {
            for (boolean frozen : new boolean[] {false, true}) {
                concurrentEqualsSerial(withStatistics(mlp(), 16, 784), p, frozen, 784);
            }
        }
    }

    @Test
    void concurrentCallsEqualSerialOnesBitForBitCnn() throws Exception {
        for (int p : new int[] {1, 2}) {
            for (boolean frozen : new boolean[] {false, true}) {
                concurrentEqualsSerial(withStatistics(cnn(), 4, 12, 12, 1), p, frozen, 12, 12, 1);
            }
        }
    }

    /**
     * 16 threads x 1500 calls, mixed batch sizes, each compared bit for bit with the same input's serial
     * {@code model.forward} in eval mode (no Predictor, no workspace), through {@link Predictor#of} or
     * {@link Predictor#frozen} (batch 1 then runs on the packed weights). Ops without a transcendental function
     * (linear, conv, batch norm, ReLU, pooling) give the same bits in every JIT tier, so the serial results may
     * be computed before the kernels are compiled.
     */
    private static void concurrentEqualsSerial(Module model, int parallelism, boolean frozen, int... sampleDims)
            throws Exception {
        int previous = Parallel.parallelism();
        Parallel.setParallelism(parallelism);
        try {
            Predictor predictor = frozen ? Predictor.frozen(model, sampleDims) : Predictor.of(model, sampleDims);
            assertFalse(model.isTraining(), "Predictor.of switches the model to eval mode");
            int inSize = predictor.inputSize();
            List<Tensor> inputs = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int b = BATCHES[i % BATCHES.length];
                int[] dims = new int[sampleDims.length + 1];
                dims[0] = b;
                System.arraycopy(sampleDims, 0, dims, 1, sampleDims.length);
                Tensor x = TestTensors.uniform(100 + i, -1, 1, dims);
                inputs.add(x);
                try (GradMode.Scope s = GradMode.noGrad()) {
                    expected.add(model.forward(Var.constant(x)).value().toArray());
                }
            }
            AtomicInteger mismatches = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        float[] out = new float[8 * predictor.outputSize()];
                        for (int call = 0; call < CALLS_PER_THREAD; call++) {
                            int i = (first + call) % inputs.size();
                            Tensor x = inputs.get(i);
                            int b = x.dim(0);
                            predictor.predict(x.data(), x.offset(), b, out, 0);
                            float[] want = expected.get(i);
                            for (int k = 0; k < want.length; k++) {
                                if (Float.floatToRawIntBits(want[k]) != Float.floatToRawIntBits(out[k])) {
                                    mismatches.incrementAndGet();
                                    break;
                                }
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(0, mismatches.get(), "calls differing from the serial result at parallelism " + parallelism
                    + (frozen ? ", frozen" : "") + " (of " + THREADS * CALLS_PER_THREAD + ")");
            assertEquals(inSize * 1, inputs.get(0).size());
        } finally {
            Parallel.setParallelism(previous);
        }
    }

    @Test
    void overloadsAgree() {
        Module model = withStatistics(mlp(), 16, 784);
        Predictor p = Predictor.of(model, 784);
        assertEquals(784, p.inputSize());
        assertEquals(10, p.outputSize());
        Tensor batch = TestTensors.uniform(7, -1, 1, 5, 784);
        Tensor y = p.predict(batch);
        assertArrayEquals(new int[] {5, 10}, y.shape().dims());
        try (GradMode.Scope s = GradMode.noGrad()) {
            assertArrayEquals(model.forward(Var.constant(batch)).value().toArray(), y.toArray(), 0f);
        }
        int[] classes = p.classify(batch);
        for (int i = 0; i < 5; i++) {
            float[] sample = new float[784];
            System.arraycopy(batch.data(), i * 784, sample, 0, 784);
            float[] one = p.predict(sample);
            try (GradMode.Scope s = GradMode.noGrad()) {
                assertArrayEquals(model.forward(Var.constant(Tensor.of(sample, 1, 784))).value().toArray(), one, 0f);
            }
            float[] row = new float[10];
            System.arraycopy(y.data(), i * 10, row, 0, 10);
            assertEquals(classes[i], p.classify(sample));
            int best = 0;
            for (int k = 1; k < 10; k++) {
                best = row[k] > row[best] ? k : best;
            }
            assertEquals(best, classes[i]);
        }
    }

    @Test
    void badInputIsRefusedNamingTheArgument() {
        Predictor p = Predictor.of(mlp(), 784);
        assertMessage(() -> Predictor.of(null, 784), "model");
        assertMessage(() -> Predictor.of(mlp()), "sampleDims");
        assertMessage(() -> Predictor.of(mlp(), 784, 0), "sampleDims[1]");
        assertMessage(() -> p.predict((float[]) null), "sample");
        assertMessage(() -> p.predict(new float[783]), "784");
        assertMessage(() -> p.predict((Tensor) null), "batch");
        assertMessage(() -> p.predict(Tensor.zeros(2, 28, 28)), "(N, 784)");
        assertMessage(() -> p.predict(new float[784], 0, 0, new float[10], 0), "batch");
        assertMessage(() -> p.predict(new float[784], 1, 1, new float[10], 0), "in must hold");
        assertMessage(() -> p.predict(new float[784], 0, 1, new float[9], 0), "out must hold");
        assertMessage(() -> p.predict(null, 0, 1, new float[10], 0), "in");
        assertMessage(() -> p.predict(new float[784], 0, 1, null, 0), "out");
    }

    @Test
    void aModelSwitchedBackToTrainingIsRefused() {
        Module model = mlp();
        Predictor p = Predictor.of(model, 784);
        model.train();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.predict(new float[784]));
        assertTrue(e.getMessage().contains("training mode"), e.getMessage());
        model.eval();
        assertEquals(10, p.predict(new float[784]).length);
    }

    /** A model outside the compiled plan (a custom module) around a BatchNorm1d. */
    private static final class Custom extends Module {
        final BatchNorm1d bn = registerModule("bn", new BatchNorm1d(3));

        @Override
        public Var forward(Var x) {
            return bn.forward(x);
        }
    }

    @Test
    void aLayerSwitchedBackToTrainingIsRefusedOnEveryPath() {
        Custom custom = new Custom();
        Predictor p = Predictor.of(custom, 3);
        assertFalse(p.compiled(), "the custom module runs model.forward");
        Sequential planned = mlp();
        Predictor q = Predictor.of(planned, 784);
        assertTrue(q.compiled());
        custom.bn.train();
        planned.get(0).train();
        for (Runnable call : new Runnable[] {() -> p.predict(new float[3]), () -> q.predict(new float[784])}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
            assertTrue(e.getMessage().contains("a layer of the model") && e.getMessage().contains("training mode"),
                    e.getMessage());
        }
        float[] mean = custom.bn.runningMean().toArray();
        assertEquals(0f, mean[0], "running statistics untouched");
        custom.eval();
        assertEquals(3, p.predict(new float[3]).length);
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message should name '" + part + "': " + e.getMessage());
    }
}
