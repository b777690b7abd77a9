package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import vecnet.core.Parallel;

class DiagnosticsTest {
    @Test
    void reportsTheActiveKernelsWidthParallelismAndJdk() {
        String d = Simd.diagnostics();
        assertTrue(d.contains("vecnet kernels: " + Simd.implementation()), d);
        assertTrue(d.contains("parallelism: " + Parallel.parallelism() + " thread"), d);
        assertTrue(d.contains("java: ") && d.contains(System.getProperty("java.runtime.version")), d);
        if (Simd.isVectorized()) {
            assertTrue(d.contains("vector width: " + VectorWidth.bits() + " bits"), d);
            assertTrue(d.contains("gemm micro-kernel: " + VectorSgemm.MR + " rows x " + VectorSgemm.NV), d);
        } else {
            assertTrue(!d.contains("vector width"), d);
            assertTrue(d.contains("module: absent") || d.contains("vecnet.simd.impl=scalar"), d);
        }
    }
}
