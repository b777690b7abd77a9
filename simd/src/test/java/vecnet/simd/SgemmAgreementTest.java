package vecnet.simd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vecnet.core.Parallel;

/**
 * The vector sgemm against the double-precision reference (which the scalar kernel is checked against
 * too) over awkward shapes, on 1 and 2 threads. The build runs this class at 128, 256 and 512 bits.
 */
@Tag("agreement")
class SgemmAgreementTest {
    private static final Kernels VECTOR = Kernels.vectorOrNull();
    private static final int DEFAULT_PARALLELISM = Parallel.parallelism();

    @AfterEach
    void restoreParallelism() {
        Parallel.setParallelism(DEFAULT_PARALLELISM);
    }

    static Stream<GemmCase> cases() {
        List<GemmCase> all = new ArrayList<>(SgemmTest.cases(7, 96, true));
        // Past every blocking boundary: k > KC, n > NC, m many micro-panels, on all transposes.
        int[][] big = {{300, 600, 530}, {97, 1031, 259}, {5, 700, 300}, {1, 513, 777}, {260, 10, 256}, {64, 256, 784},
            // narrow outputs with enough rows to be split over threads (VectorNarrowGemm)
            {3001, 6, 150}, {1999, 9, 300}, {2000, 16, 200},
            // weight gradients dYᵀ·X over a long batch, computed as C^T when that packs less (LSTM dW_ih, conv chunk)
            {512, 28, 1792}, {288, 64, 256}};
        all.addAll(GemmCase.allTransposes(big));
        return all.stream();
    }

    @org.junit.jupiter.api.Test
    void casesCoverTheTransposedAndSmallMPaths() {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        org.junit.jupiter.api.Assertions.assertTrue(VectorSgemm.preferTransposed(260, 10, 256));
        org.junit.jupiter.api.Assertions.assertFalse(VectorSgemm.preferTransposed(300, 600, 530));
        org.junit.jupiter.api.Assertions.assertTrue(VectorSgemm.SMALL_M >= 1 && VectorSgemm.SMALL_M < 5);
        int l = VectorNarrowGemm.L;
        org.junit.jupiter.api.Assertions.assertTrue(VectorNarrowGemm.accepts(false, 2 * l)
                && !VectorNarrowGemm.accepts(false, 2 * l + 1) && !VectorNarrowGemm.accepts(true, 1));
    }

    /** The short-panel kernel of the 12-row shape gives kernel12x2's bits for rows 0..mr-1, every beta. */
    @org.junit.jupiter.api.Test
    void shortPanelKernelEqualsTheFullKernel() {
        assumeTrue(VECTOR != null && VectorSgemm.MR == 12 && VectorSgemm.NV == 2, "only the 12 x 2L shape has it");
        java.util.Random r = new java.util.Random(5);
        int nr = VectorSgemm.NR;
        for (int kc : new int[] {1, 7, 128, 256}) {
            for (int mr = 1; mr <= 4; mr++) {
                float[] ap = new float[12 * kc];
                for (int p = 0; p < kc; p++) {
                    for (int i = 0; i < mr; i++) {
                        ap[p * 12 + i] = r.nextFloat() * 2 - 1; // rows past mr stay zero, as packA leaves them
                    }
                }
                float[] bp = new float[3 + nr * kc];
                for (int i = 0; i < bp.length; i++) {
                    bp[i] = r.nextFloat() * 2 - 1;
                }
                for (float beta : new float[] {0f, 1f, -0.5f}) {
                    for (boolean transC : new boolean[] {false, true}) {
                        for (int cols : new int[] {nr, nr - 3}) {
                            int ldc = transC ? 13 : nr + 5;
                            float[] c0 = new float[(transC ? nr : 12) * ldc + 7];
                            for (int i = 0; i < c0.length; i++) {
                                c0[i] = r.nextFloat();
                            }
                            float[] full = c0.clone();
                            float[] four = c0.clone();
                            VectorSgemm.kernel12x2(kc, ap, bp, 3, full, 2, ldc, beta, mr, cols, transC,
                                    new float[12 * nr]);
                            VectorSgemm.kernel4of12x2(kc, ap, bp, 3, four, 2, ldc, beta, mr, cols, transC,
                                    new float[12 * nr]);
                            org.junit.jupiter.api.Assertions.assertArrayEquals(full, four, "kc=" + kc + " mr=" + mr
                                    + " beta=" + beta + " transC=" + transC + " nr=" + cols);
                        }
                    }
                }
            }
        }
    }

    static Stream<Arguments> casesOnOneAndTwoThreads() {
        return GemmCase.onOneAndTwoThreads(cases());
    }

    @ParameterizedTest
    @MethodSource("casesOnOneAndTwoThreads")
    void vectorMatchesReference(GemmCase g, int threads) {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        Parallel.setParallelism(threads);
        g.check(g.run(VECTOR), VECTOR.name() + " " + threads + (threads == 1 ? " thread" : " threads"));
    }

    /** Many callers at once on distinct outputs (a service's inference threads), pool of 2. */
    @org.junit.jupiter.api.Test
    void concurrentCallersGetCorrectResults() throws Exception {
        Parallel.setParallelism(2);
        List<GemmCase> work = new ArrayList<>();
        int[][] shapes = {{300, 600, 530}, {64, 256, 784}, {260, 10, 256}, {3, 257, 100}};
        for (int i = 0; i < shapes.length; i++) {
            work.add(new GemmCase(i % 2 == 1, i >= 2, shapes[i][0], shapes[i][1], shapes[i][2], 1f, 0.5f, 100 + i, true));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (GemmCase g : work) {
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < 3; r++) {
                        g.check(g.runFacade(), "concurrent " + Simd.implementation());
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(); // rethrows a failed check
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * X·Wᵀ with at most SMALL_M rows (batch-1..4 inference through Linear): each row's outputs are the same
     * bits whether the row is computed alone or with others, on the 2-row blocks, the 8-output blocks of a
     * single row and their tails (n = 8·q + r, k = L·q + r).
     */
    @org.junit.jupiter.api.Test
    void smallMRowsDoNotDependOnTheOtherRows() {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        int[][] shapes = {{29, 784}, {256, 784}, {13, 37}, {8, 16}, {7, 5}};
        java.util.Random r = new java.util.Random(7);
        for (int[] s : shapes) {
            int n = s[0];
            int k = s[1];
            float[] w = new float[n * k];
            float[] x = new float[VectorSgemm.SMALL_M * k];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            float[] all = new float[VectorSgemm.SMALL_M * n];
            VECTOR.gemm().sgemm(false, true, VectorSgemm.SMALL_M, n, k, 1f, x, 0, k, w, 0, k, 0f, all, 0, n);
            for (int row = 0; row < VectorSgemm.SMALL_M; row++) {
                float[] one = new float[n];
                VECTOR.gemm().sgemm(false, true, 1, n, k, 1f, x, row * k, k, w, 0, k, 0f, one, 0, n);
                for (int j = 0; j < n; j++) {
                    org.junit.jupiter.api.Assertions.assertEquals(Float.floatToRawIntBits(all[row * n + j]),
                            Float.floatToRawIntBits(one[j]), "n=" + n + " k=" + k + " row " + row + " output " + j
                            + ": alone " + one[j] + ", with " + VectorSgemm.SMALL_M + " rows " + all[row * n + j]);
                }
            }
        }
    }

    /**
     * The small-M path splits its columns over threads when B is large (batch-1 inference of a 784x256 layer):
     * at parallelism 2 every output is the same bits as at parallelism 1, at widths whose slabs meet inside and
     * outside the 8-output blocks, with beta != 0.
     */
    @org.junit.jupiter.api.Test
    void smallMColumnSplitIsBitIdenticalToOneThread() {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        int[][] shapes = {{1, 256, 784}, {3, 203, 801}, {4, 1000, 300}, {2, 171, 1025}};
        java.util.Random r = new java.util.Random(11);
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            org.junit.jupiter.api.Assertions.assertTrue(4L * n * k >= 2 * SplitTasks.MIN_STREAM_BYTES_PER_TASK,
                    "shape " + java.util.Arrays.toString(s) + " is too small to split");
            float[] w = new float[n * k];
            float[] x = new float[m * k];
            float[] c0 = new float[m * n];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < c0.length; i++) {
                c0[i] = (float) r.nextGaussian();
            }
            float[] one = c0.clone();
            float[] two = c0.clone();
            Parallel.setParallelism(1);
            VECTOR.gemm().sgemm(false, true, m, n, k, 0.75f, x, 0, k, w, 0, k, 0.5f, one, 0, n);
            Parallel.setParallelism(2);
            VECTOR.gemm().sgemm(false, true, m, n, k, 0.75f, x, 0, k, w, 0, k, 0.5f, two, 0, n);
            for (int i = 0; i < one.length; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(Float.floatToRawIntBits(one[i]), Float.floatToRawIntBits(two[i]),
                        java.util.Arrays.toString(s) + " output " + i + ": 1 thread " + one[i] + ", 2 threads " + two[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void facadeMatchesReference(GemmCase g) {
        g.check(g.runFacade(), Simd.implementation());
    }
}
