package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
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
 * The vector GEMM with a pre-packed B against the double-precision reference over awkward shapes (past
 * KC and NC, partial micro-panels, all transposes), on 1 and 2 threads, and bit for bit against the
 * vector sgemm where that takes its general untransposed path. The build runs this class at 128, 256
 * and 512 bits.
 */
@Tag("agreement")
class SgemmPackedBAgreementTest {
    private static final Kernels VECTOR = Kernels.vectorOrNull();
    private static final int DEFAULT_PARALLELISM = Parallel.parallelism();

    @AfterEach
    void restoreParallelism() {
        Parallel.setParallelism(DEFAULT_PARALLELISM);
    }

    static Stream<GemmCase> cases() {
        List<GemmCase> all = new ArrayList<>(SgemmTest.cases(11, 96, true));
        // the recurrent shapes (batch x 4·hidden x hidden and back) and every blocking boundary
        int[][] big = {{64, 512, 128}, {64, 128, 512}, {300, 600, 530}, {97, 1031, 259}, {5, 700, 300},
            {1, 513, 777}, {260, 10, 256}, {13, 33, 257}};
        all.addAll(GemmCase.allTransposes(big));
        return all.stream();
    }

    static Stream<Arguments> casesOnOneAndTwoThreads() {
        return GemmCase.onOneAndTwoThreads(cases());
    }

    @ParameterizedTest
    @MethodSource("casesOnOneAndTwoThreads")
    void vectorMatchesReference(GemmCase g, int threads) {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        Parallel.setParallelism(threads);
        g.check(g.runPacked(VECTOR), VECTOR.name() + " packed B, " + threads + (threads == 1 ? " thread" : " threads"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void facadeMatchesReference(GemmCase g) {
        g.check(g.runPacked(Kernels.chosen()), Simd.implementation() + " packed B");
    }

    /**
     * Where sgemm takes its general path, packing B first changes no bit, on any thread count: each
     * element is the same FMA chain in the same order. That holds for sgemm's C^T form too when beta is 0
     * or 1 (its transposed store adds C as the vector store does; other betas round beta * C first), which
     * is what keeps the recurrent layers' results unchanged by the packed W_hh. (The 260 x 10 shape runs
     * sgemm's C^T or, untransposed A at 256 bits and up, its narrow path: both match as well.)
     */
    @Test
    void bitIdenticalToTheGeneralPath() {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        int[][] shapes = {{64, 512, 128}, {64, 128, 512}, {97, 1031, 259}, {300, 600, 530}, {260, 10, 256}};
        long seed = 50;
        int compared = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                for (float beta : new float[] {0f, 1f}) {
                    GemmCase g = new GemmCase(transA, transB, s[0], s[1], s[2], 1f, beta, seed++, true);
                    for (int threads = 1; threads <= 2; threads++) {
                        Parallel.setParallelism(threads);
                        assertArrayEquals(g.run(VECTOR), g.runPacked(VECTOR), g + ", " + threads + " thread(s)");
                        compared++;
                    }
                }
            }
        }
        assertEquals(80, compared);
    }
}
