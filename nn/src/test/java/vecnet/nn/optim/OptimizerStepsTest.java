package vecnet.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * The first steps of every optimizer on L(w) = ½·Σ c_i·w_i², c = (1, 3), w0 = (1, −2), so ∇L = c ⊙ w,
 * against the update rule written out below in double precision.
 */
class OptimizerStepsTest {
    static final double[] C = {1, 3};
    static final double[] W0 = {1, -2};
    /** float32 updates against a double reference over a few steps. */
    static final float TOL = 2e-5f;

    static Var param() {
        return Var.parameter(Tensor.of(new float[] {(float) W0[0], (float) W0[1]}, 2));
    }

    static Var loss(Var w) {
        Var c = Var.constant(Tensor.of(new float[] {(float) C[0], (float) C[1]}, 2));
        return Ops.scale(Ops.sum(Ops.mul(c, Ops.mul(w, w))), 0.5);
    }

    /** Runs {@code steps} optimizer steps and compares w after each with the reference rule. */
    static void agree(Function<List<Var>, Optimizer> make, Rule rule, int steps) {
        Var w = param();
        Optimizer opt = make.apply(List.of(w));
        double[] ref = W0.clone();
        double[][] state = new double[4][2];
        for (int t = 1; t <= steps; t++) {
            opt.zeroGrad();
            loss(w).backward();
            opt.step();
            for (int i = 0; i < 2; i++) {
                ref[i] = rule.next(ref[i], C[i] * ref[i], t, state, i);
            }
            float[] got = w.value().toArray();
            assertArrayEquals(new float[] {(float) ref[0], (float) ref[1]}, got, TOL, "step " + t);
        }
    }

    static void rejects(Executable e, String... fragments) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String f : fragments) {
            assertTrue(ex.getMessage().contains(f), ex.getMessage() + " should mention " + f);
        }
    }

    /** One element's update: w, its gradient g, step t (from 1), and scratch state per element. */
    interface Rule {
        double next(double w, double g, int t, double[][] s, int i);
    }

    @Test
    void sgdPlainKnownNumbers() {
        Var w = param();
        SGD sgd = new SGD(List.of(w), 0.1);
        // w ← w − 0.1·c·w: (1, −2) → (0.9, −1.4) → (0.81, −0.98) → (0.729, −0.686)
        float[][] expected = {{0.9f, -1.4f}, {0.81f, -0.98f}, {0.729f, -0.686f}};
        for (float[] e : expected) {
            sgd.zeroGrad();
            loss(w).backward();
            sgd.step();
            assertArrayEquals(e, w.value().toArray(), 1e-6f);
        }
    }

    @Test
    void sgdMomentumDampeningWeightDecay() {
        // d = g + wd·w; b = d (t = 1) else μ·b + (1 − τ)·d; w ← w − lr·b
        agree(p -> new SGD(p, SGD.Options.defaults().lr(0.1).momentum(0.9).dampening(0.5).weightDecay(0.1)), (w, g, t, s, i) -> {
            double d = g + 0.1 * w;
            s[0][i] = t == 1 ? d : 0.9 * s[0][i] + 0.5 * d;
            return w - 0.1 * s[0][i];
        }, 3);
    }

    @Test
    void sgdNesterov() {
        // b = d (t = 1) else μ·b + d; w ← w − lr·(d + μ·b)
        agree(p -> new SGD(p, SGD.Options.defaults().lr(0.05).momentum(0.9).nesterov(true)), (w, g, t, s, i) -> {
            s[0][i] = t == 1 ? g : 0.9 * s[0][i] + g;
            return w - 0.05 * (g + 0.9 * s[0][i]);
        }, 3);
    }

    @Test
    void adagrad() {
        // clr = lr/(1 + (t − 1)·decay); G ← G + g²; w ← w − clr·g/(√G + ε)
        agree(p -> new Adagrad(p, Adagrad.Options.defaults().lr(0.1).lrDecay(0.01)
                .initialAccumulatorValue(0.1).eps(1e-10)), (w, g, t, s, i) -> {
            if (t == 1) {
                s[0][i] = 0.1; // initial accumulator value
            }
            s[0][i] += g * g;
            double clr = 0.1 / (1 + (t - 1) * 0.01);
            return w - clr * g / (Math.sqrt(s[0][i]) + 1e-10);
        }, 3);
    }

    @Test
    void rmsprop() {
        // v ← α·v + (1 − α)·g²; w ← w − lr·g/(√v + ε)
        agree(p -> new RMSprop(p, 0.01), (w, g, t, s, i) -> {
            s[0][i] = 0.99 * s[0][i] + 0.01 * g * g;
            return w - 0.01 * g / (Math.sqrt(s[0][i]) + 1e-8);
        }, 3);
    }

    @Test
    void rmspropCenteredWithMomentum() {
        // v as above, ḡ ← α·ḡ + (1 − α)·g; b ← μ·b + g/(√(v − ḡ²) + ε); w ← w − lr·b
        agree(p -> new RMSprop(p, RMSprop.Options.defaults().lr(0.01).alpha(0.9).eps(1e-8)
                .momentum(0.5).centered(true)), (w, g, t, s, i) -> {
            s[0][i] = 0.9 * s[0][i] + 0.1 * g * g;
            s[1][i] = 0.9 * s[1][i] + 0.1 * g;
            s[2][i] = 0.5 * s[2][i] + g / (Math.sqrt(s[0][i] - s[1][i] * s[1][i]) + 1e-8);
            return w - 0.01 * s[2][i];
        }, 3);
    }

    /** Adam's rule; decoupled applies AdamW's decay, else wd is L2 added to g. */
    static Rule adamRule(double lr, double b1, double b2, double eps, double wd, boolean decoupled, boolean ams) {
        return (w, g, t, s, i) -> {
            double p = decoupled ? w * (1 - lr * wd) : w;
            double d = decoupled ? g : g + wd * w;
            s[0][i] = b1 * s[0][i] + (1 - b1) * d;
            s[1][i] = b2 * s[1][i] + (1 - b2) * d * d;
            s[2][i] = Math.max(s[2][i], s[1][i]);
            double v = ams ? s[2][i] : s[1][i];
            double mHat = s[0][i] / (1 - Math.pow(b1, t));
            double vHat = v / (1 - Math.pow(b2, t));
            return p - lr * mHat / (Math.sqrt(vHat) + eps);
        };
    }

    @Test
    void adamFirstStepIsLrTimesSign() {
        // m̂ = g and v̂ = g² after one step, so w1 = w0 − lr·g/(|g| + ε) ≈ w0 − lr·sign(g)
        Var w = param();
        Adam adam = new Adam(List.of(w), 0.1);
        loss(w).backward();
        adam.step();
        assertArrayEquals(new float[] {0.9f, -1.9f}, w.value().toArray(), 1e-6f);
    }

    @Test
    void adamAdamWAmsgrad() {
        agree(p -> new Adam(p, 0.1), adamRule(0.1, 0.9, 0.999, 1e-8, 0, false, false), 3);
        agree(p -> new Adam(p, Adam.Options.defaults().lr(0.1).betas(0.8, 0.99).eps(1e-8).weightDecay(0.1)
                .amsgrad(true)), adamRule(0.1, 0.8, 0.99, 1e-8, 0.1, false, true), 3);
        agree(p -> new AdamW(p, AdamW.Options.defaults().lr(0.1).betas(0.9, 0.999).eps(1e-8).weightDecay(0.1)), adamRule(0.1, 0.9, 0.999, 1e-8, 0.1, true, false), 3);
    }

    @Test
    void radamPlainThenRectified() {
        // ρ∞ = 2/(1 − β2) − 1, ρt = ρ∞ − 2t·β2^t/(1 − β2^t); ρt ≤ 5: w ← w − lr·m̂;
        // else w ← w − lr·m̂·r·√(1 − β2^t)/(√v + ε), r = √((ρt − 4)(ρt − 2)ρ∞/((ρ∞ − 4)(ρ∞ − 2)ρt))
        double b1 = 0.9;
        double b2 = 0.9;
        Rule rule = (w, g, t, s, i) -> {
            s[0][i] = b1 * s[0][i] + (1 - b1) * g;
            s[1][i] = b2 * s[1][i] + (1 - b2) * g * g;
            double mHat = s[0][i] / (1 - Math.pow(b1, t));
            double bc2 = 1 - Math.pow(b2, t);
            double rhoInf = 2 / (1 - b2) - 1;
            double rhoT = rhoInf - 2 * t * Math.pow(b2, t) / bc2;
            if (rhoT <= 5) {
                return w - 0.1 * mHat;
            }
            double r = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            return w - 0.1 * mHat * r * Math.sqrt(bc2) / (Math.sqrt(s[1][i]) + 1e-8);
        };
        agree(p -> new RAdam(p, RAdam.Options.defaults().lr(0.1).betas(b1, b2).eps(1e-8)), rule, 3);
        agree(p -> new RAdam(p, RAdam.Options.defaults().lr(0.1).betas(b1, b2).eps(1e-8)), rule, 10); // ρt > 5 from t = 7 with β2 = 0.9
    }

    @Test
    void adaBelief() {
        // m ← β1·m + (1 − β1)·g; s ← β2·s + (1 − β2)·(g − m)² + ε; w ← w − lr·m̂/(√ŝ + ε)
        agree(p -> new AdaBelief(p, AdaBelief.Options.defaults().lr(0.1).betas(0.9, 0.999).eps(1e-16)), (w, g, t, s, i) -> {
            s[0][i] = 0.9 * s[0][i] + 0.1 * g;
            s[1][i] = 0.999 * s[1][i] + 0.001 * (g - s[0][i]) * (g - s[0][i]) + 1e-16;
            double mHat = s[0][i] / (1 - Math.pow(0.9, t));
            return w - 0.1 * mHat / (Math.sqrt(s[1][i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-16);
        }, 3);
    }

    @Test
    void lbfgsFirstStepIsScaledGradientDescent() {
        // iteration 1: d = −g, t = min(1, 1/‖g‖₁)·lr; g0 = (1, −6), ‖g‖₁ = 7
        Var w = param();
        LBFGS opt = new LBFGS(List.of(w), LBFGS.Options.defaults().lr(1).maxIter(1));
        opt.step(() -> {
            opt.zeroGrad();
            Var l = loss(w);
            l.backward();
            return l;
        });
        assertArrayEquals(new float[] {1 - 1f / 7, -2 + 6f / 7}, w.value().toArray(), 1e-6f);
        assertThrows(IllegalStateException.class, opt::step);
    }

    @Test
    void lbfgsFirstThreeIterationsFollowTheTwoLoopRecursion() {
        // One iteration per step() (maxIter 1, lr 1, no line search). With s_k = t_k·d_k, y_k = g_{k+1} − g_k,
        // ρ_k = 1/(y_kᵀs_k) and γ = y_kᵀs_k / y_kᵀy_k of the newest pair, the direction is
        // q = −g; for k newest→oldest: α_k = ρ_k·s_kᵀq, q −= α_k·y_k; r = γ·q;
        // for k oldest→newest: β = ρ_k·y_kᵀr, r += (α_k − β)·s_k; d = r. Step: t_1 = min(1, 1/‖g‖₁), then 1.
        Var w = param();
        LBFGS opt = new LBFGS(List.of(w), LBFGS.Options.defaults().lr(1).maxIter(1));
        double[] x = W0.clone();
        double[][] ss = new double[3][];
        double[][] ys = new double[3][];
        double[] prevG = null;
        double[] d = null;
        double t = 0;
        for (int it = 0; it < 3; it++) {
            opt.step(() -> {
                opt.zeroGrad();
                Var l = loss(w);
                l.backward();
                return l;
            });
            double[] g = {C[0] * x[0], C[1] * x[1]};
            if (it == 0) {
                d = new double[] {-g[0], -g[1]};
                t = Math.min(1, 1 / (Math.abs(g[0]) + Math.abs(g[1])));
            } else {
                ss[it - 1] = new double[] {t * d[0], t * d[1]};
                ys[it - 1] = new double[] {g[0] - prevG[0], g[1] - prevG[1]};
                double[] q = {-g[0], -g[1]};
                double[] alpha = new double[it];
                for (int k = it - 1; k >= 0; k--) {
                    alpha[k] = (ss[k][0] * q[0] + ss[k][1] * q[1]) / (ys[k][0] * ss[k][0] + ys[k][1] * ss[k][1]);
                    q[0] -= alpha[k] * ys[k][0];
                    q[1] -= alpha[k] * ys[k][1];
                }
                double[] yn = ys[it - 1];
                double[] sn = ss[it - 1];
                double gamma = (yn[0] * sn[0] + yn[1] * sn[1]) / (yn[0] * yn[0] + yn[1] * yn[1]);
                double[] r = {gamma * q[0], gamma * q[1]};
                for (int k = 0; k < it; k++) {
                    double beta = (ys[k][0] * r[0] + ys[k][1] * r[1]) / (ys[k][0] * ss[k][0] + ys[k][1] * ss[k][1]);
                    r[0] += (alpha[k] - beta) * ss[k][0];
                    r[1] += (alpha[k] - beta) * ss[k][1];
                }
                d = r;
                t = 1;
            }
            prevG = g;
            x[0] += t * d[0];
            x[1] += t * d[1];
            assertArrayEquals(new float[] {(float) x[0], (float) x[1]}, w.value().toArray(), TOL, "iteration " + (it + 1));
        }
    }

    @Test
    void paramGroupsOverrideDefaultsAndRejectUnknownOptions() {
        Var a = param();
        Var b = param();
        SGD sgd = new SGD(List.of(a), 0.1);
        sgd.addParamGroup(List.of(b), sgd.defaults().lr(0.5));
        loss(a).backward();
        loss(b).backward();
        sgd.step();
        assertEquals(0.9f, a.value().get(0), 1e-6f);
        assertEquals(0.5f, b.value().get(0), 1e-6f);
        assertEquals(0.1, sgd.paramGroups().get(0).lr());
        assertEquals(0.5, sgd.paramGroups().get(1).lr());
        ParamGroup g = sgd.paramGroups().get(0);
        rejects(() -> g.set("betas", 0.9), "betas", "momentum");
        rejects(() -> g.get("betas"), "betas", "momentum");
        rejects(() -> new SGD(List.of(param()), -1), "lr", "-1");
        rejects(() -> SGD.Options.defaults().lr(0.1).nesterov(true), "nesterov", "momentum");
        rejects(() -> Adam.Options.defaults().lr(0.1).beta1(1.0), "beta1", "[0, 1)", "1.0");
    }

    /** A parameter listed twice is an error naming where: within one group and across groups. */
    @Test
    void aParameterMayAppearOnlyOnce() {
        Var a = param();
        Var b = param();
        rejects(() -> new SGD(List.of(a, b, a), 0.1), "params[2]", "params[0]");
        rejects(() -> new Adam(List.of(b, b), 0.1), "params[1]", "params[0]");
        SGD sgd = new SGD(List.of(a), 0.1);
        rejects(() -> sgd.addParamGroup(List.of(b, a), sgd.defaults()), "params[1]", "group 0");
        rejects(() -> sgd.addParamGroup(List.of(), sgd.defaults()), "params", "non-empty");
        rejects(() -> sgd.addParamGroup(List.of(b), null), "options");
        rejects(() -> new SGD(List.of(Var.constant(Tensor.zeros(2))), 0.1), "params[0]", "requires grad");
        assertEquals(1, sgd.paramGroups().size());
    }

    /**
     * PyTorch computes {@code 1 - beta} in double and rounds it once to float: 0.001f for beta2 = 0.999, where the
     * float difference {@code 1 - 0.999f} is 9.99987e-4 (a second moment 1.3e-5 too small, every step too large).
     */
    @Test
    void adamFamilyRoundsOneMinusBetaOnceFromDouble() {
        for (String name : new String[] {"Adam", "AdamW", "AMSGrad", "RAdam", "AdaBelief"}) {
            Var w = Var.parameter(Tensor.of(new float[] {0.5f, -1.25f, 3f}, 3));
            Optimizer opt = switch (name) {
                case "Adam" -> new Adam(List.of(w), 0.01);
                case "AdamW" -> new AdamW(List.of(w), 0.01);
                case "AMSGrad" -> new Adam(List.of(w), Adam.Options.defaults().lr(0.01).amsgrad(true));
                case "RAdam" -> new RAdam(List.of(w), 0.01);
                default -> new AdaBelief(List.of(w), 0.01);
            };
            Tensor g = Tensor.of(new float[] {0.75f, -2f, 1e-3f}, 3);
            opt.zeroGrad();
            Ops.sum(Ops.mul(w, Var.constant(g))).backward(); // d/dw = g exactly
            opt.step();
            Map<String, float[]> buffers = opt.stateDict().buffers();
            float[] m = buffers.get("0.exp_avg");
            float[] second = buffers.get(name.equals("AdaBelief") ? "0.exp_avg_var" : "0.exp_avg_sq");
            assertNotNull(second, name + " buffers " + buffers.keySet());
            float c1 = (float) (1 - 0.9);
            float c2 = (float) (1 - 0.999);
            for (int i = 0; i < 3; i++) {
                float d = g.data()[i];
                assertEquals(c1 * d, m[i], 0f, name + " exp_avg[" + i + "]");
                if (!name.equals("AdaBelief")) {
                    assertEquals(c2 * d * d, second[i], 0f, name + " exp_avg_sq[" + i + "]");
                }
            }
        }
    }

    @Test
    void stateDictRoundTripContinuesIdentically() {
        Var w1 = param();
        Adam a1 = new Adam(List.of(w1), 0.1);
        for (int i = 0; i < 2; i++) {
            a1.zeroGrad();
            loss(w1).backward();
            a1.step();
        }
        OptimizerState saved = a1.stateDict();
        assertTrue(saved.buffers().containsKey("0.exp_avg") && saved.buffers().containsKey("0.exp_avg_sq"),
                saved.buffers().keySet().toString());
        assertEquals(2L, saved.steps().get(0));
        Var w2 = Var.parameter(w1.value().copy());
        Adam a2 = new Adam(List.of(w2), 0.5);
        a2.loadStateDict(saved);
        assertEquals(0.1, a2.paramGroups().get(0).lr());
        for (Var w : List.of(w1, w2)) {
            w.zeroGrad();
            loss(w).backward();
        }
        a1.step();
        a2.step();
        assertArrayEquals(w1.value().toArray(), w2.value().toArray());
    }

    @Test
    void aRefusedStateDictChangesNothing() {
        Var w1 = param();
        Adam a1 = new Adam(List.of(w1), 0.1);
        a1.zeroGrad();
        loss(w1).backward();
        a1.step();
        OptimizerState good = a1.stateDict();
        Var w2 = Var.parameter(w1.value().copy());
        Adam a2 = new Adam(List.of(w2), 0.5);
        a2.zeroGrad();
        loss(w2).backward();
        a2.step();
        OptimizerState before = a2.stateDict();
        int size = w1.value().size();
        Function<Map<String, float[]>, OptimizerState> with = b -> new OptimizerState(good.groups(),
                good.steps(), b);
        Map<String, float[]> shortBuffer = new java.util.LinkedHashMap<>(good.buffers());
        shortBuffer.put("0.exp_avg_sq", new float[size - 1]);
        Map<String, float[]> badKey = new java.util.LinkedHashMap<>(good.buffers());
        badKey.put("x.exp_avg", new float[size]);
        Map<String, float[]> noName = new java.util.LinkedHashMap<>(good.buffers());
        noName.put("0.", new float[size]);
        OptimizerState[] bad = {with.apply(shortBuffer), with.apply(badKey), with.apply(noName),
            new OptimizerState(good.groups(), Map.of(0, -3L), good.buffers()),
            new OptimizerState(good.groups(), Map.of(5, 1L), good.buffers())};
        String[] named = {"'0.exp_avg_sq' must have " + size + " elements", "'x.exp_avg'", "'0.'", "must be >= 0, was -3",
            "parameter index 5"};
        for (int i = 0; i < bad.length; i++) {
            OptimizerState s = bad[i];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a2.loadStateDict(s));
            assertTrue(e.getMessage().contains(named[i]), e.getMessage());
            OptimizerState now = a2.stateDict();
            assertEquals(0.5, a2.paramGroups().get(0).lr(), "lr untouched by refused state " + i);
            assertEquals(before.steps(), now.steps());
            for (String k : before.buffers().keySet()) {
                assertArrayEquals(before.buffers().get(k), now.buffers().get(k), k + " untouched by refused state " + i);
            }
        }
    }

    @Test
    void stepAllocatesStateOnceAndZeroGradReusesGradients() {
        Var w = param();
        SGD sgd = new SGD(List.of(w), SGD.Options.defaults().lr(0.1).momentum(0.9));
        loss(w).backward();
        sgd.step();
        float[] buf = sgd.state(w).buffers().get("momentum_buffer");
        Tensor grad = w.grad();
        sgd.zeroGrad();
        loss(w).backward();
        sgd.step();
        assertTrue(buf == sgd.state(w).buffers().get("momentum_buffer"));
        assertTrue(grad == w.grad());
    }
}
