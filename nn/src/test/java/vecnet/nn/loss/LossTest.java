package vecnet.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.autograd.TestTensors.uniform;

import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import vecnet.core.Tensor;
import vecnet.nn.autograd.GradCheck;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** Every loss: hand-computed value and gradient, extreme inputs, gradient check, target validation. */
class LossTest {
    static final float TOL = 1e-5f;
    static final double EPS = 1e-2;
    /** Max relative gradient error: observed <= 4e-4 (float32 forward, step 1e-2); a 1 % error fails. */
    static final double GRAD_TOL = 2e-3;

    static Tensor t(float... v) {
        return Tensor.of(v, v.length);
    }

    /** Runs value + backward and checks both. */
    static void known(Function<Var, Var> loss, float[] input, double value, float[] grad) {
        Var x = Var.parameter(t(input));
        Var l = loss.apply(x);
        assertEquals(value, l.item(), TOL * Math.max(1, Math.abs(value)));
        l.backward();
        assertArrayEquals(grad, x.grad().toArray(), TOL);
    }

    static void gradCheck(String what, Function<Var, Var> loss, Tensor input) {
        double err = GradCheck.maxError(v -> loss.apply(v[0]), EPS, 9, input);
        assertTrue(err < GRAD_TOL, what + ": gradient error " + err);
    }

    static void finite(Var l, Var x) {
        assertTrue(Float.isFinite(l.item()), "loss " + l.item());
        l.backward();
        for (float g : x.grad().toArray()) {
            assertTrue(Float.isFinite(g), "gradient " + g);
        }
    }

    static void rejects(Executable e, String... fragments) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String f : fragments) {
            assertTrue(ex.getMessage().contains(f), ex.getMessage() + " should mention " + f);
        }
    }

    @Test
    void mse() {
        // (0² + 2² + 2²)/3; d/dx = 2(x − t)/3
        known(x -> new MSELoss().forward(x, t(1, 0, 5)), new float[] {1, 2, 3}, 8.0 / 3, new float[] {0, 4f / 3, -4f / 3});
        gradCheck("mse", x -> new MSELoss(Reduction.NONE).forward(x, uniform(1, -1, 1, 3, 4)), uniform(2, -1, 1, 3, 4));
        rejects(() -> new MSELoss().forward(Var.constant(Tensor.zeros(3)), Tensor.zeros(4)), "target", "(3,)", "(4,)");
    }

    @Test
    void mae() {
        known(x -> new L1Loss().forward(x, t(1, 0, 5)), new float[] {1, 2, 3}, 4.0 / 3, new float[] {0, 1f / 3, -1f / 3});
        gradCheck("mae", x -> new L1Loss(Reduction.SUM).forward(x, Tensor.zeros(3, 4)),
                vecnet.nn.autograd.TestTensors.awayFromZero(3, 0.05, 1, 3, 4));
    }

    @Test
    void huber() {
        // d = 0.5: ½·0.25; d = −2: 1·(2 − ½)
        known(x -> new HuberLoss(1, Reduction.SUM).forward(x, t(0, 0)), new float[] {0.5f, -2}, 1.625, new float[] {0.5f, -1});
        // δ = 2, d = 3: 2·(3 − 1) = 4, gradient δ·sign = 2
        known(x -> new HuberLoss(2, Reduction.SUM).forward(x, t(1)), new float[] {4}, 4, new float[] {2});
        gradCheck("huber", x -> new HuberLoss().forward(x, Tensor.zeros(2, 5)), vecnet.nn.autograd.TestTensors.awayFromZero(4, 0.05, 0.9, 2, 5));
    }

    @Test
    void logCosh() {
        // log cosh 1 = 0.4337808; log cosh 100 = 100 − ln 2 (no overflow); gradient tanh(d)
        known(x -> new LogCoshLoss(Reduction.SUM).forward(x, Tensor.zeros(3)), new float[] {0, 1, 100},
                Math.log(Math.cosh(1)) + 100 - Math.log(2), new float[] {0, (float) Math.tanh(1), 1});
        gradCheck("logcosh", x -> new LogCoshLoss().forward(x, uniform(5, -2, 2, 4, 2)), uniform(6, -2, 2, 4, 2));
    }

    @Test
    void bce() {
        // −log 0.8; p = t = 0 and p = t = 1 cost nothing; d/dp = (p − t)/(p(1 − p)) = −1.25 at (0.8, 1)
        known(x -> new BCELoss(Reduction.SUM).forward(x, t(1, 0, 1)), new float[] {0.8f, 0, 1},
                -Math.log(0.8), new float[] {-1.25f, 0, 0});
        Var x = Var.parameter(t(0, 1));
        Var l = new BCELoss(Reduction.SUM).forward(x, t(1, 0)); // the worst possible: log clamped at −100
        assertEquals(200f, l.item(), TOL);
        finite(l, x);
        gradCheck("bce", v -> new BCELoss().forward(v, uniform(7, 0, 1, 3, 3)), uniform(8, 0.1, 0.9, 3, 3));
        rejects(() -> new BCELoss().forward(Var.constant(t(0.5f)), t(1.5f)), "target", "[0.0, 1.0]", "1.5");
        rejects(() -> new BCELoss().forward(Var.constant(t(-0.1f)), t(1)), "input", "-0.1");
    }

    @Test
    void bceWithLogits() {
        // x = 0: ln 2, gradient σ(0) − 1; x = 100, t = 0: 100, gradient 1; x = −100, t = 0: ~0
        known(x -> new BCEWithLogitsLoss(Reduction.SUM).forward(x, t(1, 0, 0)), new float[] {0, 100, -100},
                Math.log(2) + 100, new float[] {-0.5f, 1, 0});
        Var x = Var.parameter(t(1e30f, -1e30f));
        finite(new BCEWithLogitsLoss().forward(x, t(0, 1)), x);
        gradCheck("bceLogits", v -> new BCEWithLogitsLoss().forward(v, uniform(9, 0, 1, 2, 4)), uniform(10, -4, 4, 2, 4));
    }

    @Test
    void crossEntropyWithProbabilities() {
        // uniform logits, one-hot: ln 3, gradient softmax − t
        Var z = Var.parameter(Tensor.zeros(1, 3));
        Var l = new CrossEntropyLoss().forward(z, Tensor.of(new float[] {1, 0, 0}, 1, 3));
        assertEquals(Math.log(3), l.item(), TOL);
        l.backward();
        assertArrayEquals(new float[] {1f / 3 - 1, 1f / 3, 1f / 3}, z.grad().toArray(), TOL);
        // soft target (½, ½, 0) on logits (1, 2, 3): lse − ½·1 − ½·2
        Var x = Var.constant(Tensor.of(new float[] {1, 2, 3}, 1, 3));
        double lse = 3 + Math.log(1 + Math.exp(-1) + Math.exp(-2));
        assertEquals(lse - 1.5, new CrossEntropyLoss().forward(x, Tensor.of(new float[] {0.5f, 0.5f, 0}, 1, 3)).item(), TOL);
        Var big = Var.parameter(Tensor.of(new float[] {1000, -1000}, 1, 2));
        Var lb = new CrossEntropyLoss().forward(big, Tensor.of(new float[] {0, 1}, 1, 2));
        assertEquals(2000f, lb.item(), 1e-2f);
        finite(lb, big);
        gradCheck("cce", v -> new CrossEntropyLoss(Reduction.NONE).forward(v, Tensor.of(new float[] {0.1f, 0.2f, 0.7f, 0, 1, 0}, 2, 3)),
                uniform(11, -3, 3, 2, 3));
        rejects(() -> new CrossEntropyLoss().forward(x, Tensor.of(new float[] {2, 0, 0}, 1, 3)), "target", "element 0", "2.0");
        rejects(() -> new CrossEntropyLoss().forward(x, Tensor.of(new float[] {1, 0}, 1, 2)), "target", "(1, 3)", "(1, 2)");
    }

    @Test
    void crossEntropyWithClassIndices() {
        // logits (2, 1, 0), label 0: lse − 2
        Var x = Var.parameter(Tensor.of(new float[] {2, 1, 0, 0, 0, 0}, 2, 3));
        Var l = new CrossEntropyLoss(Reduction.SUM).forward(x, new int[] {0, 2});
        assertEquals(Math.log(1 + Math.exp(-1) + Math.exp(-2)) + Math.log(3), l.item(), TOL);
        Var big = Var.parameter(Tensor.of(new float[] {3e4f, 0, -3e4f}, 1, 3));
        finite(new CrossEntropyLoss().forward(big, new int[] {2}), big);
        gradCheck("scce", v -> new CrossEntropyLoss().forward(v, new int[] {1, 0, 3}), uniform(12, -3, 3, 3, 4));
        gradCheck("scce floats", v -> new CrossEntropyLoss().forward(v, t(1, 0, 3)), uniform(12, -3, 3, 3, 4));
        rejects(() -> new CrossEntropyLoss().forward(x, new int[] {0, 3}), "labels[1]", "[0, 3)", "3");
        rejects(() -> new CrossEntropyLoss().forward(x, new int[] {0}), "labels", "2", "1");
    }

    /** Indices as floats, as ints and as one-hot probabilities are one loss: same values, same gradients. */
    @Test
    void crossEntropyTargetKindIsChosenByShape() {
        Tensor logits = uniform(30, -3, 3, 4, 3);
        float[] oneHot = {0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0};
        for (Reduction r : Reduction.values()) {
            CrossEntropyLoss ce = new CrossEntropyLoss(r);
            Var a = Var.parameter(logits.copy());
            Var b = Var.parameter(logits.copy());
            Var c = Var.parameter(logits.copy());
            Var la = ce.forward(a, t(1, 2, 0, 1));
            Var lb = ce.forward(b, new int[] {1, 2, 0, 1});
            Var lc = ce.forward(c, Tensor.of(oneHot, 4, 3));
            assertArrayEquals(lb.value().toArray(), la.value().toArray(), 0f, r.toString());
            assertArrayEquals(lb.value().toArray(), lc.value().toArray(), TOL, r.toString());
            Ops.sum(la).backward();
            Ops.sum(lb).backward();
            Ops.sum(lc).backward();
            assertArrayEquals(b.grad().toArray(), a.grad().toArray(), 0f, r.toString());
            assertArrayEquals(b.grad().toArray(), c.grad().toArray(), TOL, r.toString());
        }
        // N = C: a (2, 2) target is probabilities, a (2) target indices. Logits (0, ln 3) have softmax (¼, ¾)
        Var x = Var.constant(Tensor.of(new float[] {0, (float) Math.log(3), 0, 0}, 2, 2));
        double soft = -(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75)) + Math.log(2);
        assertEquals(soft, new CrossEntropyLoss(Reduction.SUM).forward(x, Tensor.of(new float[] {0.5f, 0.5f, 1, 0}, 2, 2)).item(), TOL);
        assertEquals(-Math.log(0.75) + Math.log(2), new CrossEntropyLoss(Reduction.SUM).forward(x, t(1, 0)).item(), TOL);
    }

    @Test
    void crossEntropyRejectsBadTargetsNamingElementAndShapes() {
        Var x = Var.constant(Tensor.zeros(2, 3));
        CrossEntropyLoss ce = new CrossEntropyLoss();
        rejects(() -> ce.forward(x, t(0, 2.5f)), "target[1]", "integer in [0, 3)", "2.5");
        rejects(() -> ce.forward(x, t(-1, 0)), "target[0]", "-1.0");
        rejects(() -> ce.forward(x, t(1, 3)), "target[1]", "[0, 3)", "3.0");
        rejects(() -> ce.forward(x, t(Float.NaN, 0)), "target[0]", "NaN");
        rejects(() -> ce.forward(x, Tensor.of(new float[] {1, 0, 0, 0.5f, 0.5f, 1.5f}, 2, 3)), "target", "element 5", "1.5");
        rejects(() -> ce.forward(x, Tensor.zeros(2, 1)), "(2, 3)", "(2,)", "(2, 1)");
        rejects(() -> ce.forward(x, Tensor.zeros(3)), "(2, 3)", "(2,)", "(3,)");
        rejects(() -> ce.forward(x, Tensor.zeros(2, 3, 1)), "(2, 3)", "(2, 3, 1)");
        rejects(() -> ce.forward(x, (Tensor) null), "target");
        rejects(() -> ce.forward(Var.constant(Tensor.zeros(3)), t(0)), "input", "(N, C)", "(3,)");
        rejects(() -> ce.forward(null, t(0)), "input");
        rejects(() -> new CrossEntropyLoss(1.5, Reduction.MEAN), "labelSmoothing", "1.5");
        rejects(() -> new CrossEntropyLoss(0.1, Reduction.MEAN).forward(x, new int[] {0, 3}), "labels[1]", "3");
    }

    /** Class indices to ints reuse one array per thread: no new array per call in the steady state. */
    @Test
    void floatLabelsConvertIntoAReusedArray() {
        int[] first = ClassIndices.toInts(t(1, 0, 2), 3);
        assertArrayEquals(new int[] {1, 0, 2}, first);
        int[] second = ClassIndices.toInts(t(2, 2, 0), 3);
        assertTrue(first == second, "the same array again");
        assertArrayEquals(new int[] {2, 2, 0}, second);
    }

    @Test
    void crossEntropyLabelSmoothing() {
        // class indices: (1 − ε)·(−log p_y) + ε·mean_j(−log p_j), per sample, as PyTorch
        double eps = 0.2;
        Tensor logits = uniform(31, -2, 2, 3, 4);
        int[] labels = {3, 0, 1};
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                m = Math.max(m, logits.get(i, j));
            }
            double s = 0;
            for (int j = 0; j < 4; j++) {
                s += Math.exp(logits.get(i, j) - m);
            }
            double lse = m + Math.log(s);
            double uniform = 0;
            for (int j = 0; j < 4; j++) {
                uniform += (lse - logits.get(i, j)) / 4;
            }
            expected += ((1 - eps) * (lse - logits.get(i, labels[i])) + eps * uniform) / 3;
        }
        CrossEntropyLoss smooth = new CrossEntropyLoss(eps, Reduction.MEAN);
        assertEquals(expected, smooth.forward(Var.constant(logits), labels).item(), TOL);
        assertEquals(expected, smooth.forward(Var.constant(logits), t(3, 0, 1)).item(), TOL);
        gradCheck("smoothed", v -> smooth.forward(v, new int[] {3, 0, 1}), logits);
        // probabilities: the target becomes (1 − ε)·t + ε/C
        Tensor p = Tensor.of(new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0, 1, 0.2f, 0.2f, 0.2f, 0.4f}, 3, 4);
        Tensor q = Tensor.zeros(3, 4);
        for (int i = 0; i < 12; i++) {
            q.data()[i] = (float) ((1 - eps) * p.data()[i] + eps / 4);
        }
        assertEquals(new CrossEntropyLoss().forward(Var.constant(logits), q).item(),
                smooth.forward(Var.constant(logits), p).item(), TOL);
        // ε = 0 is the plain loss
        assertEquals(new CrossEntropyLoss().forward(Var.constant(logits), labels).item(),
                new CrossEntropyLoss(0, Reduction.MEAN).forward(Var.constant(logits), labels).item(), 0f);
    }

    @Test
    void nllLossOnLogProbabilities() {
        // on probabilities via log: −log 0.7 for p = (0.1, 0.2, 0.7), class 2; ∂/∂p_j = −[j = y]/p_j
        Var p = Var.parameter(Tensor.of(new float[] {0.1f, 0.2f, 0.7f}, 1, 3));
        Var lp = new NLLLoss().forward(Ops.log(p), t(2));
        assertEquals(-Math.log(0.7), lp.item(), TOL);
        lp.backward();
        assertArrayEquals(new float[] {0, 0, -1 / 0.7f}, p.grad().toArray(), TOL);
        // log-probability −∞ at another class costs nothing and gets no gradient (−t·x would be NaN there)
        Var zero = Var.parameter(Tensor.of(new float[] {0, Float.NEGATIVE_INFINITY}, 1, 2));
        Var lz = new NLLLoss(Reduction.SUM).forward(zero, new int[] {0});
        assertEquals(0f, lz.item(), TOL);
        finite(lz, zero);
        assertArrayEquals(new float[] {-1, 0}, zero.grad().toArray(), 0f);
        // NLL of log-softmax is cross-entropy, extreme logits included
        Tensor logits = Tensor.of(new float[] {1000, -1000, 0, 2, 1, -1}, 2, 3);
        for (Reduction r : Reduction.values()) {
            Var a = Var.parameter(logits.copy());
            Var b = Var.parameter(logits.copy());
            Var la = new NLLLoss(r).forward(Ops.logSoftmax(a), t(1, 0));
            Var lb = new CrossEntropyLoss(r).forward(b, new int[] {1, 0});
            assertArrayEquals(lb.value().toArray(), la.value().toArray(), 1e-2f, r.toString());
            Ops.sum(la).backward();
            Ops.sum(lb).backward();
            assertArrayEquals(b.grad().toArray(), a.grad().toArray(), TOL, r.toString());
        }
        gradCheck("nll", v -> new NLLLoss(Reduction.NONE).forward(v, t(0, 2)), uniform(21, -3, 0, 2, 3));
        gradCheck("nll probs", v -> new NLLLoss().forward(Ops.log(v), new int[] {2, 1}), uniform(21, 0.2, 0.9, 2, 3));
        Var x = Var.constant(Tensor.zeros(2, 3));
        rejects(() -> new NLLLoss().forward(x, Tensor.zeros(2, 3)), "class indices", "(2,)", "(2, 3)");
        rejects(() -> new NLLLoss().forward(x, t(0, 1.5f)), "target[1]", "1.5");
        rejects(() -> new NLLLoss().forward(x, new int[] {0, -1}), "labels[1]", "-1");
        rejects(() -> new NLLLoss().forward(x, new int[] {0}), "labels", "2", "1");
    }

    @Test
    void hinge() {
        // max(0, 1 − t·x): 0.5, 0, 0.7; gradient −t where the margin is violated
        known(x -> new HingeLoss(Reduction.SUM).forward(x, t(1, 1, -1)), new float[] {0.5f, 2, -0.3f}, 1.2,
                new float[] {-1, 0, 1});
        gradCheck("hinge", v -> new HingeLoss().forward(v, t(1, -1, 1, -1)), t(0.3f, 0.2f, 1.5f, -2f));
        rejects(() -> new HingeLoss().forward(Var.constant(t(0.5f)), t(0)), "target", "-1.0 or 1.0", "0.0");
    }

    @Test
    void klDivergence() {
        // input log q with q = (½, ½), target p = (¼, ¾): Σ p·(log p − log q); gradient −p
        float lh = (float) Math.log(0.5);
        double expected = 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5);
        known(x -> new KLDivLoss(Reduction.SUM).forward(x, t(0.25f, 0.75f)), new float[] {lh, lh}, expected,
                new float[] {-0.25f, -0.75f});
        Var x = Var.parameter(t(-1e4f, 0));
        finite(new KLDivLoss().forward(x, t(0, 1)), x); // p = 0 contributes 0, not 0·log 0 = NaN
        gradCheck("kl", v -> new KLDivLoss().forward(v, uniform(13, 0, 1, 2, 3)), uniform(14, -3, 0, 2, 3));
        rejects(() -> new KLDivLoss().forward(Var.constant(t(0)), t(-0.5f)), "target", "-0.5");
        // batchmean: two samples of the case above, summed and divided by 2 (MEAN would divide by 4)
        Var pair = Var.parameter(Tensor.of(new float[] {lh, lh, lh, lh}, 2, 2));
        Var batchMean = new KLDivLoss(Reduction.BATCH_MEAN).forward(pair,
                Tensor.of(new float[] {0.25f, 0.75f, 0.25f, 0.75f}, 2, 2));
        assertEquals(expected, batchMean.value().data()[batchMean.value().offset()], 1e-6);
        gradCheck("kl batchmean", v -> new KLDivLoss(Reduction.BATCH_MEAN).forward(v, uniform(15, 0, 1, 3, 4)),
                uniform(16, -3, 0, 3, 4));
    }

    @Test
    void focal() {
        // x = 0, t = 1: p_t = ½, CE = ln 2, α_t = ¼ → ¼·¼·ln 2;
        // d/dx = α_t·((σ − t)(1 − p_t)^γ − CE·γ(1 − p_t)^(γ−1)(2t − 1)σ(1 − σ)) = ¼(−⅛ − ln2·¼)
        known(x -> new FocalLoss().forward(x, t(1)), new float[] {0}, 0.0625 * Math.log(2),
                new float[] {(float) (0.25 * (-0.125 - Math.log(2) * 0.25))});
        // γ = 0 without α is plain BCE with logits
        Tensor tg = uniform(15, 0, 1, 6);
        Tensor in = uniform(16, -3, 3, 6);
        assertEquals(new BCEWithLogitsLoss().forward(Var.constant(in), tg).item(),
                new FocalLoss(0, -1, Reduction.MEAN).forward(Var.constant(in), tg).item(), TOL);
        Var x = Var.parameter(t(80, -80, 0));
        finite(new FocalLoss().forward(x, t(1, 0, 1)), x);
        gradCheck("focal", v -> new FocalLoss(2, 0.25, Reduction.NONE).forward(v, t(1, 0, 1, 0.3f)), t(0.5f, -1, 2, -0.2f));
        gradCheck("focal γ=0.5", v -> new FocalLoss(0.5, 0.6, Reduction.SUM).forward(v, t(1, 0)), t(0.5f, -1));
    }

    @Test
    void dice() {
        // p = (1, 0, 1, 0), t = (1, 1, 0, 0), s = 1: dice = (2·1 + 1)/(2 + 2 + 1) = 0.6;
        // d loss/dp_i = −(2t_i·5 − 3)/25 → (−0.28, −0.28, 0.12, 0.12)
        Var p = Var.parameter(Tensor.of(new float[] {1, 0, 1, 0}, 1, 2, 2));
        Var l = new DiceLoss().forward(p, Tensor.of(new float[] {1, 1, 0, 0}, 1, 2, 2));
        assertEquals(0.4f, l.item(), TOL);
        l.backward();
        assertArrayEquals(new float[] {-0.28f, -0.28f, 0.12f, 0.12f}, p.grad().toArray(), TOL);
        Var empty = Var.parameter(Tensor.zeros(1, 4));
        assertEquals(0f, new DiceLoss().forward(empty, Tensor.zeros(1, 4)).item(), TOL); // empty masks agree
        gradCheck("dice", v -> new DiceLoss(1, Reduction.NONE).forward(v, uniform(17, 0, 1, 3, 5)), uniform(18, 0, 1, 3, 5));
    }

    @Test
    void contrastive() {
        // d = 5 (similar): 25; d = 0.5 (dissimilar, margin 1): 0.25; mean 12.625.
        // ∂/∂d: 2d = 10 and −2(margin − d) = −1, halved by the mean
        Var a = Var.parameter(Tensor.zeros(2, 2));
        Var b = Var.parameter(Tensor.of(new float[] {3, 4, 0.3f, 0.4f}, 2, 2));
        Var l = new ContrastiveLoss().forward(a, b, t(1, 0));
        assertEquals(12.625f, l.item(), TOL);
        l.backward();
        // ∂d/∂b = (b − a)/d
        assertArrayEquals(new float[] {5 * 0.6f, 5 * 0.8f, -0.5f * 0.6f, -0.5f * 0.8f}, b.grad().toArray(), TOL);
        Var same = Var.parameter(Tensor.of(new float[] {1, 2}, 1, 2));
        finite(new ContrastiveLoss().forward(same, Var.constant(Tensor.of(new float[] {1, 2}, 1, 2)), t(1)), same);
        gradCheck("contrastive", v -> new ContrastiveLoss(2, Reduction.SUM).forward(v, Var.constant(uniform(19, -1, 1, 4, 3)),
                t(1, 0, 1, 0)), uniform(20, -1, 1, 4, 3));
        // the same pairs as distances (5, 0.5): the loss's main form
        Var d = Var.parameter(t(5, 0.5f));
        Var ld = new ContrastiveLoss().forward(d, t(1, 0));
        assertEquals(12.625f, ld.item(), TOL);
        ld.backward();
        assertArrayEquals(new float[] {5, -0.5f}, d.grad().toArray(), TOL);
        rejects(() -> new ContrastiveLoss().forward(Var.constant(t(-1)), t(1)), "distances", "-1.0");
        rejects(() -> new ContrastiveLoss().forward(a, b, t(1, 2)), "labels", "2.0");
        rejects(() -> new ContrastiveLoss().forward(a, Var.constant(Tensor.zeros(2, 3)), t(1, 0)), "(2, 2)", "(2, 3)");
    }
}
