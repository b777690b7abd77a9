package vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import vecnet.nn.Module;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;
import vecnet.nn.optim.SGD;
import vecnet.nn.train.History;
import vecnet.nn.train.Trainer;

/** Synchronous mode against single-machine training on the same batches. */
class SyncEquivalenceTest {
    /**
     * Weights after 16 SGD steps (lr 0.1) of the 20-16-4 MLP: Spark (mean of two partitions' mean
     * gradients) against one batch of 32 (one mean): the same math summed in another order, so the
     * weights differ only by float rounding (measured: 3.0e-8, about one ulp of weights near 0.25); the
     * bound leaves 30x room and is three orders below the weights' change over the run (checked below).
     */
    static final double FULL_BATCH_TOLERANCE = 1e-6;

    private final JavaSparkContext sc = SparkTests.context();

    @Test
    void equalsBitForBitTheSingleMachineMeanOfPartitionGradientsWithAdam() {
        Dataset data = SparkTests.blobs(512, 3);
        OptimizerFactory adam = p -> new Adam(p, 1e-2);
        SparkTrainer spark = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new, adam).localBatch(16)
                .localSteps(1).epochs(2).seed(5);
        try (ShardedData shards = ShardedData.of(sc, data, 2)) {
            History h = spark.fit(shards);
            assertEquals(2, h.size());
            assertEquals(32, spark.steps(), "256 samples per shard / 16 per step, 2 epochs");
        }
        Module ref = SparkTests.smallMlp();
        new Replay(data, 2, 16, true, 5).sync(ref, new CrossEntropyLoss(), adam.create(ref.parameters()), 2);
        assertArrayEquals(SparkTests.weights(ref), SparkTests.weights(spark.model()));
        assertTrue(SparkTests.maxAbsDiff(SparkTests.weights(ref), SparkTests.weights(SparkTests.smallMlp())) > 1e-3,
                "training moved the weights");
        spark.releaseCachedModels();
    }

    @Test
    void matchesOneMachineOnTheGlobalBatchWithinFloatRounding() {
        Dataset data = SparkTests.blobs(512, 4);
        OptimizerFactory sgd = p -> new SGD(p, 0.1);
        SparkTrainer spark = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new, sgd).localBatch(16)
                .localSteps(1).shuffle(false);
        try (ShardedData shards = ShardedData.of(sc, data, 2)) {
            spark.fit(shards);
        }
        // without shuffling, step i of partition p takes samples (16 i + j) * 2 + p: together [32 i, 32 i + 32)
        Module one = SparkTests.smallMlp();
        Trainer t = new Trainer(one, new CrossEntropyLoss(), sgd.create(one.parameters())).progress(false);
        t.fit(new DataLoader(data, 32, false, 0, true));
        assertEquals(16, t.steps());
        assertEquals(16, spark.steps());
        double d = SparkTests.maxAbsDiff(SparkTests.weights(one), SparkTests.weights(spark.model()));
        assertTrue(d <= FULL_BATCH_TOLERANCE, "max weight difference " + d);
        assertTrue(SparkTests.maxAbsDiff(SparkTests.weights(one), SparkTests.weights(SparkTests.smallMlp())) > 1e-3,
                "training moved the weights");
        spark.releaseCachedModels();
    }

    @Test
    void buildsOneModelPerTaskSlotNotOnePerTask() {
        SparkTests.BUILT.set(0);
        SparkTrainer spark = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new, p -> new SGD(p, 0.1))
                .localBatch(16).localSteps(1);
        try (ShardedData shards = ShardedData.of(sc, SparkTests.blobs(256, 5), 2)) {
            spark.fit(shards);
        }
        assertEquals(8, spark.steps(), "8 steps, 16 tasks");
        // one on the driver, then at most one per task slot of local[2]
        assertTrue(SparkTests.BUILT.get() <= 3, "models built: " + SparkTests.BUILT.get());
        assertTrue(spark.cachedModels() >= 1 && spark.cachedModels() <= 2, "pooled: " + spark.cachedModels());
        spark.releaseCachedModels();
        assertEquals(0, spark.cachedModels());
    }
}
