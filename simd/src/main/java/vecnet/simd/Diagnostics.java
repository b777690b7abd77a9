package vecnet.simd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import vecnet.core.Parallel;

/**
 * What the library runs on, for the question "is the fast path on?": the kernel implementation, the vector
 * width in use and the CPU's preferred one, the GEMM micro-kernel, parallelism, the JDK, and every
 * {@code vecnet.*} system property set. {@link Simd#diagnostics()} returns it; {@code java --add-modules
 * jdk.incubator.vector -cp ... vecnet.simd.Diagnostics} prints it.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads.
 */
public final class Diagnostics {
    private Diagnostics() {
    }

    public static void main(String[] args) {
        System.out.println(report());
    }

    /** One {@code key: value} line per fact. */
    static String report() {
        List<String> lines = new ArrayList<>();
        lines.add("vecnet kernels: " + KernelProvider.name());
        lines.add("jdk.incubator.vector module: " + (KernelProvider.vectorModulePresent() ? "present" : "absent"
                + " (pass --add-modules jdk.incubator.vector to the java command for the vector kernels)"));
        if (KernelProvider.isVectorized()) {
            lines.add("vector width: " + VectorWidth.bits() + " bits (" + VectorWidth.bits() / 32
                    + " floats); CPU's preferred: " + VectorWidth.preferredBits() + " bits");
            lines.add("gemm micro-kernel: " + VectorSgemm.MR + " rows x " + VectorSgemm.NV + " vectors");
        }
        lines.add("parallelism: " + Parallel.parallelism() + " thread(s) (of " + Runtime.getRuntime().availableProcessors()
                + " available processors)");
        lines.add("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        lines.add("os: " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Map<String, String> props = new TreeMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("vecnet.")) {
                props.put(name, System.getProperty(name));
            }
        }
        lines.add("vecnet properties: " + (props.isEmpty() ? "none set" : props.toString()));
        return String.join(System.lineSeparator(), lines);
    }
}
