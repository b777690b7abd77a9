/**
 * Numerical kernels (GEMM, ...) with a JDK Vector API implementation and a scalar reference. The
 * vector module is optional: without {@code --add-modules jdk.incubator.vector} the scalar kernels run.
 */
module vecnet.simd {
    requires transitive vecnet.core;
    requires static jdk.incubator.vector;

    exports vecnet.simd;
}
