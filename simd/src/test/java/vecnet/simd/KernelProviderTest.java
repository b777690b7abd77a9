package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider's decision in every branch, and what this JVM actually chose. */
class KernelProviderTest {
    private static final boolean EXPECT_FALLBACK = Boolean.getBoolean("vecnet.test.expectFallback");

    @Test
    void missingModuleFallsBackToScalarWithOneActionableLine() {
        List<String> log = new ArrayList<>();
        assertEquals("scalar", KernelProvider.choose("auto", null, false, log::add));
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains("--add-modules jdk.incubator.vector"), log.get(0));
    }

    @Test
    void forcedScalarIsHonoured() {
        List<String> log = new ArrayList<>();
        assertEquals("scalar", KernelProvider.choose("scalar", null, true, log::add));
        assertEquals(1, log.size());
    }

    @Test
    void forcedVectorWithoutModuleFailsLoudly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelProvider.choose("vector", null, false, s -> { }));
        assertTrue(e.getMessage().contains("requires it"), e.getMessage());
    }

    @Test
    void badPropertyValuesAreRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelProvider.choose("auto", "384", true, s -> { }));
        assertEquals("vecnet.simd.vectorBits must be 128, 256 or 512, was '384'", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> KernelProvider.choose("fast", null, true, s -> { }));
        assertEquals("vecnet.simd.impl must be auto, scalar or vector, was 'fast'", e.getMessage());
    }

    @Test
    void thisJvmChoseAsConfigured() {
        if (EXPECT_FALLBACK) {
            assertFalse(KernelProvider.vectorModulePresent());
            assertEquals("scalar", Simd.implementation());
            assertFalse(Simd.isVectorized());
        } else {
            assertTrue(KernelProvider.vectorModulePresent(), "tests run with --add-modules jdk.incubator.vector");
            assertTrue(Simd.isVectorized());
            String bits = System.getProperty(KernelProvider.BITS_PROPERTY);
            if (bits != null) {
                assertEquals("vector-" + bits, Simd.implementation());
            }
        }
    }

    @Test
    void vectorModuleLoadsWhenPresent() {
        assumeTrue(KernelProvider.vectorModulePresent());
        List<String> log = new ArrayList<>();
        String k = KernelProvider.choose("auto", null, true, log::add);
        assertTrue(k.startsWith("vector-"), k);
    }
}
