package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The fused SGD, Adagrad, RMSprop, RAdam, AdaBelief and AMSGrad steps: a known answer per kernel
 * computed here in double from the written-out formula, vector = scalar bit for bit over awkward sizes,
 * several steps and every flag combination, NaN propagation through the max of RMSprop and AMSGrad, and
 * argument checks. (Adam itself: {@link AdamUpdateTest}.)
 */
@Tag("agreement")
class OptimizerUpdateTest {
    /** Known-answer tolerance: one float step against the same formula in double, values of order 1. */
    private static final double KNOWN_ANSWER_TOL = 1e-6;
    private static final int[] SIZES = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 97, 1000, 4099};
    private static final int STEPS = 4;
    /** Offsets of p, g and up to three state buffers in the agreement runs (nonzero and all different). */
    private static final int[] OFF = {3, 1, 2, 5, 4};
    /** Padding after each buffer, which no kernel may write. */
    private static final int PAD = 2;

    private static final float[] P0 = {1f, -2f, 0.5f};
    private static final float[] G = {0.2f, -0.4f, 0.05f};
    private static final float[] M0 = {0.01f, -0.02f, 0.005f};
    private static final float[] V0 = {1e-3f, 4e-3f, 1e-4f};

    // ---- known answers -------------------------------------------------------------------------

    @Test
    void sgdKnownAnswers() {
        float lr = 0.1f;
        float wd = 0.01f;
        for (Kernels impl : Kernels.available()) {
            // plain: p = p - lr * (g + wd * p)
            float[] p = P0.clone();
            Simd.sgdUpdate(impl.optimizers(), 3, p, 0, G, 0, null, 0, lr, wd, 0f, 0f, false, false);
            for (int i = 0; i < 3; i++) {
                assertKnown(P0[i] - lr * (G[i] + wd * (double) P0[i]), p[i], impl, "plain p" + i);
            }
            // momentum 0.9, dampening 0.3, two steps with the same g:
            // t = 1: b = d; p -= lr * b.   t = 2: b = 0.9 b + 0.7 d; p -= lr * b   (d = g + wd * p)
            // Nesterov (dampening 0): b as above with 1 - 0 = 1, p -= lr * (d + 0.9 b)
            for (boolean nesterov : new boolean[] {false, true}) {
                float damp = nesterov ? 0f : 0.3f;
                p = P0.clone();
                float[] buf = {7f, 7f, 7f}; // the first step must ignore the old contents
                Simd.sgdUpdate(impl.optimizers(), 3, p, 0, G, 0, buf, 0, lr, wd, 0.9f, damp, nesterov, true);
                Simd.sgdUpdate(impl.optimizers(), 3, p, 0, G, 0, buf, 0, lr, wd, 0.9f, damp, nesterov, false);
                for (int i = 0; i < 3; i++) {
                    double w = P0[i];
                    double d = G[i] + 0.01 * w;
                    double b = d;
                    w -= 0.1 * (nesterov ? d + 0.9 * b : b);
                    d = G[i] + 0.01 * w;
                    b = 0.9 * b + (1 - damp) * d;
                    w -= 0.1 * (nesterov ? d + 0.9 * b : b);
                    assertKnown(b, buf[i], impl, "nesterov=" + nesterov + " buf" + i);
                    assertKnown(w, p[i], impl, "nesterov=" + nesterov + " p" + i);
                }
            }
        }
    }

    @Test
    void adagradKnownAnswer() {
        // d = g + 0.01 p; sum += d²; p -= clr * d / (sqrt(sum) + eps), clr = 0.05, eps = 1e-10
        for (Kernels impl : Kernels.available()) {
            float[] p = P0.clone();
            float[] sum = {0.1f, 0.2f, 0f};
            Simd.adagradUpdate(impl.optimizers(), 3, p, 0, G, 0, sum, 0, 0.05f, 0.01f, 1e-10f);
            for (int i = 0; i < 3; i++) {
                double d = G[i] + 0.01 * P0[i];
                double s = (i == 0 ? 0.1 : i == 1 ? 0.2 : 0) + d * d;
                assertKnown(s, sum[i], impl, "sum" + i);
                assertKnown(P0[i] - 0.05 * d / (Math.sqrt(s) + 1e-10), p[i], impl, "p" + i);
            }
        }
    }

    @Test
    void rmspropKnownAnswers() {
        // d = g + 0.01 p; v = 0.9 sq + 0.1 d²; centered: a = 0.9 ga + 0.1 d, v = max(0, v - a²);
        // avg = sqrt(v) + 0.1 (a large eps keeps d / avg of order 1 where v is clipped); momentum 0.5: b = 0.5 b + d / avg, p -= 0.01 b; else p -= 0.01 d / avg.
        // Element 2 has a large grad average, so v - a² < 0 and the max clips it to 0.
        float[] sq0 = {0.01f, 0.02f, 0.001f};
        float[] ga0 = {0.05f, -0.1f, 0.5f};
        float[] buf0 = {0.1f, -0.2f, 0f};
        for (Kernels impl : Kernels.available()) {
            for (int variant = 0; variant < 4; variant++) {
                boolean centered = (variant & 1) != 0;
                boolean momentum = (variant & 2) != 0;
                float[] p = P0.clone();
                float[] sq = sq0.clone();
                float[] ga = centered ? ga0.clone() : null;
                float[] buf = momentum ? buf0.clone() : null;
                Simd.rmspropUpdate(impl.optimizers(), 3, p, 0, G, 0, sq, 0, ga, 0, buf, 0, 0.01f, 0.9f, 0.1f, 0.01f,
                        momentum ? 0.5f : 0f);
                String what = "centered=" + centered + " momentum=" + momentum + " ";
                for (int i = 0; i < 3; i++) {
                    double d = G[i] + 0.01 * P0[i];
                    double v = 0.9f * (double) sq0[i] + (1 - 0.9f) * d * d;
                    assertKnown(v, sq[i], impl, what + "sq" + i);
                    if (centered) {
                        double a = 0.9f * (double) ga0[i] + (1 - 0.9f) * d;
                        assertKnown(a, ga[i], impl, what + "ga" + i);
                        v = Math.max(0, v - a * a);
                        if (i == 2) {
                            assertEquals(0.0, v, what + "element 2 must be clipped");
                        }
                    }
                    double avg = Math.sqrt(v) + 0.1f;
                    double expected;
                    if (momentum) {
                        double b = 0.5 * buf0[i] + d / avg;
                        assertKnown(b, buf[i], impl, what + "buf" + i);
                        expected = P0[i] - 0.01 * b;
                    } else {
                        expected = P0[i] - 0.01 * d / avg;
                    }
                    assertKnown(expected, p[i], impl, what + "p" + i);
                }
            }
        }
    }

    @Test
    void radamKnownAnswers() {
        // p' = p * decay; d = g + l2 p'; m = 0.9 m + 0.1 d; v = 0.999 v + 0.001 d²;
        // rectified: p = p' - 0.05 m / (sqrt(v) + 1e-8); plain: p = p' - 0.05 m
        for (Kernels impl : Kernels.available()) {
            for (int variant = 0; variant < 4; variant++) {
                boolean rectified = (variant & 1) != 0;
                boolean decoupled = (variant & 2) != 0;
                float decay = decoupled ? 0.99f : 1f;
                float l2 = decoupled ? 0f : 0.01f;
                float[] p = P0.clone();
                float[] m = M0.clone();
                float[] v = V0.clone();
                Simd.radamUpdate(impl.optimizers(), 3, p, 0, G, 0, m, 0, v, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, rectified, 0.05f, 1e-8f,
                        decay, l2);
                String what = "rectified=" + rectified + " decoupled=" + decoupled + " ";
                for (int i = 0; i < 3; i++) {
                    double pi = P0[i] * (double) decay;
                    double d = G[i] + l2 * pi;
                    double mi = 0.9f * (double) M0[i] + (1 - 0.9f) * d;
                    double vi = 0.999f * (double) V0[i] + (1 - 0.999f) * d * d;
                    assertKnown(mi, m[i], impl, what + "m" + i);
                    assertKnown(vi, v[i], impl, what + "v" + i);
                    double expected = rectified ? pi - 0.05 * mi / (Math.sqrt(vi) + 1e-8) : pi - 0.05 * mi;
                    assertKnown(expected, p[i], impl, what + "p" + i);
                }
            }
        }
    }

    @Test
    void adaBeliefKnownAnswer() {
        // t = 2: m = 0.9 m + 0.1 g; s = 0.999 s + 0.001 (g - m)² + eps;
        // p = 0.999 p - stepSize m / (sqrt(s) / bc2Sqrt + eps), stepSize = 0.1 / (1 - 0.9²), bc2Sqrt = sqrt(1 - 0.999²)
        float stepSize = (float) (0.1 / (1 - 0.81));
        float bc2 = (float) Math.sqrt(1 - 0.999 * 0.999);
        for (Kernels impl : Kernels.available()) {
            float[] p = P0.clone();
            float[] m = M0.clone();
            float[] s = V0.clone();
            Simd.adaBeliefUpdate(impl.optimizers(), 3, p, 0, G, 0, m, 0, s, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, stepSize, bc2, 1e-8f,
                    0.999f);
            for (int i = 0; i < 3; i++) {
                double mi = 0.9f * (double) M0[i] + (1 - 0.9f) * (double) G[i];
                double r = G[i] - mi;
                double si = 0.999f * (double) V0[i] + (1 - 0.999f) * r * r + 1e-8f;
                assertKnown(mi, m[i], impl, "m" + i);
                assertKnown(si, s[i], impl, "s" + i);
                double expected = P0[i] * (double) 0.999f - stepSize * mi / (Math.sqrt(si) / bc2 + 1e-8f);
                assertKnown(expected, p[i], impl, "p" + i);
            }
        }
    }

    @Test
    void amsgradKnownAnswer() {
        // Adam's m and v, then vMax = max(vMax, v) and p = p' - stepSize m / (sqrt(vMax) / bc2Sqrt + eps);
        // element 0 keeps its larger old vMax, elements 1 and 2 take the new v.
        float[] vMax0 = {5e-3f, 1e-3f, 0f};
        float stepSize = 0.01f;
        float bc2 = (float) Math.sqrt(1 - Math.pow(0.999, 3));
        for (Kernels impl : Kernels.available()) {
            for (boolean decoupled : new boolean[] {false, true}) {
                float decay = decoupled ? 0.999f : 1f;
                float l2 = decoupled ? 0f : 0.01f;
                float[] p = P0.clone();
                float[] m = M0.clone();
                float[] v = V0.clone();
                float[] vMax = vMax0.clone();
                Simd.amsgradUpdate(impl.optimizers(), 3, p, 0, G, 0, m, 0, v, 0, vMax, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, stepSize, bc2,
                        1e-8f, decay, l2);
                for (int i = 0; i < 3; i++) {
                    double pi = P0[i] * (double) decay;
                    double d = G[i] + l2 * pi;
                    double mi = 0.9f * (double) M0[i] + (1 - 0.9f) * d;
                    double vi = 0.999f * (double) V0[i] + (1 - 0.999f) * d * d;
                    double mx = Math.max(vMax0[i], vi);
                    assertEquals(i == 0, mx == vMax0[i], "which of vMax and v is larger, element " + i);
                    assertKnown(mi, m[i], impl, "m" + i);
                    assertKnown(vi, v[i], impl, "v" + i);
                    assertKnown(mx, vMax[i], impl, "vMax" + i);
                    assertKnown(pi - stepSize * mi / (Math.sqrt(mx) / bc2 + 1e-8f), p[i], impl, "p" + i);
                }
            }
        }
    }

    private static void assertKnown(double expected, float actual, Kernels impl, String what) {
        assertEquals(expected, actual, KNOWN_ANSWER_TOL, impl.name() + ": " + what);
    }

    // ---- vector = scalar bit for bit -----------------------------------------------------------

    /** One kernel call on b[0] = p, b[1] = g and b[2..] = state buffers at offsets {@link #OFF}; step t from 1. */
    private interface Update {
        void run(Kernels impl, int n, float[][] b, int t);
    }

    @Test
    void sgdVectorEqualsScalar() {
        for (boolean momentum : new boolean[] {false, true}) {
            for (boolean nesterov : new boolean[] {false, true}) {
                if (nesterov && !momentum) {
                    continue;
                }
                for (float wd : new float[] {0f, 0.01f}) {
                    float damp = nesterov ? 0f : 0.3f;
                    assertAgree("sgd momentum=" + momentum + " nesterov=" + nesterov + " wd=" + wd, "s",
                            (impl, n, b, t) -> Simd.sgdUpdate(impl.optimizers(), n, b[0], OFF[0], b[1], OFF[1],
                                    momentum ? b[2] : null, OFF[2], 0.05f, wd, momentum ? 0.9f : 0f, damp, nesterov,
                                    t == 1));
                }
            }
        }
    }

    @Test
    void adagradVectorEqualsScalar() {
        assertAgree("adagrad", "n", (impl, n, b, t) -> Simd.adagradUpdate(impl.optimizers(), n, b[0], OFF[0], b[1],
                OFF[1], b[2], OFF[2], (float) (0.1 / (1 + (t - 1) * 0.01)), 0.01f, 1e-10f));
    }

    @Test
    void rmspropVectorEqualsScalar() {
        for (int variant = 0; variant < 4; variant++) {
            boolean centered = (variant & 1) != 0;
            boolean momentum = (variant & 2) != 0;
            assertAgree("rmsprop centered=" + centered + " momentum=" + momentum, "nss",
                    (impl, n, b, t) -> Simd.rmspropUpdate(impl.optimizers(), n, b[0], OFF[0], b[1], OFF[1], b[2],
                            OFF[2], centered ? b[3] : null, OFF[3], momentum ? b[4] : null, OFF[4], 0.01f, 0.99f, 1e-8f,
                            0.01f, momentum ? 0.9f : 0f));
        }
    }

    @Test
    void radamVectorEqualsScalar() {
        for (int variant = 0; variant < 4; variant++) {
            boolean rectified = (variant & 1) != 0;
            float decay = (variant & 2) != 0 ? 0.9999f : 1f;
            float l2 = (variant & 2) != 0 ? 0f : 0.01f;
            assertAgree("radam rectified=" + rectified + " decay=" + decay, "sn",
                    (impl, n, b, t) -> Simd.radamUpdate(impl.optimizers(), n, b[0], OFF[0], b[1], OFF[1], b[2],
                            OFF[2], b[3],
                            OFF[3], 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, rectified, (float) (1e-3 / (1 - Math.pow(0.9, t))) * 1.3f, 1e-8f,
                            decay, l2));
        }
    }

    @Test
    void adaBeliefVectorEqualsScalar() {
        for (float decay : new float[] {1f, 0.9999f}) {
            assertAgree("adabelief decay=" + decay, "sn",
                    (impl, n, b, t) -> Simd.adaBeliefUpdate(impl.optimizers(), n, b[0], OFF[0], b[1], OFF[1], b[2],
                            OFF[2], b[3], OFF[3], 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, (float) (1e-3 / (1 - Math.pow(0.9, t))),
                            (float) Math.sqrt(1 - Math.pow(0.999, t)), 1e-16f, decay));
        }
    }

    @Test
    void amsgradVectorEqualsScalar() {
        for (boolean decoupled : new boolean[] {false, true}) {
            float decay = decoupled ? 0.9999f : 1f;
            float l2 = decoupled ? 0f : 0.01f;
            assertAgree("amsgrad decoupled=" + decoupled, "snn",
                    (impl, n, b, t) -> Simd.amsgradUpdate(impl.optimizers(), n, b[0], OFF[0], b[1], OFF[1], b[2],
                            OFF[2], b[3], OFF[3], b[4], OFF[4], 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, (float) (1e-3 / (1 - Math.pow(0.9, t))),
                            (float) Math.sqrt(1 - Math.pow(0.999, t)), 1e-8f, decay, l2));
        }
    }

    /**
     * Runs {@link #STEPS} steps of u on the scalar and the vector kernels from the same random start (a
     * new gradient each step, with signed zeros in it) and compares every buffer's raw bits after each
     * step, and that nothing outside [off, off + n) was written. state: one letter per state buffer,
     * {@code s} signed or {@code n} non-negative (second moments, sums).
     */
    private static void assertAgree(String name, String state, Update u) {
        Kernels vector = Kernels.vector();
        Kernels scalar = Kernels.scalar();
        Random r = new Random(name.hashCode());
        for (int n : SIZES) {
            int count = 2 + state.length();
            float[][] a = new float[count][];
            for (int j = 0; j < count; j++) {
                a[j] = new float[OFF[j] + n + PAD];
                for (int i = 0; i < a[j].length; i++) {
                    boolean nonNegative = j >= 2 && state.charAt(j - 2) == 'n';
                    a[j][i] = nonNegative ? r.nextFloat() * 1e-3f : (float) r.nextGaussian() * (j == 0 ? 1f : 0.01f);
                }
            }
            float[][] start = deepCopy(a);
            float[][] b = deepCopy(a);
            for (int t = 1; t <= STEPS; t++) {
                for (int i = 0; i < n; i++) {
                    a[1][OFF[1] + i] = (float) r.nextGaussian() * 0.1f;
                }
                if (n > 0) {
                    a[1][OFF[1]] = t == 2 ? -0f : a[1][OFF[1]];
                    a[1][OFF[1] + n - 1] = t == 3 ? 0f : a[1][OFF[1] + n - 1];
                }
                System.arraycopy(a[1], 0, b[1], 0, a[1].length);
                u.run(scalar, n, a, t);
                u.run(vector, n, b, t);
                for (int j = 0; j < count; j++) {
                    assertSameBits(a[j], b[j], false, name + ", n=" + n + ", step " + t + ", buffer " + j);
                    for (int i = 0; i < a[j].length; i++) {
                        if ((i < OFF[j] || i >= OFF[j] + n) && j != 1
                                && Float.floatToRawIntBits(a[j][i]) != Float.floatToRawIntBits(start[j][i])) {
                            fail(name + ", n=" + n + ": buffer " + j + " written outside its range at " + i);
                        }
                    }
                }
            }
        }
    }

    private static float[][] deepCopy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int j = 0; j < a.length; j++) {
            c[j] = a[j].clone();
        }
        return c;
    }

    /**
     * Equal raw bits; with canonicalNaN, any two NaNs count as equal (Java does not specify which NaN
     * payload arithmetic produces, so only NaN-ness is compared where NaNs are expected).
     */
    private static void assertSameBits(float[] expected, float[] actual, boolean canonicalNaN, String what) {
        for (int i = 0; i < expected.length; i++) {
            int e = canonicalNaN ? Float.floatToIntBits(expected[i]) : Float.floatToRawIntBits(expected[i]);
            int v = canonicalNaN ? Float.floatToIntBits(actual[i]) : Float.floatToRawIntBits(actual[i]);
            if (e != v) {
                fail(what + ": element " + i + " scalar " + expected[i] + " vector " + actual[i]);
            }
        }
    }

    // ---- NaN through the max -------------------------------------------------------------------

    /**
     * Math.max(0, NaN) and Math.max(NaN, v) are NaN; a compare-and-select max would return the other
     * operand and leave p finite. NaNs sit in the state at positions in the vector body and in the
     * masked tail, plus a NaN gradient. The vector kernel runs many times, so that C2 (whose MAX
     * intrinsic must keep Java's semantics) has usually compiled it before the last comparisons.
     */
    @Test
    void nanInTheMaxPropagatesLikeMathMax() {
        Kernels vector = Kernels.vector();
        Kernels scalar = Kernels.scalar();
        int n = 4099;
        int[] nanState = {5, n - 2};
        int nanGrad = 17;
        int clipped = 40; // centered RMSprop: v - a² = -inf, clipped to 0 (a NaN-blind max would agree here)
        Random r = new Random(3);
        float[] p0 = new float[n];
        float[] g = new float[n];
        float[] pos = new float[n];
        float[] sgn = new float[n];
        for (int i = 0; i < n; i++) {
            p0[i] = (float) r.nextGaussian();
            g[i] = (float) r.nextGaussian() * 0.1f;
            pos[i] = r.nextFloat() * 1e-3f;
            sgn[i] = (float) r.nextGaussian() * 0.01f;
        }
        g[nanGrad] = Float.NaN;
        float[] sqNan = pos.clone();
        float[] vMaxNan = pos.clone();
        for (int i : nanState) {
            sqNan[i] = Float.NaN;
            vMaxNan[i] = Float.NaN;
        }
        float[] gaBig = sgn.clone();
        gaBig[clipped] = 1e30f;
        for (int rep = 0; rep < 500; rep++) {
            boolean check = rep % 100 == 0 || rep == 499;
            // centered RMSprop with momentum
            float[] ps = p0.clone();
            float[] pv = p0.clone();
            float[][] st = {sqNan.clone(), gaBig.clone(), sgn.clone()};
            float[][] vt = {sqNan.clone(), gaBig.clone(), sgn.clone()};
            if (check) {
                Simd.rmspropUpdate(scalar.optimizers(), n, ps, 0, g, 0, st[0], 0, st[1], 0, st[2], 0, 0.01f, 0.99f,
                        1e-8f, 0f, 0.9f);
            }
            Simd.rmspropUpdate(vector.optimizers(), n, pv, 0, g, 0, vt[0], 0, vt[1], 0, vt[2], 0, 0.01f, 0.99f, 1e-8f,
                    0f, 0.9f);
            if (check) {
                for (int i : new int[] {nanState[0], nanState[1], nanGrad}) {
                    assertTrue(Float.isNaN(ps[i]), "rmsprop scalar p" + i + " = " + ps[i]);
                }
                assertTrue(Float.isFinite(ps[clipped]), "rmsprop clipped p = " + ps[clipped]);
                assertSameBits(ps, pv, true, "rmsprop p, rep " + rep);
                for (int j = 0; j < 3; j++) {
                    assertSameBits(st[j], vt[j], true, "rmsprop state " + j + ", rep " + rep);
                }
            }
            // AMSGrad
            ps = p0.clone();
            pv = p0.clone();
            st = new float[][] {sgn.clone(), pos.clone(), vMaxNan.clone()};
            vt = new float[][] {sgn.clone(), pos.clone(), vMaxNan.clone()};
            if (check) {
                Simd.amsgradUpdate(scalar.optimizers(), n, ps, 0, g, 0, st[0], 0, st[1], 0, st[2], 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f,
                        1e-3f, 0.5f, 1e-8f, 1f, 0f);
            }
            Simd.amsgradUpdate(vector.optimizers(), n, pv, 0, g, 0, vt[0], 0, vt[1], 0, vt[2], 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1e-3f,
                    0.5f, 1e-8f, 1f, 0f);
            if (check) {
                for (int i : new int[] {nanState[0], nanState[1], nanGrad}) {
                    assertTrue(Float.isNaN(ps[i]), "amsgrad scalar p" + i + " = " + ps[i]);
                }
                assertSameBits(ps, pv, true, "amsgrad p, rep " + rep);
                for (int j = 0; j < 3; j++) {
                    assertSameBits(st[j], vt[j], true, "amsgrad state " + j + ", rep " + rep);
                }
            }
        }
    }

    // ---- argument checks -----------------------------------------------------------------------

    @Test
    void badArgumentsAreRejectedNamingTheArgument() {
        float[] a = new float[4];
        float[] b = new float[4];
        float[] c = new float[4];
        float[] d = new float[4];
        float[] e = new float[4];
        float[] shortArr = new float[3];
        // sizes, offsets, nulls
        expect("n must be >= 0, was -1", () -> Simd.sgdUpdate(-1, a, 0, b, 0, null, 0, 0.1f, 0f, 0f, 0f, false,
                false));
        expect("buf is too short: 4 elements at offset 1 need length >= 5, was 4",
                () -> Simd.sgdUpdate(4, a, 0, b, 0, c, 1, 0.1f, 0f, 0.9f, 0f, false, false));
        expect("sum offset must be >= 0, was -1",
                () -> Simd.adagradUpdate(2, a, 0, b, 0, c, -1, 0.1f, 0f, 1e-10f));
        expect("squareAvg must not be null",
                () -> Simd.rmspropUpdate(2, a, 0, b, 0, null, 0, null, 0, null, 0, 0.01f, 0.99f, 1e-8f, 0f, 0f));
        expect("gradAvg is too short: 4 elements at offset 0 need length >= 4, was 3",
                () -> Simd.rmspropUpdate(4, a, 0, b, 0, c, 0, shortArr, 0, null, 0, 0.01f, 0.99f, 1e-8f, 0f, 0f));
        expect("vMax must not be null", () -> Simd.amsgradUpdate(2, a, 0, b, 0, c, 0, d, 0, null, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f,
                1e-3f, 1f, 1e-8f, 1f, 0f));
        expect("p is too short: 4 elements at offset 1 need length >= 5, was 4", () -> Simd.radamUpdate(4, a, 1, b, 0,
                c, 0, d, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, true, 1e-3f, 1e-8f, 1f, 0f));
        expect("s is too short: 4 elements at offset 0 need length >= 4, was 3", () -> Simd.adaBeliefUpdate(4, a, 0,
                b, 0, c, 0, shortArr, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1e-3f, 1f, 1e-16f, 1f));
        // overlaps
        expect("p must not overlap g: [0, 2) and [1, 3) of the same array",
                () -> Simd.sgdUpdate(2, a, 0, a, 1, null, 0, 0.1f, 0f, 0f, 0f, false, false));
        expect("buf must not overlap g: [0, 2) and [1, 3) of the same array",
                () -> Simd.sgdUpdate(2, a, 0, b, 1, b, 0, 0.1f, 0f, 0.9f, 0f, false, false));
        expect("p must not overlap sum: [0, 2) and [0, 2) of the same array",
                () -> Simd.adagradUpdate(2, a, 0, b, 0, a, 0, 0.1f, 0f, 1e-10f));
        expect("gradAvg must not overlap buf: [0, 2) and [1, 3) of the same array",
                () -> Simd.rmspropUpdate(2, a, 0, b, 0, c, 0, d, 0, d, 1, 0.01f, 0.99f, 1e-8f, 0f, 0.9f));
        expect("m must not overlap v: [0, 2) and [1, 3) of the same array", () -> Simd.radamUpdate(2, a, 0, b, 0,
                c, 0, c, 1, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, true, 1e-3f, 1e-8f, 1f, 0f));
        expect("s must not overlap g: [0, 2) and [0, 2) of the same array", () -> Simd.adaBeliefUpdate(2, a, 0,
                b, 0, c, 0, b, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1e-3f, 1f, 1e-16f, 1f));
        float[] big = new float[8];
        expect("v must not overlap vMax: [2, 4) and [3, 5) of the same array", () -> Simd.amsgradUpdate(2, a, 0, b,
                0, c, 0, big, 2, big, 3, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1e-3f, 1f, 1e-8f, 1f, 0f));
        // hyper-parameters
        expect("momentum must be >= 0, was -1.0",
                () -> Simd.sgdUpdate(2, a, 0, b, 0, c, 0, 0.1f, 0f, -1f, 0f, false, false));
        expect("momentum must be 0 when buf is null (no momentum buffer), was 0.9",
                () -> Simd.sgdUpdate(2, a, 0, b, 0, null, 0, 0.1f, 0f, 0.9f, 0f, false, false));
        expect("nesterov needs a momentum buffer, but buf is null",
                () -> Simd.sgdUpdate(2, a, 0, b, 0, null, 0, 0.1f, 0f, 0f, 0f, true, false));
        expect("lr must be finite, was NaN",
                () -> Simd.sgdUpdate(2, a, 0, b, 0, null, 0, Float.NaN, 0f, 0f, 0f, false, false));
        expect("dampening must be finite, was Infinity",
                () -> Simd.sgdUpdate(2, a, 0, b, 0, c, 0, 0.1f, 0f, 0.9f, Float.POSITIVE_INFINITY, false, false));
        expect("eps must be >= 0, was -1.0", () -> Simd.adagradUpdate(2, a, 0, b, 0, c, 0, 0.1f, 0f, -1f));
        expect("clr must be finite, was Infinity",
                () -> Simd.adagradUpdate(2, a, 0, b, 0, c, 0, Float.POSITIVE_INFINITY, 0f, 1e-10f));
        expect("alpha must be in [0, 1], was 1.5",
                () -> Simd.rmspropUpdate(2, a, 0, b, 0, c, 0, null, 0, null, 0, 0.01f, 1.5f, 1e-8f, 0f, 0f));
        expect("momentum must be 0 when buf is null (no momentum buffer), was 0.5",
                () -> Simd.rmspropUpdate(2, a, 0, b, 0, c, 0, d, 0, null, 0, 0.01f, 0.99f, 1e-8f, 0f, 0.5f));
        expect("weightDecay must be finite, was NaN",
                () -> Simd.rmspropUpdate(2, a, 0, b, 0, c, 0, d, 0, e, 0, 0.01f, 0.99f, 1e-8f, Float.NaN, 0.5f));
        expect("beta2 must be in [0, 1), was 1.0", () -> Simd.radamUpdate(2, a, 0, b, 0, c, 0, d, 0, 0.9f, 1f, 1 - 0.9f, 1 - 1f, true,
                1e-3f, 1e-8f, 1f, 0f));
        expect("eps must be >= 0, was -1.0E-8", () -> Simd.radamUpdate(2, a, 0, b, 0, c, 0, d, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, true,
                1e-3f, -1e-8f, 1f, 0f));
        expect("beta1 must be in [0, 1), was -0.1", () -> Simd.adaBeliefUpdate(2, a, 0, b, 0, c, 0, d, 0, -0.1f,
                0.999f, 1 - (-0.1f), 1 - 0.999f, 1e-3f, 1f, 1e-16f, 1f));
        expect("bc2Sqrt must be in (0, 1], was 1.5", () -> Simd.adaBeliefUpdate(2, a, 0, b, 0, c, 0, d, 0, 0.9f,
                0.999f, 1 - 0.9f, 1 - 0.999f, 1e-3f, 1.5f, 1e-16f, 1f));
        expect("decay must be finite, was NaN", () -> Simd.adaBeliefUpdate(2, a, 0, b, 0, c, 0, d, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f,
                1e-3f, 1f, 1e-16f, Float.NaN));
        expect("eps must be >= 0, was -1.0", () -> Simd.amsgradUpdate(2, a, 0, b, 0, c, 0, d, 0, e, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f,
                1e-3f, 1f, -1f, 1f, 0f));
        expect("stepSize must be finite, was Infinity", () -> Simd.amsgradUpdate(2, a, 0, b, 0, c, 0, d, 0, e, 0,
                0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, Float.POSITIVE_INFINITY, 1f, 1e-8f, 1f, 0f));
    }

    private static void expect(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
