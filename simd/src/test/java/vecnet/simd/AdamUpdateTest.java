package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The fused Adam step: a hand-computed known answer, vector = scalar bit for bit, argument checks. */
@Tag("agreement")
class AdamUpdateTest {
    private static final Kernels VECTOR = Kernels.vectorOrNull();
    /** Known-answer tolerance: float arithmetic against the same formula in double, one step. */
    private static final double KNOWN_ANSWER_TOL = 1e-6;

    @Test
    void firstStepMatchesTheFormula() {
        // t = 1, lr 0.1, beta (0.9, 0.999): m = 0.1 g, v = 0.001 g², step = lr / 0.1, bc2Sqrt = sqrt(0.001)
        float lr = 0.1f;
        float stepSize = (float) (lr / (1 - 0.9));
        float bc2 = (float) Math.sqrt(1 - 0.999);
        float[] p = {1f, -2f, 0.5f};
        float[] g = {0.2f, -0.4f, 0f};
        float[] m = new float[3];
        float[] v = new float[3];
        Simd.adamUpdate(3, p, 0, g, 0, m, 0, v, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, stepSize, bc2, 1e-8f, 1f, 0f);
        double[] p0 = {1, -2, 0.5};
        double[] g0 = {0.2, -0.4, 0};
        for (int i = 0; i < 3; i++) {
            double mi = 0.1 * g0[i];
            double vi = 0.001 * g0[i] * g0[i];
            double expected = p0[i] - (0.1 / 0.1) * mi / (Math.sqrt(vi) / Math.sqrt(0.001) + 1e-8);
            assertEquals(mi, m[i], KNOWN_ANSWER_TOL, "m" + i);
            assertEquals(vi, v[i], KNOWN_ANSWER_TOL, "v" + i);
            assertEquals(expected, p[i], KNOWN_ANSWER_TOL, "p" + i);
        }
        // the first Adam step moves every parameter with a nonzero gradient by about lr, against the gradient
        assertEquals(0.9, p[0], 1e-5);
        assertEquals(-1.9, p[1], 1e-5);
        assertEquals(0.5f, p[2]);
    }

    @Test
    void vectorEqualsScalarBitForBit() {
        assumeTrue(VECTOR != null, "jdk.incubator.vector not present");
        int lanes = VectorWidth.SPECIES.length();
        int[] sizes = {1, 2, 3, 7, 13, lanes - 1, lanes, lanes + 1, 31, 257, 1000, 65_537};
        Random r = new Random(9);
        for (int n : sizes) {
            if (n < 1) {
                continue;
            }
            for (int variant = 0; variant < 2; variant++) { // Adam (L2) and AdamW (decoupled decay)
                float[] p = new float[n + 3];
                float[] g = new float[n + 1];
                float[] m = new float[n + 2];
                float[] v = new float[n + 2];
                for (int i = 0; i < n; i++) {
                    p[i + 3] = (float) r.nextGaussian();
                    g[i + 1] = (float) r.nextGaussian() * 0.1f;
                    m[i + 2] = (float) r.nextGaussian() * 0.01f;
                    v[i + 2] = r.nextFloat() * 1e-3f;
                }
                float[] p2 = p.clone();
                float[] m2 = m.clone();
                float[] v2 = v.clone();
                float decay = variant == 0 ? 1f : 0.9999f;
                float l2 = variant == 0 ? 1e-2f : 0f;
                for (int step = 1; step <= 3; step++) {
                    float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, step)));
                    float bc2 = (float) Math.sqrt(1 - Math.pow(0.999, step));
                    Simd.adamUpdate(Kernels.scalar().optimizers(), n, p, 3, g, 1, m, 2, v, 2, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, stepSize,
                            bc2, 1e-8f, decay, l2);
                    Simd.adamUpdate(VECTOR.optimizers(), n, p2, 3, g, 1, m2, 2, v2, 2, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, stepSize, bc2,
                            1e-8f, decay, l2);
                }
                assertArrayEquals(p, p2, 0f, "p, n=" + n);
                assertArrayEquals(m, m2, 0f, "m, n=" + n);
                assertArrayEquals(v, v2, 0f, "v, n=" + n);
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        float[] a = new float[4];
        float[] b = new float[4];
        float[] c = new float[4];
        float[] d = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simd.adamUpdate(5, a, 0, b, 0, c, 0, d, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1f, 1f, 1e-8f, 1f, 0f));
        assertTrue(e.getMessage().startsWith("p "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Simd.adamUpdate(2, a, 0, a, 1, c, 0, d, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1f, 1f, 1e-8f, 1f, 0f));
        assertEquals("p must not overlap g: [0, 2) and [1, 3) of the same array", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Simd.adamUpdate(2, a, 0, b, 0, c, 0, d, 0, 1f, 0.999f, 1 - 1f, 1 - 0.999f, 1f, 1f, 1e-8f, 1f, 0f));
        assertEquals("beta1 must be in [0, 1), was 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Simd.adamUpdate(2, a, 0, b, 0, c, 0, d, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1f, 0f, 1e-8f, 1f, 0f));
        assertEquals("bc2Sqrt must be in (0, 1], was 0.0", e.getMessage());
    }

    @Test
    void oneMinusBetaMustBeOneMinusBeta() {
        float[] a = new float[2];
        float[] b = new float[2];
        float[] c = new float[2];
        float[] d = new float[2];
        // PyTorch's rounding (1 - 0.999 in double, then float) and the float difference are both accepted.
        Simd.adamUpdate(2, a, 0, b, 0, c, 0, d, 0, 0.9f, 0.999f, (float) (1 - 0.9), (float) (1 - 0.999), 1f, 1f, 1e-8f,
                1f, 0f);
        Simd.adamUpdate(2, a, 0, b, 0, c, 0, d, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1f, 1f, 1e-8f, 1f, 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simd.adamUpdate(2, a, 0, b, 0, c, 0, d, 0, 0.9f, 0.999f, 0.1f, 0.5f, 1f, 1f, 1e-8f, 1f, 0f));
        assertTrue(e.getMessage().startsWith("oneMinusBeta2 must be 1 - beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Simd.radamUpdate(2, a, 0, b, 0, c, 0, d, 0, 0.9f, 0.999f, 0.9f, 0.001f, true, 1f, 1e-8f, 1f, 0f));
        assertTrue(e.getMessage().startsWith("oneMinusBeta1 must be 1 - beta"), e.getMessage());
    }
}
