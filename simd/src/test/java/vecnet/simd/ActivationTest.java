package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Known answers, edge inputs, NaN propagation, finite-difference checks of every derivative and
 * argument checks, through the facade (the active implementation) and the scalar reference.
 */
class ActivationTest {
    /** Known answers are exact to a few float ulps of values of order 1. */
    static final float KNOWN_TOL = 1e-6f;
    /** Edge inputs: relative error allowed against the double reference (about 32 float ulps). */
    static final double EDGE_REL_TOL = 4e-6;
    /** Central-difference step and the error allowed (h² truncation plus float rounding of the kernel). */
    static final double FD_STEP = 1e-4;
    static final double FD_TOL = 2e-5;
    static final float[] EDGES = {0f, -0f, 1e-8f, -1e-8f, 1f, -1f, 20f, -20f, 88f, -88f, 1e4f, -1e4f};
    static final float ALPHA = 0.1f;

    private static float act(Kernels k, Activation f, float param, float x) {
        float[] y = {Float.MAX_VALUE};
        Simd.activate(k.activations(), f, param, new float[] {x}, 0, y, 0, 1);
        return y[0];
    }

    private static float simd(Activation f, float param, float x) {
        float[] y = {x};
        Simd.activate(f, param, y, 0, 1);
        return y[0];
    }

    @Test
    void knownValues() {
        float e = KNOWN_TOL;
        assertEquals(0.5f, simd(Activation.SIGMOID, 0f, 0f), e);
        assertEquals(0.7310585786f, simd(Activation.SIGMOID, 0f, 1f), e);
        // course worked example: hidden pre-activations (-1.9, 3.1, -0.4) -> (0.13, 0.96, 0.40) at 2 decimals
        assertEquals(0.13f, simd(Activation.SIGMOID, 0f, -1.9f), 0.005f);
        assertEquals(0.96f, simd(Activation.SIGMOID, 0f, 3.1f), 0.005f);
        assertEquals(0.40f, simd(Activation.SIGMOID, 0f, -0.4f), 0.005f);
        assertEquals(0.7615941560f, simd(Activation.TANH, 0f, 1f), e);
        assertEquals(0f, simd(Activation.STEP, 0f, 0f));
        assertEquals(1f, simd(Activation.STEP, 0f, 1e-8f));
        assertEquals(0f, simd(Activation.STEP, 0f, -3f));
        assertEquals(-2.5f, simd(Activation.IDENTITY, 0f, -2.5f));
        assertEquals(0f, simd(Activation.RELU, 0f, -2f));
        assertEquals(2f, simd(Activation.RELU, 0f, 2f));
        assertEquals(-0.2f, simd(Activation.LEAKY_RELU, ALPHA, -2f), e); // α = 0.1 as in the notes
        assertEquals(3f, simd(Activation.LEAKY_RELU, ALPHA, 3f));
        assertEquals((float) Math.expm1(-1.0), simd(Activation.ELU, 1f, -1f), e);
        assertEquals(1.0507009873f, simd(Activation.SELU, 0f, 1f), e);
        assertEquals(1.0507009873f * 1.6732632423f * (float) Math.expm1(-1.0), simd(Activation.SELU, 0f, -1f), e);
        assertEquals(0.7310585786f, simd(Activation.SILU, 0f, 1f), e);
        assertEquals(0.8411919906f, simd(Activation.GELU, 0f, 1f), e); // PyTorch gelu(1, approximate='tanh')
        assertEquals(-0.1588080094f, simd(Activation.GELU, 0f, -1f), e);
        assertEquals((float) Math.log(2.0), simd(Activation.SOFTPLUS, 0f, 0f), e);
        assertEquals(1.3132616875f, simd(Activation.SOFTPLUS, 0f, 1f), e);
        assertEquals(0.5f, simd(Activation.HARD_SIGMOID, 0f, 0f), e);
        assertEquals(0.75f, simd(Activation.HARD_SIGMOID, 0f, 1.5f), e);
        assertEquals(1f, simd(Activation.HARD_SIGMOID, 0f, 3f));
        assertEquals(0f, simd(Activation.HARD_SIGMOID, 0f, -4f));
    }

    @Test
    void edgeInputsMatchTheDoubleReferenceInBothImplementations() {
        Kernels[] impls = {Kernels.scalar(), Kernels.chosen()};
        for (Kernels k : impls) {
            for (Activation f : Activation.values()) {
                float param = f == Activation.ELU ? 1f : ALPHA;
                for (float x : EDGES) {
                    double ref = (float) ScalarActivations.f(f, param, x);
                    float got = act(k, f, param, x);
                    String what = k.name() + " " + f + "(" + x + ") = " + got + ", expected " + ref;
                    assertTrue(Float.isFinite(got), what);
                    assertTrue(Math.abs(got - ref) <= EDGE_REL_TOL * Math.abs(ref) + Float.MIN_NORMAL, what);
                    float[] dx = new float[1];
                    Simd.activateBackward(k.activations(), f, param, new float[] {x}, 0, new float[] {1f}, 0, dx, 0, 1);
                    double dref = (float) ScalarActivations.df(f, param, x);
                    String dwhat = k.name() + " " + f + "'(" + x + ") = " + dx[0] + ", expected " + dref;
                    assertTrue(Float.isFinite(dx[0]), dwhat);
                    assertTrue(Math.abs(dx[0] - dref) <= EDGE_REL_TOL * Math.abs(dref) + Float.MIN_NORMAL, dwhat);
                }
            }
        }
    }

    @Test
    void saturatingFunctionsStayStableAtLargeInputs() {
        assertEquals(1f, simd(Activation.SIGMOID, 0f, 1e4f));
        assertEquals(0f, simd(Activation.SIGMOID, 0f, -1e4f));
        assertEquals(1e4f, simd(Activation.SOFTPLUS, 0f, 1e4f)); // naive ln(1 + e^x) overflows to inf
        assertEquals(0f, simd(Activation.SOFTPLUS, 0f, -1e4f));
        assertEquals(88f, simd(Activation.SOFTPLUS, 0f, 88f));
        assertEquals(-ALPHA, simd(Activation.ELU, ALPHA, -1e4f), KNOWN_TOL);
        assertEquals(1e4f, simd(Activation.GELU, 0f, 1e4f));
        assertEquals(0f, simd(Activation.GELU, 0f, -1e4f), KNOWN_TOL);
        assertEquals(1e4f, simd(Activation.SILU, 0f, 1e4f));
        // expm1 keeps ELU accurate next to 0, where e^x - 1 in float would round to 0 or -6e-8
        assertEquals(-1e-8f, simd(Activation.ELU, 1f, -1e-8f), 1e-14f);
        assertEquals(0f, simd(Activation.RELU, 0f, -0f));
        assertEquals(0f, simd(Activation.STEP, 0f, -0f));
    }

    @Test
    void nanPropagatesThroughEveryForwardFunction() {
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.chosen()}) {
            for (Activation f : Activation.values()) {
                // a whole vector's worth and a tail, so both code paths see the NaN
                float[] x = new float[37];
                java.util.Arrays.fill(x, 0.5f);
                x[3] = Float.NaN;
                x[36] = Float.NaN;
                float[] y = new float[37];
                Simd.activate(k.activations(), f, ALPHA, x, 0, y, 0, 37);
                assertTrue(Float.isNaN(y[3]) && Float.isNaN(y[36]), k.name() + " " + f);
                assertEquals((float) ScalarActivations.f(f, ALPHA, 0.5), y[0], KNOWN_TOL, k.name() + " " + f);
            }
        }
    }

    @Test
    void everyDerivativeMatchesCentralDifferences() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.chosen()}) {
            for (Activation f : Activation.values()) {
                float param = f == Activation.ELU ? 1.3f : ALPHA;
                int n = 200;
                float[] x = new float[n];
                for (int i = 0; i < n; i++) {
                    float v;
                    do {
                        v = (float) rnd.nextDouble(-8, 8);
                    } while (nearKink(f, v));
                    x[i] = v;
                }
                float[] dy = new float[n];
                java.util.Arrays.fill(dy, 1f);
                float[] dx = new float[n];
                Simd.activateBackward(k.activations(), f, param, x, 0, dy, 0, dx, 0, n);
                for (int i = 0; i < n; i++) {
                    double fd = (ScalarActivations.f(f, param, x[i] + FD_STEP)
                            - ScalarActivations.f(f, param, x[i] - FD_STEP)) / (2 * FD_STEP);
                    assertEquals(fd, dx[i], FD_TOL * (1 + Math.abs(fd)), k.name() + " " + f + "'(" + x[i] + ")");
                }
            }
        }
    }

    private static boolean nearKink(Activation f, float v) {
        double margin = 1e-2;
        switch (f) {
            case STEP:
            case RELU:
            case LEAKY_RELU:
            case ELU:
            case SELU:
                return Math.abs(v) < margin;
            case HARD_SIGMOID:
                return Math.abs(Math.abs(v) - 3) < margin;
            default:
                return false;
        }
    }

    @Test
    void derivativeConventionsAtKinksFollowPyTorch() {
        float[] d = new float[1];
        Simd.activateBackward(Activation.RELU, 0f, new float[] {0f}, 0, new float[] {1f}, 0, d, 0, 1);
        assertEquals(0f, d[0]);
        Simd.activateBackward(Activation.LEAKY_RELU, ALPHA, new float[] {0f}, 0, new float[] {1f}, 0, d, 0, 1);
        assertEquals(ALPHA, d[0]);
        Simd.activateBackward(Activation.ELU, 0.5f, new float[] {0f}, 0, new float[] {1f}, 0, d, 0, 1);
        assertEquals(0.5f, d[0]);
        Simd.activateBackward(Activation.HARD_SIGMOID, 0f, new float[] {3f}, 0, new float[] {1f}, 0, d, 0, 1);
        assertEquals(0f, d[0]);
        Simd.activateBackward(Activation.STEP, 0f, new float[] {0.5f}, 0, new float[] {1f}, 0, d, 0, 1);
        assertEquals(0f, d[0]);
    }

    @Test
    void inPlaceEqualsOutOfPlace() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 301;
        float[] x = new float[n + 4];
        float[] dy = new float[n + 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-6, 6);
            dy[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (Activation f : Activation.values()) {
            float[] y = new float[n];
            Simd.activate(f, ALPHA, x, 4, y, 0, n);
            float[] inPlace = x.clone();
            Simd.activate(f, ALPHA, inPlace, 4, n);
            assertArrayEquals(y, java.util.Arrays.copyOfRange(inPlace, 4, 4 + n), f.name());
            float[] dx = new float[n];
            Simd.activateBackward(f, ALPHA, x, 4, dy, 4, dx, 0, n);
            float[] g = dy.clone();
            Simd.activateBackward(f, ALPHA, x, 4, g, 4, g, 4, n);
            assertArrayEquals(dx, java.util.Arrays.copyOfRange(g, 4, 4 + n), f.name());
        }
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        float[] a = new float[10];
        assertMessage("n must be >= 0, was -1", () -> Simd.activate(Activation.RELU, 0f, a, 0, a, 0, -1));
        assertMessage("y is too short: 10 elements at offset 2 need length >= 12, was 10",
                () -> Simd.activate(Activation.RELU, 0f, a, 0, a, 2, 10));
        assertMessage("x offset must be >= 0, was -1", () -> Simd.activate(Activation.RELU, 0f, a, -1, new float[10], 0, 1));
        assertMessage("f must not be null", () -> Simd.activate(null, 0f, a, 0, a, 0, 1));
        assertMessage("x must not be null", () -> Simd.activate(Activation.RELU, 0f, null, 0, a, 0, 1));
        assertMessage("param (alpha of LEAKY_RELU) must be finite, was NaN",
                () -> Simd.activate(Activation.LEAKY_RELU, Float.NaN, a, 0, 1));
        assertMessage("y must be x at the same offset (in place) or not overlap it: offsets 1 and 0 with 5 elements "
                + "overlap", () -> Simd.activate(Activation.RELU, 0f, a, 0, a, 1, 5));
        assertMessage("dx is too short: 4 elements at offset 0 need length >= 4, was 3",
                () -> Simd.activateBackward(Activation.TANH, 0f, a, 0, a, 0, new float[3], 0, 4));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
