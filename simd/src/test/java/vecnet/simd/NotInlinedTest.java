package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The kernels stay allocation-free when C2 does not inline their helpers. C2 decides inlining from the profile
 * and its node budget, so a helper taking vector arguments is sometimes left out; it then boxes the vectors, and
 * a loop's accumulators are boxed at every iteration. That made a 1x784x256 product allocate 905 KB per call and
 * run 10x slower for the whole life of about one JVM in 20. This test makes the refusal certain: a child JVM
 * with every helper of the dot-product paths and {@link Lanes} marked not to inline, checked for
 * allocation per call. The activations and the recurrent cells are in the same run with {@link VectorMath}
 * inlined as C2 chooses: they call exp with vector arguments, and the check catches a call site C2 leaves out
 * every time. It caught two: the exp of a separate masked tail (cold, so never inlined: 192 B per activation
 * call, 6 KB per LSTM step of 8 rows of 100), and the exact GELU's backward (too big: 12 B per element).
 */
class NotInlinedTest {
    /** Boxing costs at least a vector per loop iteration (tens of KB per call here); a few small arrays do not. */
    static final long MAX_BYTES_PER_CALL = 1024;

    @Test
    void kernelsDoNotBoxWhenTheirHelpersAreNotInlined() throws IOException, InterruptedException {
        assumeTrue(KernelProvider.vectorModulePresent(), "the vector kernels only");
        Path results = Files.createTempFile("not-inlined", ".txt");
        results.toFile().deleteOnExit();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "-Xbatch",
                "-XX:CompileCommand=quiet"));
        for (String helper : new String[] {"vecnet.simd.Lanes::*", "vecnet.simd.VectorSgemm::store",
            "vecnet.simd.VectorSgemm::finishBlock", "vecnet.simd.VectorSgemm::dotOne", "vecnet.simd.VectorSgemm::tail",
            "vecnet.simd.VectorSgemm::storeScalar"}) {
            cmd.add("-XX:CompileCommand=dontinline," + helper);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NotInlinedWorkload.class.getName(),
                results.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        List<String> lines = Files.readAllLines(results);
        assertTrue(lines.size() > 1 && lines.get(0).startsWith("implementation vector-"),
                "the child must run the vector kernels: " + lines + "\n" + out);
        List<String> boxing = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            long bytes = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            if (bytes > MAX_BYTES_PER_CALL) {
                boxing.add(line + " B per call");
            }
        }
        assertTrue(boxing.isEmpty(), "kernels that allocate per call with their helpers not inlined:\n"
                + String.join("\n", boxing));
    }
}
