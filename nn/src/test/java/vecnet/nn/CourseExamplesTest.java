package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** The worked examples of the course notes as known answers. */
class CourseExamplesTest {
    /** The notes print four decimals. */
    static final double PRINTED_TOL = 5e-5;
    static final double EXACT_TOL = 1e-6;

    private static Linear linear(int in, int out, float[] weight, float[] bias) {
        Linear l = new Linear(in, out, bias != null, new SplittableRandom(0));
        System.arraycopy(weight, 0, l.weight().value().data(), 0, weight.length);
        if (bias != null) {
            System.arraycopy(bias, 0, l.bias().value().data(), 0, bias.length);
        }
        return l;
    }

    @Test
    void threeThreeTwoSigmoidNetwork() {
        Linear hidden = linear(3, 3, new float[] {1, -2, 2, 2, 1, -4, 1, -1, 0}, null);
        Linear output = linear(3, 2, new float[] {-3, 1, -3, 0, 1, 2}, null);
        Var x = Var.constant(Tensor.of(new float[] {0.5f, 0.9f, -0.3f}, 1, 3));
        Var pre = hidden.forward(x);
        assertArrayEquals(new float[] {-1.9f, 3.1f, -0.4f}, pre.value().toArray(), 1e-6f);
        Var h = Ops.sigmoid(pre);
        Var o = Ops.sigmoid(output.forward(h));
        float[] hv = h.value().toArray();
        float[] ov = o.value().toArray();
        assertEquals(0.1301, hv[0], PRINTED_TOL);
        assertEquals(0.9569, hv[1], PRINTED_TOL);
        assertEquals(0.4013, hv[2], PRINTED_TOL);
        assertEquals(0.3458, ov[0], PRINTED_TOL);
        assertEquals(0.8531, ov[1], PRINTED_TOL);

        // E = ½(O1 − T)², T = 0.9; ∂E/∂w(H1→O1) = I·(O − T)·O·(1 − O) with I = H1's output
        Var o1 = Ops.sum(Ops.mul(o, Var.constant(Tensor.of(new float[] {1, 0}, 2)))); // picks O1
        Var loss = Ops.scale(Ops.square(Ops.addScalar(o1, -0.9)), 0.5);
        loss.backward();
        double i1 = 1 / (1 + Math.exp(1.9));
        double i2 = 1 / (1 + Math.exp(-3.1));
        double i3 = 1 / (1 + Math.exp(0.4));
        double out1 = 1 / (1 + Math.exp(-(-3 * i1 + i2 - 3 * i3)));
        double expected = i1 * (out1 - 0.9) * out1 * (1 - out1);
        assertEquals(expected, output.weight().grad().get(0, 0), EXACT_TOL);
        assertEquals(-0.0163, expected, 5e-4); // the notes' rounded figure
        assertEquals(0f, output.weight().grad().get(1, 0)); // O2 is not in this error
    }

    @Test
    void surfPerceptron() {
        Linear l = linear(3, 1, new float[] {5, 2, 4}, new float[] {-3});
        Var y = l.forward(Var.constant(Tensor.of(new float[] {1, 0, 1}, 1, 3)));
        assertEquals(6f, y.item());
        assertEquals(1f, new Step().forward(y).item(), "6 > 0: go surfing");
    }

    @Test
    void logicNeurons() {
        Var inputs = Var.constant(Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2));
        Sequential and = new Sequential(linear(2, 1, new float[] {1, 1}, new float[] {-1.5f}), new Step());
        Sequential or = new Sequential(linear(2, 1, new float[] {1, 1}, new float[] {-0.5f}), new Step());
        assertArrayEquals(new float[] {0, 0, 0, 1}, and.forward(inputs).value().toArray());
        assertArrayEquals(new float[] {0, 1, 1, 1}, or.forward(inputs).value().toArray());
        Sequential not = new Sequential(linear(1, 1, new float[] {-1}, new float[] {0.5f}), new Step());
        assertArrayEquals(new float[] {1, 0}, not.forward(Var.constant(Tensor.of(new float[] {0, 1}, 2, 1))).value().toArray());
        // XOR with the extra feature x1·x2: [x1 + x2 − 2·x1·x2 − 1/2 > 0]
        Var withProduct = Var.constant(Tensor.of(new float[] {0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1}, 4, 3));
        Sequential xor = new Sequential(linear(3, 1, new float[] {1, 1, -2}, new float[] {-0.5f}), new Step());
        assertArrayEquals(new float[] {0, 1, 1, 0}, xor.forward(withProduct).value().toArray());
    }
}
