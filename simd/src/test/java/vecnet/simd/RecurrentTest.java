package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers of the recurrent cell kernels, worked out by hand from pre-activations chosen so the
 * gates are exact: σ(ln 3) = 3/4, σ(0) = 1/2, σ(−ln 3) = 1/4, tanh(ln 2) = 3/5. Both implementations,
 * plus the facade's argument checks.
 */
class RecurrentTest {
    /** Float rounding of values of order 1 computed from exact gates. */
    static final float KNOWN_TOL = 2e-7f;
    static final float LN3 = (float) Math.log(3);
    static final float LN2 = (float) Math.log(2);

    static List<RecurrentKernels> kernels() {
        RecurrentKernels v = KernelProvider.RECURRENT.vectorOrNull();
        return v == null ? List.of(KernelProvider.RECURRENT.scalar()) : List.of(KernelProvider.RECURRENT.scalar(), v);
    }

    @Test
    void lstmStepByHand() {
        for (RecurrentKernels k : kernels()) {
            // pre-activations split over xg, hg and both biases: a = (ln 3, 0, ln 2, −ln 3)
            float[] xg = {LN3 - 0.5f, -0.25f, LN2, -LN3};
            float[] hg = {0.5f, 0f, 0f, 0f};
            float[] bih = {0f, 0.25f, 0f, 0f};
            float[] bhh = new float[4];
            float[] cPrev = {0.4f};
            float[] gates = new float[4];
            float[] c = new float[1];
            float[] h = new float[3]; // ldh 3, one row: only h[1] is written
            k.lstmCellForward(1, 1, xg, 0, hg, 0, bih, 0, bhh, 0, cPrev, 0, gates, 0, c, 0, h, 1, 3);
            String w = k.name();
            assertEquals(0.75f, gates[0], KNOWN_TOL, w + " i");
            assertEquals(0.5f, gates[1], KNOWN_TOL, w + " f");
            assertEquals(0.6f, gates[2], KNOWN_TOL, w + " g");
            assertEquals(0.25f, gates[3], KNOWN_TOL, w + " o");
            assertEquals(0.65f, c[0], KNOWN_TOL, w + " c = 0.5 * 0.4 + 0.75 * 0.6");
            double tc = Math.tanh(0.65);
            assertEquals(0.25 * tc, h[1], KNOWN_TOL, w + " h = o tanh c");
            assertEquals(0f, h[0], w);
            assertEquals(0f, h[2], w);

            float[] dh = {1f};
            float[] dhNext = {0.5f}; // dH = 1.5
            float[] dc = {0.2f};
            float[] dGates = new float[4];
            float[] dcPrev = new float[1];
            k.lstmCellBackward(1, 1, gates, 0, cPrev, 0, c, 0, dh, 0, 1, dhNext, 0, dc, 0, dGates, 0, dcPrev, 0);
            double dC = 0.2 + 1.5 * 0.25 * (1 - tc * tc);
            assertEquals(dC * 0.6 * 0.75 * 0.25, dGates[0], KNOWN_TOL, w + " di");
            assertEquals(dC * 0.4 * 0.5 * 0.5, dGates[1], KNOWN_TOL, w + " df");
            assertEquals(dC * 0.75 * (1 - 0.36), dGates[2], KNOWN_TOL, w + " dg");
            assertEquals(1.5 * tc * 0.25 * 0.75, dGates[3], KNOWN_TOL, w + " do");
            assertEquals(dC * 0.5, dcPrev[0], KNOWN_TOL, w + " dcPrev");
        }
    }

    @Test
    void gruStepByHand() {
        for (RecurrentKernels k : kernels()) {
            float[] xg = {LN3, 0f, 0.1f};
            float[] hg = {0f, 0f, 0.4f};
            float[] bih = new float[3];
            float[] bhh = {0f, 0f, 0.2f};
            float[] hPrev = {0.8f};
            float[] gates = new float[3];
            float[] hn = new float[1];
            float[] h = new float[1];
            k.gruCellForward(1, 1, xg, 0, hg, 0, bih, 0, bhh, 0, hPrev, 0, 1, gates, 0, hn, 0, h, 0, 1);
            String w = k.name();
            double nn = Math.tanh(0.1 + 0.75 * 0.6);
            assertEquals(0.75f, gates[0], KNOWN_TOL, w + " r");
            assertEquals(0.5f, gates[1], KNOWN_TOL, w + " z");
            assertEquals(nn, gates[2], KNOWN_TOL, w + " n = tanh(x_n + r (h_n + b_hn))");
            assertEquals(0.6f, hn[0], KNOWN_TOL, w + " hn");
            assertEquals(0.5 * nn + 0.5 * 0.8, h[0], KNOWN_TOL, w + " h = (1 - z) n + z hPrev");

            float[] dh = {1f};
            float[] dhNext = {0f};
            float[] dxg = new float[3];
            float[] dhg = new float[3];
            float[] dhPrev = new float[1];
            k.gruCellBackward(1, 1, gates, 0, hn, 0, hPrev, 0, 1, dh, 0, 1, dhNext, 0, dxg, 0, dhg, 0, dhPrev, 0);
            double dn = 0.5 * (1 - nn * nn);
            assertEquals(dn * 0.6 * 0.75 * 0.25, dxg[0], KNOWN_TOL, w + " dr");
            assertEquals((0.8 - nn) * 0.25, dxg[1], KNOWN_TOL, w + " dz");
            assertEquals(dn, dxg[2], KNOWN_TOL, w + " dn");
            assertEquals(dxg[0], dhg[0], KNOWN_TOL, w + " dhg r");
            assertEquals(dxg[1], dhg[1], KNOWN_TOL, w + " dhg z");
            assertEquals(dn * 0.75, dhg[2], KNOWN_TOL, w + " dhg n = dn r");
            assertEquals(0.5f, dhPrev[0], KNOWN_TOL, w + " dhPrev = dH z");
        }
    }

    @Test
    void rnnStepByHand() {
        for (RecurrentKernels k : kernels()) {
            float[] xg = {LN2, -1f};
            float[] hg = {0f, 0f};
            float[] b = new float[2];
            float[] h = new float[2];
            k.rnnCellForward(1, 2, false, xg, 0, hg, 0, b, 0, b, 0, h, 0, 2);
            assertEquals(0.6f, h[0], KNOWN_TOL, k.name() + " tanh(ln 2)");
            assertEquals((float) Math.tanh(-1), h[1], KNOWN_TOL, k.name() + " tanh(-1)");
            float[] dh = {1f, 2f};
            float[] dhNext = {0.5f, 0f};
            float[] dg = new float[2];
            k.rnnCellBackward(1, 2, false, h, 0, 2, dh, 0, 2, dhNext, 0, dg, 0);
            assertEquals(1.5 * 0.64, dg[0], KNOWN_TOL, k.name());
            assertEquals(2 * (1 - h[1] * (double) h[1]), dg[1], KNOWN_TOL, k.name());
            float[] xr = {2f, -1f};
            k.rnnCellForward(1, 2, true, xr, 0, hg, 0, b, 0, b, 0, h, 0, 2);
            assertEquals(2f, h[0], 0f, k.name() + " relu(2)");
            assertEquals(0f, h[1], 0f, k.name() + " relu(-1)");
            k.rnnCellBackward(1, 2, true, h, 0, 2, dh, 0, 2, dhNext, 0, dg, 0);
            assertEquals(1.5f, dg[0], 0f, k.name());
            assertEquals(0f, dg[1], 0f, k.name() + " relu'(0) = 0");
        }
    }

    @Test
    void facadeChecksNameTheArgument() {
        float[] a4 = new float[4];
        float[] a1 = new float[1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Simd.lstmCellForward(1, 1,
                new float[3], 0, a4, 0, a4.clone(), 0, a4.clone(), 0, a1, 0, new float[4], 0, new float[1], 0,
                new float[1], 0, 1));
        assertTrue(e.getMessage().startsWith("xg is too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Simd.lstmCellForward(-1, 1, a4, 0, a4, 0, a4, 0, a4,
                0, a1, 0, a4, 0, a1, 0, a1, 0, 1));
        assertEquals("n must be >= 0, was -1", e.getMessage());
        float[] big = new float[16];
        e = assertThrows(IllegalArgumentException.class, () -> Simd.lstmCellForward(1, 1, new float[4], 0,
                new float[4], 0, new float[4], 0, new float[4], 0, new float[1], 0, big, 0, new float[1], 0, big, 2,
                1));
        assertTrue(e.getMessage().startsWith("h must not overlap gates"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Simd.gruCellForward(2, 2, new float[12], 0,
                new float[12], 0, new float[6], 0, new float[6], 0, new float[4], 0, 2, new float[12], 0,
                new float[4], 0, new float[4], 0, 1));
        assertTrue(e.getMessage().startsWith("ldh must be >= 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Simd.rnnCellBackward(1, 1, false, a1, 0, 1, null, 0,
                1, a1, 0, new float[1], 0));
        assertEquals("dh must not be null", e.getMessage());
        float[] g = new float[8];
        e = assertThrows(IllegalArgumentException.class, () -> Simd.lstmCellBackward(1, 1, g, 0, a1, 0, a1, 0, a1, 0,
                1, a1, 0, new float[1], 0, g, 2, new float[1], 0));
        assertTrue(e.getMessage().startsWith("dGates must not overlap gates"), e.getMessage());
        // the documented in-place forms are accepted
        float[] xg = new float[4];
        Simd.lstmCellForward(1, 1, xg, 0, new float[4], 0, new float[4], 0, new float[4], 0, new float[1], 0, xg, 0,
                new float[1], 0, new float[1], 0, 1);
        assertEquals(0.5f, xg[0], KNOWN_TOL);
        float[] dc = {1f};
        Simd.lstmCellBackward(1, 1, xg, 0, new float[1], 0, new float[1], 0, new float[1], 0, 1, new float[1], 0, dc,
                0, new float[4], 0, dc, 0);
        assertEquals(0.5f, dc[0], KNOWN_TOL);
    }
}
