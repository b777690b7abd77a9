package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A kernel's first call (interpreted: the Vector API's Java fallback) must give the same bits as its
 * compiled calls. {@link JitTierWorkload} runs every kernel family in a fresh child JVM once and then
 * {@link #REPEATS} times more with C2 as the only compiler and a low threshold, so the last run is C2 code;
 * the test compares the output hashes of the first and last runs. It failed on GEMM's dot-product path
 * ({@code reduceLanes(ADD)}, m <= 4 with B transposed) and on every activation built on the API's EXP (an
 * SVML call in C2, {@code Math.exp} per lane before) before those moved to {@link Lanes} and {@link VectorMath}.
 */
class JitTierTest {
    static final int REPEATS = 300;

    @Test
    void firstCallsEqualCompiledCalls() throws IOException, InterruptedException {
        // The child always runs the vector kernels; the run without the module would only repeat it.
        assumeTrue(KernelProvider.vectorModulePresent(), "covered by the run with the vector module");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "--add-modules=jdk.incubator.vector", "-XX:-TieredCompilation",
                "-XX:CompileThreshold=200", "-XX:+PrintCompilation", "-cp", System.getProperty("java.class.path"),
                JitTierWorkload.class.getName(), Integer.toString(REPEATS));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        boolean dotRowsCompiled = false;
        boolean activationsCompiled = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("first ")) {
                first.add(line.substring(6));
            } else if (line.startsWith("last ")) {
                last.add(line.substring(5));
            } else if (!line.contains("made not entrant")) {
                dotRowsCompiled |= line.contains("vecnet.simd.VectorSgemm::dotRows");
                activationsCompiled |= line.contains("vecnet.simd.VectorActivations::sigmoid ");
            }
        }
        assertTrue(first.size() > 50 && first.size() == last.size(), "workload output:\n" + out);
        assertTrue(first.get(0).startsWith("implementation vector-"), "the child must run the vector kernels: "
                + first.get(0));
        assertTrue(dotRowsCompiled && activationsCompiled, "the last run must be C2 code (no C2 compile of "
                + "dotRows or sigmoid seen):\n" + out);
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            if (!first.get(i).equals(last.get(i))) {
                differ.add(first.get(i) + "  ->  " + last.get(i));
            }
        }
        assertTrue(differ.isEmpty(), "results that changed once compiled:\n" + String.join("\n", differ));
    }
}
