package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelProviderTest {
    @Test
    void choosesVectorKernelsExactlyWhenTheModuleIsPresent() {
        boolean expectFallback = Boolean.getBoolean("vecnet.test.expectFallback");
        assertEquals(!expectFallback, KernelProvider.vectorModulePresent());
        if (expectFallback) {
            assertFalse(Simd.isVectorized());
            assertEquals("scalar", Simd.implementation());
        } else {
            assertTrue(Simd.isVectorized());
            assertTrue(Simd.implementation().startsWith("vector-"), Simd.implementation());
        }
    }
}
