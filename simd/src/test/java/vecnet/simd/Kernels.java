package vecnet.simd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The two implementations for tests: the scalar reference always, the vector one only with the module. */
final class Kernels {
    private static KernelSupport vector;

    private Kernels() {
    }

    static KernelSupport scalar() {
        return KernelProvider.scalar();
    }

    /** The Vector API kernels; skips the calling test when {@code jdk.incubator.vector} is absent. */
    static synchronized KernelSupport vector() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector not present: vector kernels not tested");
        if (vector == null) {
            vector = KernelProvider.vectorOrNull();
        }
        return vector;
    }
}
