package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.autograd.TestTensors.awayFromZero;
import static vecnet.nn.autograd.TestTensors.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.GradCheck;
import vecnet.nn.autograd.Var;

/** Gradient checks through every layer (input and parameters) plus each layer's defining behaviour. */
class LayerTest {
    static final double EPS = 1e-2;
    /** Max relative gradient error: observed <= 4e-4 (float32 forward, step 1e-2); a 1 % error fails. */
    static final double GRAD_TOL = 2e-3;
    static final float TOL = 1e-5f;

    static void check(Module m, Tensor input) {
        Var x = Var.parameter(input);
        List<Var> leaves = new ArrayList<>(m.parameters());
        leaves.add(x);
        double err = GradCheck.maxError(() -> m.forward(x), EPS, 3, leaves.toArray(new Var[0]));
        assertTrue(err < GRAD_TOL, m + ": gradient error " + err);
    }

    @Test
    void gradientsOfParameterisedLayers() {
        SplittableRandom rng = new SplittableRandom(5);
        check(new Linear(5, 3, true, rng), uniform(1, -1, 1, 4, 5));
        check(new Conv2d(3, 2, 3, 2, 1, 1, true, rng), uniform(2, -1, 1, 2, 5, 4, 3));
        check(new Maxout(4, 3, 2, rng), uniform(3, -1, 1, 5, 4));
        check(new BatchNorm1d(3), uniform(4, -1, 1, 6, 3));
        check(new BatchNorm2d(2), uniform(5, -1, 1, 2, 3, 3, 2));
        check(new Sequential(new Conv2d(2, 3, 2, 2, 1, 0, true, rng), new Tanh(), new AvgPool2d(2), new Flatten(),
                new Linear(3 * 2 * 1, 2, true, rng)), uniform(6, -1, 1, 2, 5, 3, 2));
        check(new Sequential(new Conv2d(1, 2, 3, 3, 1, 1, true, rng), new GlobalAvgPool2d()), uniform(7, -1, 1, 2, 4, 4, 1));
    }

    @Test
    void gradientsOfActivationLayers() {
        Tensor x = awayFromZero(10, 0.05, 2.5, 3, 4);
        Module[] layers = {new Step(), new Identity(), new Sigmoid(), new Tanh(), new ReLU(), new LeakyReLU(0.1),
            new ELU(), new SELU(), new SiLU(), new GELU(), new Softplus(), new HardSigmoid(), new Softmax()};
        for (Module m : layers) {
            check(m, x);
        }
        Tensor distinct = Tensor.zeros(1, 4, 4, 2);
        for (int i = 0; i < distinct.size(); i++) {
            distinct.data()[i] = (float) ((i * 13 % 32) * 0.1);
        }
        check(new MaxPool2d(2), distinct);
    }

    @Test
    void linearDefaultInitBoundsAndShapes() {
        Linear l = new Linear(100, 50, true, new SplittableRandom(1));
        assertEquals(vecnet.core.Shape.of(50, 100), l.weight().shape());
        double bound = 1 / Math.sqrt(100);
        float max = 0;
        for (float w : l.weight().value().toArray()) {
            max = Math.max(max, Math.abs(w));
        }
        assertTrue(max <= bound && max > 0.9 * bound, "max |w| " + max + " vs bound " + bound);
        for (float b : l.bias().value().toArray()) {
            assertTrue(Math.abs(b) <= bound);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.forward(Var.constant(Tensor.zeros(2, 99))));
        assertTrue(e.getMessage().contains("100") && e.getMessage().contains("(2, 99)"), e.getMessage());
    }

    @Test
    void dropoutIsInvertedSeededAndIdentityInEval() {
        Dropout d = new Dropout(0.25, 11);
        Tensor ones = Tensor.zeros(10_000);
        ones.fill(1f);
        Var x = Var.parameter(ones);
        Var y = d.forward(x);
        int zeros = 0;
        double sum = 0;
        for (float v : y.value().toArray()) {
            assertTrue(v == 0f || Math.abs(v - 1 / 0.75f) < TOL);
            zeros += v == 0f ? 1 : 0;
            sum += v;
        }
        assertEquals(2500, zeros, 150); // ~4.7 standard deviations of Binomial(10000, 0.25)
        assertEquals(10_000, sum, 400);
        vecnet.nn.autograd.Ops.sum(y).backward();
        assertArrayEquals(y.value().toArray(), x.grad().toArray(), TOL); // gradient = mask
        float[] again = new Dropout(0.25, 11).forward(Var.constant(ones)).value().toArray();
        assertArrayEquals(y.value().toArray(), again, "same seed, same mask");
        d.eval();
        assertSame(x, d.forward(x));
    }

    @Test
    void batchNormNormalisesInTrainingAndUsesRunningStatsInEval() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 1.0); // momentum 1: running stats = last batch
        Tensor x = Tensor.of(new float[] {1, 10, 3, 20, 5, 30}, 3, 2);
        float[] y = bn.forward(Var.constant(x)).value().toArray();
        // column 0: mean 3, biased var 8/3; column 1: mean 20, biased var 200/3
        double s0 = Math.sqrt(8.0 / 3 + 1e-5);
        double s1 = Math.sqrt(200.0 / 3 + 1e-5);
        assertArrayEquals(new float[] {(float) (-2 / s0), (float) (-10 / s1), 0, 0, (float) (2 / s0), (float) (10 / s1)},
                y, 1e-4f);
        assertArrayEquals(new float[] {3, 20}, bn.runningMean().toArray(), TOL);
        assertArrayEquals(new float[] {4, 100}, bn.runningVar().toArray(), 1e-4f); // unbiased
        assertEquals(1f, bn.stateDict().get("num_batches_tracked").data()[0]);
        bn.eval();
        float[] e = bn.forward(Var.constant(Tensor.of(new float[] {5, 30}, 1, 2))).value().toArray();
        assertArrayEquals(new float[] {(float) (2 / Math.sqrt(4 + 1e-5)), (float) (10 / Math.sqrt(100 + 1e-5))}, e, 1e-4f);
    }

    @Test
    void convWeightLayoutConversionMatchesPyTorchSemantics() {
        Tensor oihw = uniform(40, -1, 1, 3, 2, 2, 3); // (out 3, in 2, kh 2, kw 3)
        Tensor ohwi = Conv2d.fromOihw(oihw);
        assertEquals(vecnet.core.Shape.of(3, 2, 3, 2), ohwi.shape());
        assertEquals(oihw.get(2, 1, 0, 2), ohwi.get(2, 0, 2, 1));
        assertArrayEquals(oihw.toArray(), Conv2d.toOihw(ohwi).toArray());
        // y[n, i, j, o] = Σ_{c, ki, kj} x[n, i + ki, j + kj, c] · W_torch[o, c, ki, kj]
        Tensor x = uniform(41, -1, 1, 1, 3, 4, 2);
        float[] y = vecnet.nn.autograd.Ops.conv2d(Var.constant(x), Var.constant(ohwi), null, 1, 1, 0, 0).value().toArray();
        double direct = 0;
        for (int c = 0; c < 2; c++) {
            for (int ki = 0; ki < 2; ki++) {
                for (int kj = 0; kj < 3; kj++) {
                    direct += x.get(0, 1 + ki, 1 + kj, c) * oihw.get(1, c, ki, kj);
                }
            }
        }
        assertEquals(direct, y[(1 * 2 + 1) * 3 + 1], TOL); // output (0, 1, 1, o = 1) of (1, 2, 2, 3)
    }

    @Test
    void maxoutTakesTheLargestPiece() {
        Maxout m = new Maxout(1, 1, 3, new SplittableRandom(1));
        Tensor w = m.linear().weight().value();
        w.data()[0] = 1;
        w.data()[1] = -1;
        w.data()[2] = 0.5f;
        m.linear().bias().value().fill(0f);
        Var y = m.forward(Var.constant(Tensor.of(new float[] {2, -3}, 2, 1)));
        assertArrayEquals(new float[] {2, 3}, y.value().toArray(), TOL); // max(2, −2, 1), max(−3, 3, −1.5)
    }
}
