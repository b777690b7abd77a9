package vecnet.simd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One implementation's kernel objects, a family each, for tests: the scalar reference always, the vector
 * one only with the module. A new family adds one component here and one argument in each factory.
 */
record Kernels(String name, GemmKernels gemm, ActivationKernels activations, PoolingKernels pooling,
               ConvKernels conv, OptimizerKernels optimizers) {
    private static final Kernels SCALAR = new Kernels("scalar", KernelProvider.GEMM.scalar(),
            KernelProvider.ACTIVATIONS.scalar(), KernelProvider.POOLING.scalar(), KernelProvider.CONV.scalar(),
            KernelProvider.OPTIMIZERS.scalar());
    private static Kernels vector;

    static Kernels scalar() {
        return SCALAR;
    }

    /** The scalar kernels, and the vector kernels when the module is present: the paths a test compares. */
    static java.util.List<Kernels> available() {
        java.util.List<Kernels> l = new java.util.ArrayList<>();
        l.add(SCALAR);
        if (KernelProvider.vectorModulePresent()) {
            l.add(vectorOrNull());
        }
        return l;
    }

    /** The kernels {@link Simd}'s public methods use in this JVM. */
    static Kernels chosen() {
        return new Kernels(KernelProvider.name(), KernelProvider.GEMM.chosen(), KernelProvider.ACTIVATIONS.chosen(),
                KernelProvider.POOLING.chosen(), KernelProvider.CONV.chosen(), KernelProvider.OPTIMIZERS.chosen());
    }

    /** New vector kernel objects, or null when {@code jdk.incubator.vector} is absent. */
    static Kernels vectorOrNull() {
        if (!KernelProvider.vectorModulePresent()) {
            return null;
        }
        return new Kernels("vector", KernelProvider.GEMM.vectorOrNull(), KernelProvider.ACTIVATIONS.vectorOrNull(),
                KernelProvider.POOLING.vectorOrNull(), KernelProvider.CONV.vectorOrNull(),
                KernelProvider.OPTIMIZERS.vectorOrNull());
    }

    /** The Vector API kernels; skips the calling test when {@code jdk.incubator.vector} is absent. */
    static synchronized Kernels vector() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector not present: vector kernels not tested");
        if (vector == null) {
            vector = vectorOrNull();
        }
        return vector;
    }
}
