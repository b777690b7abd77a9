package vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import vecnet.spark.examples.MnistSpark;

/**
 * The example's vecnet trainings end to end at a tiny size (the full run is the lead's). The MLlib
 * baseline is left out here: its start-up (SQL planning, code generation) is paid once, in
 * {@link MllibMlpBaselineTest}.
 */
class MnistSparkExampleTest {
    @Test
    void runsEveryModeAndPrintsOneLineEach() throws Exception {
        SparkSession session = SparkSession.builder().sparkContext(SparkTests.context().sc()).getOrCreate();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<?> rows = MnistSpark.run(session, new String[] {"--train-limit", "1024", "--test-limit", "500", "--epochs",
            "1", "--local-steps", "4", "--warmup-steps", "4", "--modes", "single,sync,local"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(3, rows.size(), out);
        assertTrue(out.contains("one machine (nn Trainer, batch 64)"), out);
        assertTrue(out.contains("Spark, synchronous (1 job per step)"), out);
        assertTrue(out.contains("Spark, 4 local steps per round"), out);
        assertTrue(out.contains("Against one machine at the same global batch 64"), out);
        assertTrue(out.contains("Break-even across M = 2 machines"), out);
        assertTrue(out.contains("K 1: break-even step") && out.contains("K 4: break-even step"), out);
        // 16 steps of Adam lift the MLP well above chance (10%) on 1024 images
        for (String line : out.split("\n")) {
            if (line.startsWith("one machine") || line.startsWith("Spark, ")) {
                double acc = Double.parseDouble(line.replaceAll(".*accuracy (\\S+).*", "$1"));
                assertTrue(acc > 0.5, line);
            }
        }
    }
}
