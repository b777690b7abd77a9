package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The vector recurrent cells agree with the scalar reference over awkward hidden sizes and batches,
 * with offsets, strided h/dh (a bidirectional half) and the in-place aliases, at every forced width.
 */
@Tag("agreement")
class RecurrentAgreementTest {
    /**
     * Per element, relative to max(1, |reference|): the vector σ and tanh are within a few float ulps
     * of the double reference, and a step chains at most three of them with a few products.
     */
    static final double AGREE_TOL = 1e-5;
    static final int[] HIDDEN = {1, 3, 7, 8, 17, 33, 128};
    static final int[] BATCH = {1, 2, 5, 64};
    static final int OFF = 3;
    /** Pre-activations in [-RANGE, RANGE]: both saturation ends and tanh's polynomial branch near 0. */
    static final double RANGE = 6;

    static RecurrentKernels vector() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector not present");
        return KernelProvider.RECURRENT.vectorOrNull();
    }

    static float[] random(SplittableRandom rnd, int n, double range) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-range, range);
        }
        return a;
    }

    static void assertClose(float[] ref, float[] got, String what) {
        assertEquals(ref.length, got.length);
        for (int i = 0; i < ref.length; i++) {
            if (Float.isNaN(ref[i]) && Float.isNaN(got[i])) {
                continue; // unwritten poison in both
            }
            assertEquals(ref[i], got[i], AGREE_TOL * Math.max(1, Math.abs(ref[i])), what + " [" + i + "]");
        }
    }

    @Test
    void lstm() {
        RecurrentKernels v = vector();
        RecurrentKernels s = KernelProvider.RECURRENT.scalar();
        SplittableRandom rnd = new SplittableRandom(12);
        for (int hidden : HIDDEN) {
            for (int n : BATCH) {
                int g = 4 * hidden;
                int ldh = 2 * hidden + 1;
                float[] xg = random(rnd, OFF + n * g, RANGE);
                float[] hg = random(rnd, n * g, RANGE / 2);
                float[] bih = random(rnd, OFF + g, 1);
                float[] bhh = random(rnd, g, 1);
                float[] cPrev = random(rnd, OFF + n * hidden, 2);
                float[][] out = new float[2][];
                float[][] cs = new float[2][];
                float[][] hs = new float[2][];
                for (int k = 0; k < 2; k++) {
                    RecurrentKernels impl = k == 0 ? s : v;
                    out[k] = xg.clone(); // gates in place over xg
                    cs[k] = new float[OFF + n * hidden];
                    hs[k] = new float[OFF + n * ldh];
                    java.util.Arrays.fill(hs[k], Float.NaN);
                    impl.lstmCellForward(n, hidden, out[k], OFF, hg, 0, bih, OFF, bhh, 0, cPrev, OFF, out[k], OFF,
                            cs[k], OFF, hs[k], OFF, ldh);
                }
                String w = v.name() + " lstm hidden=" + hidden + " n=" + n;
                assertClose(out[0], out[1], w + " gates");
                assertClose(cs[0], cs[1], w + " c");
                assertClose(hs[0], hs[1], w + " h");

                float[] gates = out[0];
                float[] c = cs[0];
                float[] dh = random(rnd, OFF + n * ldh, 1);
                float[] dhNext = random(rnd, n * hidden, 1);
                float[] dc0 = random(rnd, OFF + n * hidden, 1);
                float[][] dGates = new float[2][];
                float[][] dc = new float[2][];
                for (int k = 0; k < 2; k++) {
                    RecurrentKernels impl = k == 0 ? s : v;
                    dGates[k] = new float[n * g + 1];
                    dc[k] = dc0.clone(); // dcPrev in place over dc
                    impl.lstmCellBackward(n, hidden, gates, OFF, cPrev, OFF, c, OFF, dh, OFF, ldh, dhNext, 0, dc[k],
                            OFF, dGates[k], 1, dc[k], OFF);
                }
                assertClose(dGates[0], dGates[1], w + " dGates");
                assertClose(dc[0], dc[1], w + " dcPrev");
            }
        }
    }

    @Test
    void gru() {
        RecurrentKernels v = vector();
        RecurrentKernels s = KernelProvider.RECURRENT.scalar();
        SplittableRandom rnd = new SplittableRandom(13);
        for (int hidden : HIDDEN) {
            for (int n : BATCH) {
                int g = 3 * hidden;
                int ldh = 2 * hidden;
                float[] xg = random(rnd, n * g + OFF, RANGE);
                float[] hg = random(rnd, OFF + n * g, RANGE / 2);
                float[] bih = random(rnd, g, 1);
                float[] bhh = random(rnd, OFF + g, 1);
                float[] hPrev = random(rnd, OFF + n * (hidden + 2), 1);
                float[][] gates = new float[2][];
                float[][] hn = new float[2][];
                float[][] h = new float[2][];
                for (int k = 0; k < 2; k++) {
                    RecurrentKernels impl = k == 0 ? s : v;
                    gates[k] = xg.clone();
                    hn[k] = new float[n * hidden];
                    h[k] = new float[OFF + n * ldh];
                    impl.gruCellForward(n, hidden, gates[k], 0, hg, OFF, bih, 0, bhh, OFF, hPrev, OFF, hidden + 2,
                            gates[k], 0, hn[k], 0, h[k], OFF + hidden, ldh);
                }
                String w = v.name() + " gru hidden=" + hidden + " n=" + n;
                assertClose(gates[0], gates[1], w + " gates");
                assertClose(hn[0], hn[1], w + " hn");
                assertClose(h[0], h[1], w + " h");

                float[] dh = random(rnd, OFF + n * ldh, 1);
                float[] dhNext0 = random(rnd, n * hidden, 1);
                float[][] dxg = new float[2][];
                float[][] dhg = new float[2][];
                float[][] dhp = new float[2][];
                for (int k = 0; k < 2; k++) {
                    RecurrentKernels impl = k == 0 ? s : v;
                    dxg[k] = new float[OFF + n * g];
                    dhg[k] = new float[n * g];
                    dhp[k] = dhNext0.clone(); // dhPrev in place over dhNext
                    impl.gruCellBackward(n, hidden, gates[0], 0, hn[0], 0, hPrev, OFF, hidden + 2, dh, OFF, ldh,
                            dhp[k], 0, dxg[k], OFF, dhg[k], 0, dhp[k], 0);
                }
                assertClose(dxg[0], dxg[1], w + " dxg");
                assertClose(dhg[0], dhg[1], w + " dhg");
                assertClose(dhp[0], dhp[1], w + " dhPrev");
            }
        }
    }

    @Test
    void rnn() {
        RecurrentKernels v = vector();
        RecurrentKernels s = KernelProvider.RECURRENT.scalar();
        SplittableRandom rnd = new SplittableRandom(14);
        for (boolean relu : new boolean[] {false, true}) {
            for (int hidden : HIDDEN) {
                for (int n : BATCH) {
                    int ldh = hidden + 5;
                    float[] xg = random(rnd, OFF + n * hidden, RANGE);
                    float[] hg = random(rnd, n * hidden, RANGE / 2);
                    float[] bih = random(rnd, hidden, 1);
                    float[] bhh = random(rnd, hidden, 1);
                    float[][] h = new float[2][];
                    float[][] dg = new float[2][];
                    float[] dh = random(rnd, OFF + n * ldh, 1);
                    float[] dhNext = random(rnd, n * hidden + OFF, 1);
                    for (int k = 0; k < 2; k++) {
                        RecurrentKernels impl = k == 0 ? s : v;
                        h[k] = new float[OFF + n * ldh];
                        impl.rnnCellForward(n, hidden, relu, xg, OFF, hg, 0, bih, 0, bhh, 0, h[k], OFF, ldh);
                        dg[k] = new float[n * hidden];
                        impl.rnnCellBackward(n, hidden, relu, h[0], OFF, ldh, dh, OFF, ldh, dhNext, OFF, dg[k], 0);
                    }
                    String w = v.name() + " rnn relu=" + relu + " hidden=" + hidden + " n=" + n;
                    assertClose(h[0], h[1], w + " h");
                    assertClose(dg[0], dg[1], w + " dg");
                }
            }
        }
    }
}
