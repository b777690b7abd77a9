package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A maxout backward with a piece index outside [0, k) is rejected by the facade on both paths, before
 * dx is written (both kernels used to drop that gradient silently).
 */
@Tag("agreement")
class SoftmaxMaxoutIndexCheckTest {
    static final float UNTOUCHED = 7f;

    @Test
    void indicesOutsideThePiecesAreRejectedAlike() {
        int rows = 3;
        int units = 19; // full vectors and a scalar tail at every width up to 16 lanes
        int k = 4;
        SplittableRandom rnd = new SplittableRandom(41);
        float[] x = ConvTestData.random(rnd, rows * units * k);
        float[] dy = ConvTestData.random(rnd, rows * units);
        int[] idx = new int[rows * units];
        Simd.maxout(rows, units, k, x, 0, new float[rows * units], 0, idx, 0);
        int[][] bad = {{0, -1}, {units - 1, k}, {rows * units - 1, Integer.MIN_VALUE}, {units + 2, k + 10}};
        for (int[] b : bad) {
            int[] corrupt = idx.clone();
            corrupt[b[0]] = b[1];
            String expected = "idx[" + b[0] + "] (row " + b[0] / units + ", unit " + b[0] % units
                    + ") must be a piece index in [0, " + k + "), was " + b[1];
            for (Kernels impl : Kernels.available()) {
                float[] dx = new float[rows * units * k];
                Arrays.fill(dx, UNTOUCHED);
                assertEquals(expected, assertThrows(IllegalArgumentException.class,
                        () -> Simd.maxoutBackward(impl.activations(), rows, units, k, dy, 0, corrupt, 0, dx,
                                0)).getMessage(),
                        impl.name());
                for (float v : dx) {
                    assertEquals(UNTOUCHED, v, impl.name() + ": dx written before the check");
                }
            }
        }
        // valid indices: both paths route every gradient to its piece
        float[] expected = null;
        for (Kernels impl : Kernels.available()) {
            float[] dx = new float[rows * units * k];
            Simd.maxoutBackward(impl.activations(), rows, units, k, dy, 0, idx, 0, dx, 0);
            if (expected == null) {
                expected = dx;
            }
            assertArrayEquals(expected, dx, impl.name());
        }
        // an offset index array is named by its own position
        int[] shifted = new int[idx.length + 2];
        System.arraycopy(idx, 0, shifted, 2, idx.length);
        shifted[2 + 5] = -3;
        assertEquals("idx[7] (row 0, unit 5) must be a piece index in [0, 4), was -3",
                assertThrows(IllegalArgumentException.class, () -> Simd.maxoutBackward(rows, units, k, dy, 0, shifted,
                        2, new float[rows * units * k], 0)).getMessage());
    }
}
