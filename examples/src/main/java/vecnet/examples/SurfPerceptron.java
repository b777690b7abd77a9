package vecnet.examples;

import java.io.PrintStream;
import java.util.Locale;

import vecnet.nn.Linear;
import vecnet.nn.Sequential;
import vecnet.nn.Step;
import vecnet.nn.autograd.Var;

/**
 * The course's decision perceptron: inputs x = (1, 0, 1), weights (5, 2, 4), bias −3, so
 * ŷ = 5 + 0 + 4 − 3 = 6 > 0: go surfing. Also prints the decision for all eight binary inputs.
 * Options: {@code --x 1,0,1} (three inputs).
 */
public final class SurfPerceptron {
    static final float[] WEIGHTS = {5, 2, 4};
    static final float BIAS = -3;
    static final double[] COURSE_INPUT = {1, 0, 1};

    /** The weighted sum for the chosen input and whether the threshold neuron fires. */
    record Result(double weightedSum, boolean goSurfing) {
    }

    private SurfPerceptron() {
    }

    public static void main(String[] args) {
        Args a = Args.parse(args, "x");
        run(a.doubles("x", COURSE_INPUT), System.out);
    }

    static Result run(double[] x, PrintStream out) {
        if (x.length != 3) {
            throw new IllegalArgumentException("--x must have 3 values, had " + x.length);
        }
        Linear sum = Layers.linear(3, 1, WEIGHTS, new float[] {BIAS});
        Sequential neuron = new Sequential(sum, new Step());
        float[] in = {(float) x[0], (float) x[1], (float) x[2]};

        out.println("Surf perceptron: y = [w.x + b > 0], w = (5, 2, 4), b = -3");
        double z = sum.forward(Layers.input(in, 1, 3)).item();
        boolean fire = neuron.forward(Layers.input(in, 1, 3)).item() > 0;
        out.printf(Locale.ROOT, "x = (%s, %s, %s): w.x + b = 5*%s + 2*%s + 4*%s - 3 = %s %s 0 -> %s%n", n(x[0]), n(x[1]),
                n(x[2]), n(x[0]), n(x[1]), n(x[2]), n(z), z > 0 ? ">" : "<=", fire ? "go surfing" : "stay home");

        out.println();
        out.println("All binary inputs (one batch through the same neuron):");
        float[] all = new float[8 * 3];
        for (int r = 0; r < 8; r++) {
            for (int j = 0; j < 3; j++) {
                all[r * 3 + j] = (r >> (2 - j)) & 1;
            }
        }
        Var sums = sum.forward(Layers.input(all, 8, 3));
        Var decisions = neuron.forward(Layers.input(all, 8, 3));
        out.println("x1 x2 x3 | w.x+b | decision");
        for (int r = 0; r < 8; r++) {
            out.printf(Locale.ROOT, " %d  %d  %d | %5s | %s%n", (int) all[r * 3], (int) all[r * 3 + 1], (int) all[r * 3 + 2],
                    n(sums.value().get(r, 0)), decisions.value().get(r, 0) > 0 ? "go surfing" : "stay home");
        }
        return new Result(z, fire);
    }

    /** Whole numbers without ".0", others as they are. */
    private static String n(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
