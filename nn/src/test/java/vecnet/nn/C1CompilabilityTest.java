package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every vecnet method that a training step runs must compile with C1 at tier 3. A method C1 gives up
 * on ("out of virtual registers in linear scan") can stay in tier-2 code for the rest of the run when
 * the tiered policy happened to compile it at tier 2 first, and there the Vector API runs its Java
 * fallback: a fresh JVM then trained LeNet-5 about 20x slower, in some launches and not others
 * (docs/design-notes.md, "Cold JVM"). {@code -Xcomp -XX:TieredStopAtLevel=3} makes the check
 * deterministic: each method is compiled by C1 at tier 3 on its first call, and a failure is printed.
 * 512-bit vectors select the AVX-512 micro-kernel; C1 never uses vector instructions, so the check
 * holds on any CPU. What C1 inlines at {@code -Xcomp} depends on which classes are loaded at a method's
 * first call: {@link C1Workload} starts with LeNet-5, the order that reproduced the failure of the old
 * 12x2 kernel (an MLP-first order did not).
 */
class C1CompilabilityTest {
    @ParameterizedTest
    @ValueSource(ints = {256, 512})
    void everyKernelCompilesAtTier3(int vectorBits) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "--add-modules=jdk.incubator.vector", "-Dvecnet.simd.vectorBits=" + vectorBits,
                "-Xcomp", "-XX:TieredStopAtLevel=3", "-XX:+PrintCompilation",
                "-XX:CompileCommand=quiet",
                "-cp", System.getProperty("java.class.path"), C1Workload.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("kernels=vector-" + vectorBits + " done"), "the workload must run on the vector kernels:\n" + out);
        List<String> skipped = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("COMPILE SKIPPED") && line.contains("vecnet.") && !line.contains("concurrent class loading")) {
                skipped.add(line.trim());
            }
        }
        assertTrue(skipped.isEmpty(), "C1 could not compile:\n" + String.join("\n", skipped));
    }
}
