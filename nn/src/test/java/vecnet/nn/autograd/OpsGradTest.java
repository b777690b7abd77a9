package vecnet.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.autograd.TestTensors.awayFromZero;
import static vecnet.nn.autograd.TestTensors.uniform;

import java.util.function.Function;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;

/** Gradient checks (central differences in double) for every primitive, on seeded random shapes. */
class OpsGradTest {
    /** Central-difference step for float32 inputs. */
    static final double EPS = 1e-2;
    /** Max relative gradient error: observed <= 4e-4 (float32 forward, step 1e-2); a 1 % error in a gradient fails. */
    static final double GRAD_TOL = 2e-3;
    static final float VALUE_TOL = 1e-5f;

    static void check(String what, Function<Var[], Var> f, Tensor... inputs) {
        double err = GradCheck.maxError(f, EPS, 42, inputs);
        assertTrue(err < GRAD_TOL, what + ": gradient error " + err);
    }

    /**
     * The simd backward kernels overwrite their output; an input feeding several of them (an op result
     * and a leaf) must still receive the sum of all contributions.
     */
    @Test
    void inputsSharedByOverwritingKernelsAccumulate() {
        check("shared inputs", v -> {
            Var t = Ops.scale(v[0], 1.5); // an op result: its first contribution is written in place
            Var a = Ops.sum(Ops.sigmoid(t));
            Var b = Ops.sum(Ops.mul(Ops.softmax(t), v[0]));
            Var c = Ops.sum(Ops.avgPool2d(t, 2, 2, 1, 1));
            Var d = Ops.sum(Ops.mul(Ops.globalAvgPool2d(v[0]), Ops.globalAvgPool2d(t)));
            Var e = Ops.sum(Ops.conv2d(t, v[1], v[2], 1, 1, 1, 1));
            Var f = Ops.sum(Ops.conv2d(v[0], v[1], v[2], 2, 2, 0, 0));
            return Ops.add(Ops.add(Ops.add(a, b), Ops.add(c, d)), Ops.add(e, f));
        }, uniform(60, -1, 1, 2, 4, 4, 3), uniform(61, -1, 1, 2, 3, 3, 3), uniform(62, -1, 1, 2));
    }

    @Test
    void matmulAndLinear() {
        check("matmul", v -> Ops.matmul(v[0], v[1]), uniform(1, -1, 1, 3, 5), uniform(2, -1, 1, 5, 4));
        check("linear", v -> Ops.linear(v[0], v[1], v[2]), uniform(3, -1, 1, 6, 5), uniform(4, -1, 1, 3, 5),
                uniform(5, -1, 1, 3));
        check("linear no bias", v -> Ops.linear(v[0], v[1], null), uniform(6, -1, 1, 2, 7), uniform(7, -1, 1, 4, 7));
    }

    @Test
    void randomShapes() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(2024);
        for (int trial = 0; trial < 6; trial++) {
            int m = r.nextInt(1, 6);
            int k = r.nextInt(1, 7);
            int n = r.nextInt(1, 6);
            long seed = 1000 + 10L * trial;
            check("matmul " + m + "x" + k + "x" + n, v -> Ops.matmul(v[0], v[1]), uniform(seed, -1, 1, m, k),
                    uniform(seed + 1, -1, 1, k, n));
            check("linear", v -> Ops.linear(v[0], v[1], v[2]), uniform(seed + 2, -1, 1, m, k),
                    uniform(seed + 3, -1, 1, n, k), uniform(seed + 4, -1, 1, n));
            check("mul row", v -> Ops.mul(v[0], v[1]), uniform(seed + 5, -1, 1, m, n, k), uniform(seed + 6, -1, 1, k));
            check("logSoftmax", v -> Ops.logSoftmax(v[0]), uniform(seed + 7, -3, 3, m, k));
            int[] labels = new int[m];
            for (int i = 0; i < m; i++) {
                labels[i] = r.nextInt(k);
            }
            check("crossEntropy", v -> Ops.crossEntropy(v[0], labels), uniform(seed + 8, -3, 3, m, k));
            int h = r.nextInt(2, 7);
            int w = r.nextInt(2, 7);
            int c = r.nextInt(1, 4);
            int o = r.nextInt(1, 4);
            int kh = r.nextInt(1, Math.min(h, 3) + 1);
            int kw = r.nextInt(1, Math.min(w, 3) + 1);
            int sh = r.nextInt(1, 3);
            int sw = r.nextInt(1, 3);
            int ph = r.nextInt(0, 2);
            int pw = r.nextInt(0, 2);
            check("conv2d " + h + "x" + w + "x" + c + " k" + kh + "x" + kw + " s" + sh + "x" + sw + " p" + ph + "x" + pw,
                    v -> Ops.conv2d(v[0], v[1], v[2], sh, sw, ph, pw), uniform(seed + 9, -1, 1, 2, h, w, c),
                    uniform(seed + 10, -1, 1, o, kh, kw, c), uniform(seed + 11, -1, 1, o));
            check("avgPool2d", v -> Ops.avgPool2d(v[0], kh, kw, sh, sw), uniform(seed + 12, -1, 1, 2, h, w, c));
        }
    }

    @Test
    void linearValueMatchesDefinition() {
        Var x = Var.constant(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        Var w = Var.constant(Tensor.of(new float[] {1, 0, 1, 1, 0, 2}, 3, 2));
        Var b = Var.constant(Tensor.of(new float[] {0.5f, 0, -1}, 3));
        // rows of x · wᵀ + b: (1, 3, 4) + b and (3, 7, 8) + b
        assertArrayEquals(new float[] {1.5f, 3, 3, 3.5f, 7, 7}, Ops.linear(x, w, b).value().toArray(), VALUE_TOL);
    }

    @Test
    void binaryWithBroadcast() {
        Tensor a = uniform(10, -1, 1, 4, 3);
        check("add", v -> Ops.add(v[0], v[1]), a, uniform(11, -1, 1, 4, 3));
        check("add row", v -> Ops.add(v[0], v[1]), a, uniform(12, -1, 1, 3));
        check("sub scalar", v -> Ops.sub(v[0], v[1]), a, uniform(13, -1, 1));
        check("mul row", v -> Ops.mul(v[0], v[1]), a, uniform(14, -1, 1, 3));
        check("mul", v -> Ops.mul(v[0], v[1]), a, uniform(15, -1, 1, 4, 3));
        check("div", v -> Ops.div(v[0], v[1]), a, uniform(16, 0.5, 2, 4, 3));
        check("div row", v -> Ops.div(v[0], v[1]), a, uniform(17, 0.5, 2, 3));
        check("same var twice", v -> Ops.mul(v[0], v[0]), a);
    }

    @Test
    void nothingIsBroadcastSilently() {
        Var a = Var.constant(Tensor.zeros(4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.add(a, Var.constant(Tensor.zeros(4))));
        assertTrue(e.getMessage().contains("(4,)") && e.getMessage().contains("(4, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.matmul(a, Var.constant(Tensor.zeros(4, 2))));
    }

    @Test
    void scalarsReductionsAndViews() {
        Tensor a = uniform(20, -1, 1, 2, 3, 4);
        check("scale", v -> Ops.scale(v[0], -1.5), a);
        check("addScalar", v -> Ops.addScalar(v[0], 3), a);
        check("sum", v -> Ops.sum(v[0]), a);
        check("mean", v -> Ops.mean(v[0]), a);
        check("sumLeading", v -> Ops.sumLeading(v[0]), a);
        check("sumLastAxis", v -> Ops.sumLastAxis(v[0]), a);
        check("reshape", v -> Ops.mul(Ops.reshape(v[0], 6, 4), Ops.reshape(v[0], 6, 4)), a);
        check("flatten", v -> Ops.matmul(Ops.flatten(v[0]), v[1]), a, uniform(21, -1, 1, 12, 2));
    }

    @Test
    void activations() {
        Tensor a = awayFromZero(30, 0.05, 3, 3, 7);
        check("sigmoid", v -> Ops.sigmoid(v[0]), a);
        check("tanh", v -> Ops.tanh(v[0]), a);
        check("relu", v -> Ops.relu(v[0]), a);
        check("leakyRelu", v -> Ops.leakyRelu(v[0], 0.1), a);
        check("elu", v -> Ops.elu(v[0], 1.0), a);
        check("selu", v -> Ops.selu(v[0]), a);
        check("silu", v -> Ops.silu(v[0]), a);
        check("gelu", v -> Ops.gelu(v[0]), a);
        check("geluTanh", v -> Ops.geluTanh(v[0]), a);
        check("softplus", v -> Ops.softplus(v[0]), a);
        check("identity", v -> Ops.identity(v[0]), a);
        check("step", v -> Ops.step(v[0]), a);
        check("hardSigmoid", v -> Ops.hardSigmoid(v[0]), awayFromZero(31, 0.05, 2.9, 3, 7));
        check("abs", v -> Ops.abs(v[0]), a);
        check("exp", v -> Ops.exp(v[0]), a);
        Tensor pos = uniform(32, 0.2, 3, 3, 7);
        check("log", v -> Ops.log(v[0]), pos);
        check("sqrt", v -> Ops.sqrt(v[0]), pos);
        check("pow", v -> Ops.pow(v[0], -0.5), pos);
        check("square", v -> Ops.square(v[0]), a);
        check("softmax", v -> Ops.softmax(v[0]), a);
        check("logSoftmax", v -> Ops.logSoftmax(v[0]), a);
        check("maxGroups", v -> Ops.maxGroups(v[0], 3), uniform(33, -1, 1, 4, 6));
    }

    @Test
    void activationValues() {
        Var x = Var.constant(Tensor.of(new float[] {-2, 0, 1}, 3));
        assertArrayEquals(new float[] {0, 0, 1}, Ops.step(x).value().toArray(), VALUE_TOL);
        assertArrayEquals(new float[] {-0.2f, 0, 1}, Ops.leakyRelu(x, 0.1).value().toArray(), VALUE_TOL);
        assertArrayEquals(new float[] {(float) Math.expm1(-2), 0, 1}, Ops.elu(x, 1).value().toArray(), VALUE_TOL);
        assertArrayEquals(new float[] {1f / 6, 0.5f, 2f / 3}, Ops.hardSigmoid(x).value().toArray(), VALUE_TOL);
        assertArrayEquals(new float[] {(float) (-2 / (1 + Math.exp(2))), 0, (float) (1 / (1 + Math.exp(-1)))},
                Ops.silu(x).value().toArray(), VALUE_TOL);
        Var big = Var.constant(Tensor.of(new float[] {1000, 0, -1000}, 3));
        assertArrayEquals(new float[] {1, 0, 0}, Ops.softmax(big).value().toArray(), VALUE_TOL);
        assertArrayEquals(new float[] {1000, (float) Math.log(2), 0}, Ops.softplus(big).value().toArray(), 1e-3f);
    }

    @Test
    void crossEntropyFused() {
        int[] labels = {2, 0, 1, 2};
        check("ce labels", v -> Ops.crossEntropy(v[0], labels), uniform(40, -3, 3, 4, 3));
        Tensor t = Tensor.of(new float[] {0.2f, 0.3f, 0.5f, 1, 0, 0}, 2, 3);
        check("ce probs", v -> Ops.crossEntropy(v[0], t), uniform(41, -3, 3, 2, 3));
        // ln(e^0 + e^0 + e^0) − 0 = ln 3 for uniform logits
        Var z = Var.constant(Tensor.zeros(1, 3));
        assertEquals(Math.log(3), Ops.crossEntropy(z, new int[] {1}).item(), VALUE_TOL);
        Var huge = Var.parameter(Tensor.of(new float[] {1e4f, -1e4f, 0}, 1, 3));
        Var loss = Ops.sum(Ops.crossEntropy(huge, new int[] {1}));
        loss.backward();
        assertEquals(2e4f, loss.item(), 1f);
        for (float g : huge.grad().toArray()) {
            assertTrue(Float.isFinite(g));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.crossEntropy(z, new int[] {3}));
        assertTrue(e.getMessage().contains("labels[0]") && e.getMessage().contains("[0, 3)"), e.getMessage());
    }

    @Test
    void convAndPool() {
        check("conv2d", v -> Ops.conv2d(v[0], v[1], v[2], 1, 1, 0, 0), uniform(50, -1, 1, 2, 5, 4, 3),
                uniform(51, -1, 1, 2, 3, 2, 3), uniform(52, -1, 1, 2));
        check("conv2d stride pad", v -> Ops.conv2d(v[0], v[1], null, 2, 1, 1, 2), uniform(53, -1, 1, 1, 5, 5, 2),
                uniform(54, -1, 1, 3, 3, 3, 2));
        // distinct values: no ties inside a window
        Tensor distinct = Tensor.zeros(2, 4, 6, 3);
        for (int i = 0; i < distinct.size(); i++) {
            distinct.data()[i] = (float) (((i * 37) % distinct.size()) * 0.1 - 5);
        }
        check("maxPool2d", v -> Ops.maxPool2d(v[0], 2, 2, 2, 2), distinct);
        check("maxPool2d overlap", v -> Ops.maxPool2d(v[0], 3, 2, 1, 2), distinct);
        check("avgPool2d", v -> Ops.avgPool2d(v[0], 2, 3, 2, 1), uniform(55, -1, 1, 2, 4, 6, 3));
        check("globalAvgPool2d", v -> Ops.globalAvgPool2d(v[0]), uniform(56, -1, 1, 2, 3, 3, 4));
    }

    /** The fused batch norms, training and evaluation: every input's gradient, channel counts around the vector length. */
    @Test
    void batchNorm() {
        for (int[] sh : new int[][] {{2, 1}, {5, 3}, {9, 17}, {40, 33}}) {
            int rows = sh[0];
            int c = sh[1];
            Tensor mean = Tensor.zeros(c);
            Tensor var = Tensor.zeros(c);
            check("batchNorm " + rows + "x" + c, v -> Ops.batchNorm(v[0], v[1], v[2], 1e-5, mean, var),
                    uniform(70 + rows, -2, 3, rows, c), uniform(71 + rows, 0.5, 2, c), uniform(72 + rows, -1, 1, c));
            Tensor runMean = uniform(73 + rows, -1, 1, c);
            Tensor runVar = uniform(74 + rows, 0.5, 2, c);
            check("batchNormEval " + rows + "x" + c, v -> Ops.batchNormEval(v[0], runMean, runVar, v[1], v[2], 1e-5),
                    uniform(75 + rows, -2, 3, rows, c), uniform(76 + rows, 0.5, 2, c), uniform(77 + rows, -1, 1, c));
        }
        Tensor mean = Tensor.zeros(3);
        Tensor var = Tensor.zeros(3);
        check("batchNorm NHWC", v -> Ops.batchNorm(v[0], v[1], v[2], 1e-5, mean, var), uniform(78, -2, 3, 2, 3, 2, 3),
                uniform(79, 0.5, 2, 3), uniform(80, -1, 1, 3));
        check("batchNormEval NHWC", v -> Ops.batchNormEval(v[0], var, uniform(81, 0.5, 2, 3), v[1], v[2], 1e-3),
                uniform(82, -2, 3, 2, 3, 2, 3), uniform(83, 0.5, 2, 3), uniform(84, -1, 1, 3));
    }

    /**
     * Float ulps per row of the batch between the fused batch norm and its composition: both sum each channel's
     * rows in float, in different orders, so the statistics differ by up to about an ulp per row.
     */
    static final double BN_ULPS_PER_ROW = 1;

    /** The fused batch norm equals its definition, composed from primitives, and reports the batch statistics. */
    @Test
    void batchNormValueMatchesComposition() {
        double tol = BN_ULPS_PER_ROW * 37 * Math.ulp(1f);
        Tensor x = uniform(80, -2, 3, 37, 20);
        Tensor w = uniform(81, 0.5, 2, 20);
        Tensor b = uniform(82, -1, 1, 20);
        Tensor mean = Tensor.zeros(20);
        Tensor var = Tensor.zeros(20);
        Tensor y = Ops.batchNorm(Var.constant(x), Var.constant(w), Var.constant(b), 1e-5, mean, var).value();
        Var m = Ops.scale(Ops.sumLeading(Var.constant(x)), 1.0 / 37);
        Var xc = Ops.sub(Var.constant(x), m);
        Var v = Ops.scale(Ops.sumLeading(Ops.square(xc)), 1.0 / 37);
        Var ref = Ops.add(Ops.mul(Ops.mul(xc, Ops.pow(Ops.addScalar(v, 1e-5), -0.5)), Var.constant(w)), Var.constant(b));
        for (int i = 0; i < y.size(); i++) {
            assertEquals(ref.value().data()[i], y.data()[i], tol * (1 + Math.abs(ref.value().data()[i])), "y " + i);
        }
        for (int j = 0; j < 20; j++) {
            assertEquals(m.value().data()[j], mean.data()[j], tol * (1 + Math.abs(m.value().data()[j])), "mean " + j);
            assertEquals(v.value().data()[j], var.data()[j], tol * v.value().data()[j], "var " + j);
        }
        assertThrows(IllegalArgumentException.class, () -> Ops.batchNorm(Var.constant(x), Var.constant(b),
                Var.constant(Tensor.zeros(19)), 1e-5, mean, var), "bias of the wrong size");
    }

    @Test
    void convolutionKnownAnswerFromTheCourse() {
        float[] img = {7, 2, 3, 3, 8, 4, 5, 3, 8, 4, 3, 3, 2, 8, 4, 2, 8, 7, 2, 7, 5, 4, 4, 5, 4};
        float[] edge = {1, 0, -1, 1, 0, -1, 1, 0, -1};
        Var y = Ops.conv2d(Var.constant(Tensor.of(img, 1, 5, 5, 1)), Var.constant(Tensor.of(edge, 1, 3, 3, 1)), null,
                1, 1, 0, 0);
        assertEquals(6f, y.value().get(0, 0, 0, 0), VALUE_TOL);
        float[] filter = new float[49];
        int[][] ones = {{0, 5}, {1, 4}, {2, 3}, {3, 3}, {4, 3}, {5, 3}};
        for (int[] rc : ones) {
            filter[rc[0] * 7 + rc[1]] = 30;
        }
        float[] field = {0, 0, 0, 0, 0, 0, 30, 0, 0, 0, 0, 50, 50, 50, 0, 0, 0, 20, 50, 0, 0, 0, 0, 0, 50, 50, 0, 0,
            0, 0, 0, 50, 50, 0, 0, 0, 0, 0, 50, 50, 0, 0, 0, 0, 0, 50, 50, 0, 0};
        float[] other = {0, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 0, 0, 40, 0, 40, 0, 0, 0, 0, 40, 20, 0, 0, 0, 0, 0,
            0, 50, 0, 0, 0, 0, 0, 0, 0, 50, 0, 0, 0, 0, 25, 25, 0, 50, 0, 0, 0};
        Var f = Var.constant(Tensor.of(filter, 1, 7, 7, 1));
        assertEquals(6600f, Ops.conv2d(Var.constant(Tensor.of(field, 1, 7, 7, 1)), f, null, 1, 1, 0, 0).item());
        assertEquals(0f, Ops.conv2d(Var.constant(Tensor.of(other, 1, 7, 7, 1)), f, null, 1, 1, 0, 0).item());
    }

    @Test
    void poolingValues() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        Var v = Var.constant(Tensor.of(x, 1, 4, 4, 1));
        assertArrayEquals(new float[] {6, 8, 14, 16}, Ops.maxPool2d(v, 2, 2, 2, 2).value().toArray());
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, Ops.avgPool2d(v, 2, 2, 2, 2).value().toArray());
        assertArrayEquals(new float[] {8.5f}, Ops.globalAvgPool2d(v).value().toArray());
    }
}
