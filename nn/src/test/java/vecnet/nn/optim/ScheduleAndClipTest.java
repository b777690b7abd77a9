package vecnet.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

class ScheduleAndClipTest {
    static final double TOL = 1e-12;

    static SGD sgd(double lr) {
        return new SGD(List.of(Var.parameter(Tensor.zeros(1))), lr);
    }

    @Test
    void stepLR() {
        SGD opt = sgd(1);
        StepLR s = new StepLR(opt, 2, 0.5);
        double[] expected = {1, 0.5, 0.5, 0.25, 0.25}; // after epochs 1..5: 0.5^⌊e/2⌋
        for (double e : expected) {
            s.step();
            assertEquals(e, opt.paramGroups().get(0).lr(), TOL);
        }
    }

    @Test
    void exponentialLR() {
        SGD opt = sgd(2);
        ExponentialLR s = new ExponentialLR(opt, 0.9);
        s.step();
        s.step();
        assertEquals(2 * 0.81, opt.paramGroups().get(0).lr(), TOL);
    }

    @Test
    void cosineAnnealingLR() {
        SGD opt = sgd(1);
        CosineAnnealingLR s = new CosineAnnealingLR(opt, 4, 0.1);
        double[] expected = new double[4];
        for (int e = 1; e <= 4; e++) {
            expected[e - 1] = 0.1 + 0.9 * (1 + Math.cos(Math.PI * e / 4)) / 2;
        }
        for (double e : expected) {
            s.step();
            assertEquals(e, opt.paramGroups().get(0).lr(), TOL);
        }
        assertEquals(0.1, opt.paramGroups().get(0).lr(), TOL); // η_min at T_max
    }

    @Test
    void clipByNormAndValue() {
        Var a = Var.parameter(Tensor.of(new float[] {1, 1}, 2));
        Var b = Var.parameter(Tensor.of(new float[] {1}, 1));
        // gradients (3, 4) and (12): global norm 13
        Ops.sum(Ops.mul(a, Var.constant(Tensor.of(new float[] {3, 4}, 2)))).backward();
        Ops.scale(Ops.sum(b), 12).backward();
        double norm = GradClip.clipGradNorm(List.of(a, b), 6.5);
        assertEquals(13, norm, 1e-5);
        double c = 6.5 / (13 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * c), (float) (4 * c)}, a.grad().toArray(), 1e-5f);
        assertArrayEquals(new float[] {(float) (12 * c)}, b.grad().toArray(), 1e-5f);
        GradClip.clipGradValue(List.of(a, b), 2);
        assertArrayEquals(new float[] {1.5f, 2}, a.grad().toArray(), 1e-5f);
        assertArrayEquals(new float[] {2}, b.grad().toArray(), 1e-5f);
        assertEquals(2.5, GradClip.clipGradNorm(List.of(a), 10), 1e-5); // below the limit: unchanged
        assertArrayEquals(new float[] {1.5f, 2}, a.grad().toArray(), 1e-6f);
    }
}
