package vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;

/** Same seed, same weights: whatever order the tasks finish in. */
class DeterminismTest {
    private final JavaSparkContext sc = SparkTests.context();

    private float[] train(ShardedData shards, int localSteps, long seed) {
        SparkTrainer t = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new, p -> new Adam(p, 1e-2))
                .localBatch(16).localSteps(localSteps).seed(seed);
        t.fit(shards);
        t.releaseCachedModels();
        return SparkTests.weights(t.model());
    }

    @Test
    void twoRunsWithTheSameSeedGiveIdenticalWeightsInBothModes() {
        try (ShardedData shards = ShardedData.of(sc, SparkTests.blobs(256, 7), 2)) {
            assertArrayEquals(train(shards, 1, 3), train(shards, 1, 3), "synchronous");
            assertArrayEquals(train(shards, 4, 3), train(shards, 4, 3), "4 local steps");
            assertTrue(SparkTests.maxAbsDiff(train(shards, 1, 3), train(shards, 1, 4)) > 0,
                    "another seed visits the shards in another order");
        }
    }

    @Test
    void autoRunsEqualARunWithTheLocalStepsItChose() {
        try (ShardedData shards = ShardedData.of(sc, SparkTests.blobs(256, 8), 2)) {
            SparkTrainer auto = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new,
                    p -> new Adam(p, 1e-2)).localBatch(16).seed(2);
            auto.fit(shards);
            auto.releaseCachedModels();
            int k = auto.chosenLocalSteps();
            assertTrue(k >= 1 && k <= SparkTrainer.MAX_AUTO_LOCAL_STEPS, "chosen " + k);
            assertEquals(8, auto.steps());
            assertArrayEquals(train(shards, k, 2), SparkTests.weights(auto.model()),
                    "the calibration jobs leave the weights alone");
        }
    }
}
