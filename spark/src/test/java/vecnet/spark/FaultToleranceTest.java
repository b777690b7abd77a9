package vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.autograd.Var;
import vecnet.nn.data.Dataset;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;

/** A task that fails once is retried with the same result; a NaN is reported with its partition and step. */
class FaultToleranceTest {
    private final JavaSparkContext sc = SparkTests.context();

    /** Whether {@link FailOnce} throws, once, in the third first-attempt forward pass of partition 1. */
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicBoolean FIRED = new AtomicBoolean();
    static final AtomicInteger CALLS = new AtomicInteger();

    /** An identity layer that makes one task attempt fail, as a lost executor or a bad disk would. */
    static final class FailOnce extends Module {
        @Override
        public Var forward(Var x) {
            TaskContext tc = TaskContext.get();
            if (ARMED.get() && tc != null && tc.partitionId() == 1 && tc.attemptNumber() == 0
                    && CALLS.incrementAndGet() == 3 && ARMED.compareAndSet(true, false)) {
                FIRED.set(true);
                throw new IllegalStateException("injected failure of partition 1, attempt 0");
            }
            return x;
        }
    }

    static Module mlpWithFault() {
        SplittableRandom r = new SplittableRandom(1);
        return new Sequential(new Linear(SparkTests.FEATURES, 16, true, r), new ReLU(), new FailOnce(),
                new Linear(16, SparkTests.CLASSES, true, r));
    }

    private float[] train(ShardedData shards, int localSteps, boolean fail) {
        CALLS.set(0);
        FIRED.set(false);
        ARMED.set(fail);
        SparkTrainer t = new SparkTrainer(sc, FaultToleranceTest::mlpWithFault, CrossEntropyLoss::new,
                p -> new Adam(p, 1e-2)).localBatch(16).localSteps(localSteps).seed(1);
        t.fit(shards);
        t.releaseCachedModels();
        assertEquals(fail, FIRED.get(), "the injected failure fired");
        return SparkTests.weights(t.model());
    }

    @ParameterizedTest(name = "localSteps {0}")
    @ValueSource(ints = {1, 4})
    void aTaskThatFailsOnceIsRetriedAndTheResultIsUnchanged(int localSteps) {
        try (ShardedData shards = ShardedData.of(sc, SparkTests.blobs(256, 10), 2)) {
            float[] clean = train(shards, localSteps, false);
            float[] retried = train(shards, localSteps, true);
            assertArrayEquals(clean, retried);
        }
    }

    @Test
    void aNaNInputIsNamedWithItsPartitionAndStep() {
        Dataset data = SparkTests.blobs(256, 11);
        // sample 40 of partition 1 is input sample 40 * 2 + 1; unshuffled, batch 16: positions 32..47 = step 3
        Tensor f = data.features();
        f.data()[f.offset() + (40 * 2 + 1) * SparkTests.FEATURES + 5] = Float.NaN;
        try (ShardedData shards = ShardedData.of(sc, data, 2)) {
            for (int localSteps : new int[] {1, 4}) {
                SparkTrainer t = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new,
                        p -> new Adam(p, 1e-2)).localBatch(16).localSteps(localSteps).shuffle(false);
                NonFinitePartitionException e = assertThrows(NonFinitePartitionException.class, () -> t.fit(shards));
                assertEquals(1, e.partition());
                assertEquals(3, e.step());
                assertTrue(e.getMessage().startsWith("non-finite value in partition 1 at step 3 (epoch 1): loss NaN: "
                        + "the batch's input element 5 of batch row 8 is NaN"), e.getMessage());
                t.releaseCachedModels();
            }
        }
    }
}
