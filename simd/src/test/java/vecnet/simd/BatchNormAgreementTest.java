package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The vector batch-normalization kernels give the scalar reference's bits (the same float operations in
 * the same order per channel) over channel counts around the vector length and its double, rows around
 * the block, offsets, and special values.
 */
@Tag("agreement")
class BatchNormAgreementTest {
    @Test
    void vectorKernelsGiveTheReferenceBits() {
        NormKernels s = KernelProvider.NORM.scalar();
        Kernels.vector(); // skips the test without the vector module
        NormKernels v = KernelProvider.NORM.vectorOrNull();
        int l = VectorWidth.SPECIES.length();
        SplittableRandom rnd = new SplittableRandom(77);
        for (int c : new int[] {1, l - 1, l, l + 1, 2 * l - 1, 2 * l, 2 * l + 3, 3 * l, 4 * l + 1}) {
            for (int rows : new int[] {1, 2, 5, BatchNormPasses.BLOCK - 1, BatchNormPasses.BLOCK + 1, 700}) {
                String what = rows + "x" + c + " at " + l + " lanes";
                int n = rows * c;
                float[] x = new float[n + 5];
                float[] dy = new float[n + 2];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (rnd.nextInt(20) == 0 ? rnd.nextInt(-1, 2) * 1e30 : 4 + rnd.nextGaussian());
                }
                for (int i = 0; i < dy.length; i++) {
                    dy[i] = (float) rnd.nextGaussian();
                }
                float[][] means = new float[2][c];
                float[][] vars = new float[2][c];
                float[][] ys = new float[2][n + 1];
                float[][] dxs = new float[2][n + 3];
                float[][] dgs = new float[2][c];
                float[][] dbs = new float[2][c];
                float[] gamma = new float[c];
                float[] inv = new float[c];
                float[] shift = new float[c];
                for (int j = 0; j < c; j++) {
                    gamma[j] = (float) rnd.nextDouble(0.5, 2);
                    inv[j] = (float) rnd.nextDouble(0.1, 3);
                    shift[j] = (float) rnd.nextGaussian();
                }
                NormKernels[] impls = {s, v};
                for (int i = 0; i < 2; i++) {
                    Simd.batchNormStats(impls[i], rows, c, x, 5, means[i], 0, vars[i], 0);
                    Simd.batchNormApply(impls[i], rows, c, x, 5, means[i], 0, inv, 0, shift, 0, ys[i], 1);
                    Simd.batchNormBackward(impls[i], rows, c, x, 5, dy, 2, means[i], 0, inv, 0, gamma, 0, dxs[i], 3,
                            dgs[i], 0, dbs[i], 0);
                }
                assertArrayEquals(means[0], means[1], what + " mean");
                assertArrayEquals(vars[0], vars[1], what + " var");
                assertArrayEquals(ys[0], ys[1], what + " y");
                assertArrayEquals(dxs[0], dxs[1], what + " dx");
                assertArrayEquals(dgs[0], dgs[1], what + " dGamma");
                assertArrayEquals(dbs[0], dbs[1], what + " dBeta");
            }
        }
    }
}
