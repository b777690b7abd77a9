package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static vecnet.simd.SgemvPackedTest.assertBitsEqual;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vecnet.core.Parallel;

/**
 * The vector one-row product with a pre-packed W against the double-precision reference over outputs around
 * its 8-output blocks and depths around every vector width, and bit for bit against the vector one-row
 * {@code sgemm(false, true, 1, ...)} on the unpacked W (what it replaces in a frozen predictor) on 1 and 2
 * threads. The build runs this class at 128, 256 and 512 bits.
 */
@Tag("agreement")
class SgemvPackedAgreementTest {
    private static final Kernels VECTOR = Kernels.vectorOrNull();
    private static final int DEFAULT_PARALLELISM = Parallel.parallelism();

    @AfterEach
    void restoreParallelism() {
        Parallel.setParallelism(DEFAULT_PARALLELISM);
    }

    static List<GemmCase> cases() {
        return SgemvPackedTest.cases();
    }

    static Stream<Arguments> casesOnOneAndTwoThreads() {
        return GemmCase.onOneAndTwoThreads(cases().stream());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesDoubleReference(GemmCase g) {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        g.check(g.runGemv(VECTOR), "vector sgemvPacked");
    }

    @ParameterizedTest
    @MethodSource("casesOnOneAndTwoThreads")
    void sameBitsAsTheOneRowSgemm(GemmCase g, int threads) {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        Parallel.setParallelism(threads);
        assertBitsEqual(g.run(VECTOR), g.runGemv(VECTOR), "vector " + g + ", " + threads + " threads");
    }

    @Test
    void splitIsBitIdenticalToOneThread() {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        // large enough that two tasks each stream their minimum; n not a multiple of 8, k not of the width
        for (GemmCase g : new GemmCase[] {new GemmCase(false, true, 1, 203, 801, 0.75f, 0.5f, 7, true),
            new GemmCase(false, true, 1, 256, 784, 1f, 0f, 8, false)}) {
            assertTrue(4L * g.n * g.k >= 2 * SplitTasks.MIN_STREAM_BYTES_PER_TASK, g + " is too small to split");
            Parallel.setParallelism(1);
            float[] one = g.runGemv(VECTOR);
            Parallel.setParallelism(2);
            float[] two = g.runGemv(VECTOR);
            assertBitsEqual(one, two, g.toString());
            assertBitsEqual(g.run(VECTOR), two, g + " against sgemm");
        }
    }

}
