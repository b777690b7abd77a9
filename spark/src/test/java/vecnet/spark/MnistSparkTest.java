package vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import vecnet.nn.Linear;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.data.DataDirectory;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.nn.data.Mnist;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;
import vecnet.nn.train.History;

/** The MNIST MLP trained through Spark reaches an accuracy that a wrong gradient or reduction would not. */
class MnistSparkTest {
    /**
     * On 20k training images, a right gradient takes this MLP past 95% on the 10k test images in 3 epochs;
     * a linear model stays near 92%, and a wrong sign, scale or partition mix-up far below.
     */
    static final double MNIST_SUBSET_ACCURACY = 0.95;

    static Module mlp() {
        SplittableRandom r = new SplittableRandom(1);
        return new Sequential(new Linear(784, 256, true, r), new ReLU(), new Linear(256, 128, true, r), new ReLU(),
                new Linear(128, 10, true, r));
    }

    @Test
    void mlpOnTwoPartitionsWithLocalStepsPassesNinetyFivePercent() throws IOException {
        JavaSparkContext sc = SparkTests.context();
        Dataset train = Mnist.load(DataDirectory.locate("mnist"), true).subset(0, 20_000).reshape(784)
                .normalize(Mnist.MEAN, Mnist.STD);
        Dataset test = Mnist.load(DataDirectory.locate("mnist"), false).reshape(784)
                .normalize(Mnist.MEAN, Mnist.STD);
        SparkTrainer t = new SparkTrainer(sc, MnistSparkTest::mlp, CrossEntropyLoss::new, p -> new Adam(p, 2e-3))
                .localBatch(32).localSteps(16).epochs(3).seed(1).validation(new DataLoader(test, 1000, false, 0, false));
        History h;
        try (ShardedData shards = ShardedData.of(sc, train, 2)) {
            h = t.fit(shards);
        }
        t.releaseCachedModels();
        // the validation after the last epoch evaluated the final weights on the driver
        assertTrue(h.last().valAccuracy() >= MNIST_SUBSET_ACCURACY, "test accuracy " + h.last().valAccuracy());
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), "training loss must fall");
    }
}
