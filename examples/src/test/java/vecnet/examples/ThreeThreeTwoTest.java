package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThreeThreeTwoTest {
    /** The course prints two decimals. */
    static final double TWO_DECIMALS = 0.005;
    static final double PRE_ACTIVATION_TOL = 1e-6;
    static final double GRADIENT_TOL = 1e-6;
    /** The course's −0.0163 comes from values rounded to two decimals. */
    static final double ROUNDED_TOL = 5e-4;

    @Test
    void forwardValuesAndGradientMatchTheCourse() {
        Sink sink = new Sink();
        ThreeThreeTwo.Result r = ThreeThreeTwo.run(sink.out);
        double[] pre = {-1.9, 3.1, -0.4};
        double[] hidden = {0.13, 0.96, 0.40};
        for (int j = 0; j < 3; j++) {
            assertEquals(pre[j], r.hiddenPre()[j], PRE_ACTIVATION_TOL, "pre-activation H" + (j + 1));
            assertEquals(hidden[j], r.hidden()[j], TWO_DECIMALS, "activation H" + (j + 1));
        }
        assertEquals(0.35, r.outputs()[0], TWO_DECIMALS);
        assertEquals(0.85, r.outputs()[1], TWO_DECIMALS);

        // the hand formula in double, independently of the example
        double[] h = new double[3];
        for (int j = 0; j < 3; j++) {
            h[j] = sigmoid(pre[j]);
        }
        double o1 = sigmoid(-3 * h[0] + h[1] - 3 * h[2]);
        for (int j = 0; j < 3; j++) {
            double expected = h[j] * (o1 - 0.9) * o1 * (1 - o1);
            assertEquals(expected, r.gradO1()[j], GRADIENT_TOL, "dE/dw(H" + (j + 1) + "->O1)");
        }
        assertEquals(h[0] * (o1 - 0.9) * o1 * (1 - o1), r.handGradH1O1(), 1e-12, "the example's own hand value");
        assertEquals(-0.0163, r.gradO1()[0], ROUNDED_TOL);
        assertTrue(sink.text().contains("dE/dw(H1->O1) by autograd"), sink.text());
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
