package vecnet.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** GradClip's non-finite check and the LR schedulers' argument and result checks. */
class ClipAndScheduleArgumentTest {
    static final float TOL = 1e-6f;

    /** Gives {@code p} the gradient {@code g} (through one backward of Σ p·g). */
    private static void setGrad(Var p, float... g) {
        Ops.sum(Ops.mul(p, Var.constant(Tensor.of(g, g.length)))).backward();
    }

    private static SGD sgd(double lr) {
        return new SGD(List.of(Var.parameter(Tensor.zeros(1))), lr);
    }

    private static void rejects(String expected, Executable construct) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, construct).getMessage());
    }

    @Test
    void aNonFiniteNormIsAnErrorOnlyWhenAskedFor() {
        Var a = Var.parameter(Tensor.zeros(2));
        Var b = Var.parameter(Tensor.zeros(3));
        setGrad(a, 3, 4);
        setGrad(b, 1, Float.NaN, 2);
        // default (PyTorch's error_if_nonfinite=False): the norm is returned, nothing thrown
        assertTrue(Double.isNaN(GradClip.clipGradNorm(List.of(a, b), 1)));
        assertTrue(Double.isNaN(GradClip.clipGradNorm(List.of(a, b), 1, false)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradClip.clipGradNorm(List.of(a, b), 1, true));
        assertTrue(e.getMessage().contains("params[1] (3,) has element 1 = NaN"), e.getMessage());
        assertArrayEquals(new float[] {3, 4}, a.grad().toArray(), TOL); // thrown before any scaling
        assertArrayEquals(new float[] {1, Float.NaN, 2}, b.grad().toArray(), TOL);

        Var c = Var.parameter(Tensor.zeros(1));
        setGrad(c, Float.NEGATIVE_INFINITY);
        e = assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(List.of(a, c), 1, true));
        assertTrue(e.getMessage().contains("norm is Infinity") && e.getMessage().contains("params[1]"),
                e.getMessage());
    }

    @Test
    void namedParametersAreReportedByName() {
        Sequential model = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1));
        Map<String, Var> named = model.namedParameters();
        Ops.sum(model.forward(Var.constant(Tensor.of(new float[] {1, 2}, 1, 2)))).backward();
        Var w2 = named.get("2.weight");
        w2.grad().data()[w2.grad().offset() + 1] = Float.POSITIVE_INFINITY;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradClip.clipGradNorm(named, 1, true));
        assertTrue(e.getMessage().contains("parameter 2 ('2.weight') (1, 2) has element 1 = Infinity"),
                e.getMessage());
    }

    @Test
    void aFiniteNormClipsTheSameWithTheCheckOn() {
        Var a = Var.parameter(Tensor.zeros(2));
        Var b = Var.parameter(Tensor.zeros(2));
        setGrad(a, 3, 4);
        setGrad(b, 3, 4);
        assertEquals(5, GradClip.clipGradNorm(List.of(a), 1, true), 1e-6);
        assertEquals(5, GradClip.clipGradNorm(Map.of("b", b), 1, true), 1e-6);
        assertArrayEquals(a.grad().toArray(), b.grad().toArray(), 0f);
        assertArrayEquals(new float[] {0.6f, 0.8f}, a.grad().toArray(), 1e-5f);
    }

    @Test
    void schedulerArgumentsAreChecked() {
        SGD opt = sgd(1);
        rejects("stepSize must be >= 1, was 0", () -> new StepLR(opt, 0));
        for (double g : new double[] {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            rejects("gamma must be > 0 and finite, was " + g, () -> new StepLR(opt, 2, g));
            rejects("gamma must be > 0 and finite, was " + g, () -> new ExponentialLR(opt, g));
        }
        rejects("tMax must be >= 1, was 0", () -> new CosineAnnealingLR(opt, 0));
        for (double eta : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            rejects("etaMin must be >= 0 and finite, was " + eta, () -> new CosineAnnealingLR(opt, 4, eta));
        }
        rejects("optimizer must not be null", () -> new ExponentialLR(null, 0.5));
    }

    @Test
    void aScheduleThatOverflowsStopsBeforeSettingIt() {
        SGD opt = sgd(1);
        ExponentialLR s = new ExponentialLR(opt, 10);
        for (int e = 1; e <= 308; e++) { // 10^308 is still a double
            s.step();
        }
        assertEquals(1e308, opt.paramGroups().get(0).lr(), 1e293);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::step);
        assertEquals("ExponentialLR gives parameter group 0 lr Infinity at epoch 309 (initial lr 1.0); an lr must be"
                + " finite and >= 0", e.getMessage());
        assertEquals(308, s.epoch()); // nothing changed
        assertEquals(1e308, opt.paramGroups().get(0).lr(), 1e293);
    }

    @Test
    void aNegativeOrNaNLearningRateIsNeverSet() {
        SGD opt = sgd(0.5);
        opt.addParamGroup(List.of(Var.parameter(Tensor.zeros(1))), SGD.Options.defaults().lr(0.25));
        double[] sequence = {0.1, -0.1};
        LRScheduler bad = new LRScheduler(opt) {
            @Override
            protected double lrAt(double base, int epoch) {
                return base == 0.5 ? base : sequence[epoch - 1]; // group 1 goes negative at epoch 2
            }
        };
        bad.step();
        assertEquals(0.1, opt.paramGroups().get(1).lr(), 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, bad::step);
        assertTrue(e.getMessage().contains("group 1 lr -0.1 at epoch 2"), e.getMessage());
        assertEquals(1, bad.epoch());
        assertEquals(0.1, opt.paramGroups().get(1).lr(), 0);

        // the built-in schedules stay finite and >= 0, also with etaMin above the initial lr
        SGD low = sgd(0.01);
        CosineAnnealingLR cos = new CosineAnnealingLR(low, 3, 0.2);
        for (int i = 0; i < 10; i++) {
            cos.step();
            double lr = low.paramGroups().get(0).lr();
            assertTrue(lr >= 0.01 - 1e-12 && lr <= 0.2 + 1e-12, "lr " + lr + " at epoch " + cos.epoch());
        }
        SGD zero = sgd(0);
        StepLR step = new StepLR(zero, 1, 1e-300);
        for (int i = 0; i < 5; i++) {
            step.step();
            assertEquals(0, zero.paramGroups().get(0).lr(), 0);
        }
    }
}
