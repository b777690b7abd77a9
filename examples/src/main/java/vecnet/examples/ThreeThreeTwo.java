package vecnet.examples;

import java.io.PrintStream;
import java.util.Locale;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * The course's 3-3-2 sigmoid network (no biases): input (0.5, 0.9, −0.3), hidden pre-activations
 * (−1.9, 3.1, −0.4), outputs ≈ (0.35, 0.85); then backprop of E = ½(O1 − T)² with T = 0.9 by
 * autograd, next to the hand formula ∂E/∂w(H1→O1) = I·(O − T)·O·(1 − O). No options.
 */
public final class ThreeThreeTwo {
    /** The input as the course prints it (the hand formula uses these exact decimals). */
    static final double[] COURSE_INPUT = {0.5, 0.9, -0.3};
    static final float[] INPUT = {0.5f, 0.9f, -0.3f};
    /** Rows: H1, H2, H3; columns: the three inputs. */
    static final float[] HIDDEN_WEIGHTS = {1, -2, 2, 2, 1, -4, 1, -1, 0};
    /** Rows: O1, O2; columns: H1, H2, H3. */
    static final float[] OUTPUT_WEIGHTS = {-3, 1, -3, 0, 1, 2};
    static final double TARGET = 0.9;

    /**
     * What the network computes: hidden pre-activations and activations, outputs, ∂E/∂w(Hj→O1) for
     * j = 1..3 by autograd, and the hand formula for H1→O1 recomputed in double from the weights.
     */
    record Result(float[] hiddenPre, float[] hidden, float[] outputs, float[] gradO1, double handGradH1O1) {
    }

    private ThreeThreeTwo() {
    }

    public static void main(String[] args) {
        Args.parse(args);
        run(System.out);
    }

    static Result run(PrintStream out) {
        Linear hiddenLayer = Layers.linear(3, 3, HIDDEN_WEIGHTS, null);
        Linear outputLayer = Layers.linear(3, 2, OUTPUT_WEIGHTS, null);
        Var x = Layers.input(INPUT, 1, 3);
        Var pre = hiddenLayer.forward(x);
        Var h = Ops.sigmoid(pre);
        Var preOut = outputLayer.forward(h);
        Var o = Ops.sigmoid(preOut);

        out.println("3-3-2 sigmoid network, input I = (0.5, 0.9, -0.3), no biases");
        out.println("hidden weights H1 (1, -2, 2), H2 (2, 1, -4), H3 (1, -1, 0); output O1 (-3, 1, -3), O2 (0, 1, 2)");
        out.println("hidden pre-activations   " + vector(pre.value().toArray()) + "   (course: -1.9, 3.1, -0.4)");
        out.println("hidden activations S(.)  " + vector(h.value().toArray()) + "   (course: 0.13, 0.96, 0.40)");
        out.println("output pre-activations   " + vector(preOut.value().toArray()) + "   (course: -0.63, 1.76)");
        out.println("outputs S(.)             " + vector(o.value().toArray()) + "   (course: 0.35, 0.85)");

        // E = ½(O1 − T)²: pick O1 with a mask so the tape runs through the whole network
        Var o1 = Ops.sum(Ops.mul(o, Var.constant(Tensor.of(new float[] {1, 0}, 1, 2))));
        Var error = Ops.scale(Ops.square(Ops.addScalar(o1, -TARGET)), 0.5);
        error.backward();
        Tensor g = outputLayer.weight().grad();
        float[] gradO1 = {g.get(0, 0), g.get(0, 1), g.get(0, 2)};

        // the hand formula, with every value recomputed in double from the weights
        double[] hid = new double[3];
        for (int j = 0; j < 3; j++) {
            double z = 0;
            for (int k = 0; k < 3; k++) {
                z += HIDDEN_WEIGHTS[j * 3 + k] * COURSE_INPUT[k];
            }
            hid[j] = sigmoid(z);
        }
        double i1 = hid[0];
        double out1 = sigmoid(OUTPUT_WEIGHTS[0] * hid[0] + OUTPUT_WEIGHTS[1] * hid[1] + OUTPUT_WEIGHTS[2] * hid[2]);
        double hand = i1 * (out1 - TARGET) * out1 * (1 - out1);
        out.println();
        out.printf(Locale.ROOT, "backprop, target T = %.1f for O1, E = 1/2 (O1 - T)^2 = %.6f%n", TARGET, error.item());
        out.printf(Locale.ROOT, "dE/dw(H1->O1) by autograd             % .8f%n", gradO1[0]);
        out.printf(Locale.ROOT, "I (O - T) O (1 - O) by hand (double)  % .8f   (I = H1's output %.4f, O = %.4f)%n", hand, i1,
                out1);
        out.printf(Locale.ROOT, "with the course's rounded values      % .8f   (0.13 (0.35 - 0.9) 0.35 (1 - 0.35))%n",
                0.13 * (0.35 - 0.9) * 0.35 * (1 - 0.35));
        out.println("dE/dw(Hj->O1), j = 1..3, by autograd   " + vector(gradO1));
        return new Result(pre.value().toArray(), h.value().toArray(), o.value().toArray(), gradO1, hand);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static String vector(float[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v[i]));
        }
        return sb.append(')').toString();
    }
}
