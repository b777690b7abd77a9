package vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import vecnet.spark.examples.MllibMlpBaseline;
import vecnet.spark.examples.MllibMlpBaseline.Fit;
import vecnet.spark.examples.MllibMlpBaseline.Report;
import vecnet.spark.examples.MllibMlpBaseline.Solver;

/** The MLlib baseline and vecnet's sigmoid MLP beside it, end to end at a small size (the full run is the lead's). */
class MllibMlpBaselineTest {
    static final int TRAIN = 2000;
    static final int TEST = 1000;
    static final int MAX_ITER = 5;
    /** 5 L-BFGS iterations on 2,000 images; chance is 0.10, and labels mixed up with features stay there. */
    static final double MLLIB_ACCURACY = 0.30;
    /** One epoch of Adam (31 steps of 64) on 2,000 images takes the sigmoid MLP well past chance (0.10). */
    static final double VECNET_ACCURACY = 0.50;

    @Test
    void baselineAndVecnetSigmoidTrainAboveChanceWithConsistentCounts() throws Exception {
        SparkSession session = SparkSession.builder().sparkContext(SparkTests.context().sc()).getOrCreate();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report r = MllibMlpBaseline.run(session, new String[] {"--train-limit", Integer.toString(TRAIN), "--test-limit",
            Integer.toString(TEST), "--max-iter", Integer.toString(MAX_ITER), "--epochs", "1", "--local-steps", "4"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        Fit f = r.mllib();
        assertEquals(TRAIN, f.trainSamples(), out);
        assertEquals("l-bfgs", f.solver().solver(), out);
        assertTrue(f.iterations() >= 1 && f.iterations() <= MAX_ITER, "iterations " + f.iterations() + "\n" + out);
        // every L-BFGS iteration evaluates the loss at least once, besides the evaluation at the initial weights
        assertTrue(f.jobs() >= f.iterations(), "jobs " + f.jobs() + " < iterations " + f.iterations() + "\n" + out);
        assertTrue(f.seconds() > 0 && Double.isFinite(f.seconds()), out);
        assertTrue(f.samplesPerSecond() > 0 && Double.isFinite(f.samplesPerSecond()), out);
        assertTrue(f.accuracy() > MLLIB_ACCURACY, "MLlib accuracy " + f.accuracy() + "\n" + out);
        assertTrue(r.vecnet().accuracy() > VECNET_ACCURACY, "vecnet accuracy " + r.vecnet().accuracy() + "\n" + out);
        assertTrue(r.vecnet().samplesPerSecond() > 0 && r.vecnet().seconds() > 0, out);
        assertTrue(out.contains(TRAIN + " training images, " + TEST + " test images"), out);
        assertTrue(out.contains("Spark MLlib MultilayerPerceptronClassifier (sigmoid, l-bfgs)"), out);
        assertTrue(out.contains("vecnet SparkTrainer (sigmoid, Adam), 4 local steps per round"), out);
        assertTrue(out.contains("Same shape, activation, loss, data and cluster"), out);
        System.out.print(out);
    }

    @Test
    void solverOptionsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Solver("adam", 10, 128, 1e-6, 0.03, 1));
        assertEquals("solver must be one of [l-bfgs, gd], got 'adam'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Solver.defaults().maxIter(0));
        assertEquals("maxIter must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Solver("gd", 10, 0, 1e-6, 0.03, 1));
        assertEquals("blockSize must be >= 1, got 0", e.getMessage());
    }
}
