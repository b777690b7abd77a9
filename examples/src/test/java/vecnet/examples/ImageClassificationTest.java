package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Smoke runs of the training examples on a slice of the training set (one epoch), each evaluated on the
 * full 10k test set: the data is found on disk, the loop, evaluation, curves and (for LeNet-5) the scalar
 * child JVM all work. The accuracy floors are far above chance (10%) and far below what the full recipes
 * reach (98-99%); they catch a model that does not learn, not a small regression.
 */
class ImageClassificationTest {
    static final double MLP_FLOOR = 0.85;
    static final double LENET_FLOOR = 0.6;
    static final double FASHION_FLOOR = 0.5;

    @Test
    void mlpLearnsFromThreeThousandImages() throws Exception {
        Path out = ChartsTest.DIR.resolve("mnist-mlp");
        Sink sink = new Sink();
        ImageClassification.Result r = ImageClassification.run(MnistMlp.RECIPE,
                new String[] {"--epochs", "1", "--train-limit", "3000", "--scalar-steps", "0", "--out", out.toString()},
                sink.out);
        assertTrue(r.test().accuracy() >= MLP_FLOOR, "test accuracy " + r.test().accuracy());
        assertEquals(10_000, r.test().samples());
        assertTrue(sink.text().contains("mnist-mlp: test accuracy"), sink.text());
        for (String f : new String[] {"history.csv", "history.json", "curves.svg"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        ChartsTest.assertPng(out.resolve("accuracy.png"));
    }

    @Test
    void lenetLearnsAndIsComparedWithTheScalarKernels() throws Exception {
        Sink sink = new Sink();
        ImageClassification.Result r = ImageClassification.run(MnistLeNet.RECIPE,
                new String[] {"--epochs", "1", "--train-limit", "3200", "--scalar-steps", "2", "--out",
                        ChartsTest.DIR.resolve("mnist-lenet5").toString()}, sink.out);
        assertTrue(r.test().accuracy() >= LENET_FLOOR, "test accuracy " + r.test().accuracy());
        assertTrue(r.scalarSamplesPerSecond() > 0, "scalar figure " + r.scalarSamplesPerSecond());
        assertTrue(sink.text().contains("same step on the scalar kernels"), sink.text());
    }

    @Test
    void fashionCnnLearnsFromSixHundredImages() throws Exception {
        ImageClassification.Result r = ImageClassification.run(FashionCnn.RECIPE,
                new String[] {"--epochs", "1", "--train-limit", "640", "--out",
                        ChartsTest.DIR.resolve("fashion-cnn").toString()}, new Sink().out);
        assertTrue(r.test().accuracy() >= FASHION_FLOOR, "test accuracy " + r.test().accuracy());
        assertEquals(10, r.history().last().steps());
    }
}
