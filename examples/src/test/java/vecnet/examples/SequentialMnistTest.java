package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A smoke run of sequential MNIST on a slice of the training set (one epoch) and the 10k test images:
 * the LSTM trains through the Trainer and learns far above chance. The full recipe's target (>= 98%) is
 * the lead's run, not this test.
 */
class SequentialMnistTest {
    /** Chance is 10%; 1,280 images for one epoch reach well above this floor. */
    static final double FLOOR = 0.3;

    @Test
    void lstmLearnsFromAFewImages() throws Exception {
        Sink sink = new Sink();
        ImageClassification.Result r = ImageClassification.run(SequentialMnist.RECIPE,
                new String[] {"--epochs", "1", "--train-limit", "1280", "--lr", "0.003", "--out",
                        ChartsTest.DIR.resolve("mnist-lstm").toString()}, sink.out);
        assertTrue(r.test().accuracy() >= FLOOR, "test accuracy " + r.test().accuracy());
        assertEquals(20, r.history().last().steps());
        assertTrue(sink.text().contains("mnist-lstm: test accuracy"), sink.text());
    }
}
