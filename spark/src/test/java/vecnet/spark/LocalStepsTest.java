package vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import vecnet.nn.Module;
import vecnet.nn.data.Dataset;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;
import vecnet.nn.optim.SGD;

/** Local SGD: K steps per partition, then weights and optimizer state averaged in partition order. */
class LocalStepsTest {
    private final JavaSparkContext sc = SparkTests.context();

    @Test
    void equalsBitForBitTheSingleMachineReplayWithAdamAndMomentum() {
        Dataset data = SparkTests.blobs(256, 6);
        OptimizerFactory[] optimizers = {p -> new Adam(p, 1e-2),
            p -> new SGD(p, SGD.Options.defaults().lr(0.05).momentum(0.9))};
        try (ShardedData shards = ShardedData.of(sc, data, 2)) {
            for (OptimizerFactory opt : optimizers) {
                // 8 steps per epoch in rounds of 3, 3 and 2: a round never crosses an epoch
                SparkTrainer spark = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new, opt)
                        .localBatch(16).localSteps(3).epochs(2).seed(9);
                spark.fit(shards);
                assertEquals(16, spark.steps());
                assertEquals(6, spark.timing().rounds(), "3 rounds per epoch");
                Module ref = SparkTests.smallMlp();
                new Replay(data, 2, 16, true, 9).localSteps(ref, new CrossEntropyLoss(), opt.create(ref.parameters()),
                        2, 3, SparkTests::smallMlp, opt);
                assertArrayEquals(SparkTests.weights(ref), SparkTests.weights(spark.model()));
                spark.releaseCachedModels();
            }
        }
    }

    @Test
    void autoPicksTheFewestStepsThatSpendEightyPercentOfARoundComputing() {
        // K = ceil(4 J / t), within [1, 64]
        assertEquals(40, SparkTrainer.chooseLocalSteps(10, 1));
        assertEquals(1, SparkTrainer.chooseLocalSteps(0, 1));
        assertEquals(1, SparkTrainer.chooseLocalSteps(0.25, 1), "a job costing a quarter step: synchronous");
        assertEquals(2, SparkTrainer.chooseLocalSteps(0.3, 1));
        assertEquals(64, SparkTrainer.chooseLocalSteps(1000, 1));
        assertEquals(64, SparkTrainer.chooseLocalSteps(5, 0), "no measurable compute: the cap");
        assertEquals(1, SparkTrainer.chooseLocalSteps(-3, 1), "a negative overhead (timer noise) counts as none");
    }

    @Test
    void rejectsANegativeLocalStepCount() {
        SparkTrainer t = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new, p -> new SGD(p, 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.localSteps(-1));
        assertEquals("localSteps must be >= 1, or AUTO (0), was -1", e.getMessage());
    }
}
