package vecnet.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.Module;
import vecnet.nn.Sequential;
import vecnet.nn.Sigmoid;
import vecnet.nn.Step;
import vecnet.nn.Tanh;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;
import vecnet.nn.loss.BCELoss;
import vecnet.nn.optim.Adam;

/**
 * Logic with threshold neurons (the course's weights): AND = [x1 + x2 − 3/2 > 0],
 * OR = [x1 + x2 − 1/2 > 0], NOT = [−x1 + 1/2 > 0]. Then XOR: one sigmoid neuron trained with BCE never
 * gets more than 3 of the 4 cases right (nor does any line: a grid search over weights agrees); with the
 * extra feature x1·x2 one neuron learns it; so does a 2-4-1 tanh/sigmoid MLP, and so does the course's
 * hand-wired two-layer threshold network [(x1 ∨ x2) − (x1 ∧ x2) − 1/2 > 0].
 * Options: {@code --seed 1 --steps 1000 --restarts 5}.
 */
@SuppressWarnings("try") // the no-grad scope is used for its effect
public final class LogicNeurons {
    static final float[] INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
    static final float[] XOR = {0, 1, 1, 0};
    static final double LEARNING_RATE = 0.05;
    /** Half-width and step of the weight grid searched for a line that separates XOR. */
    static final double GRID_BOUND = 3;
    static final double GRID_STEP = 0.25;

    /**
     * Truth tables (one output per row of {@link #INPUTS}; NOT on inputs 0, 1) and the XOR results:
     * cases right out of 4 for the best single neuron seen during training (any step, any restart), the
     * best line on the grid, the neuron with the x1·x2 feature, and the MLP, with the MLP's probabilities.
     */
    record Result(float[] and, float[] or, float[] not, float[] xorWithFeatureByHand, float[] xorTwoLayerByHand,
                  int singleNeuronBestCorrect, int gridBestCorrect, int featureNeuronCorrect, int mlpCorrect,
                  float[] mlpProbabilities) {
    }

    private LogicNeurons() {
    }

    public static void main(String[] args) {
        Args a = Args.parse(args, "seed", "steps", "restarts");
        run(a.longValue("seed", 1), a.intValue("steps", 1000), a.intValue("restarts", 5), System.out);
    }

    static Result run(long seed, int steps, int restarts, PrintStream out) {
        if (steps < 1 || restarts < 1) {
            throw new IllegalArgumentException("steps and restarts must be >= 1, were " + steps + " and " + restarts);
        }
        Var x = Layers.input(INPUTS, 4, 2);
        out.println("Threshold neurons [w.x + b > 0] with the course's weights");
        float[] and = gate(Layers.linear(2, 1, new float[] {1, 1}, new float[] {-1.5f}), x);
        float[] or = gate(Layers.linear(2, 1, new float[] {1, 1}, new float[] {-0.5f}), x);
        printTable(out, "AND = [x1 + x2 - 3/2 > 0]", and);
        printTable(out, "OR  = [x1 + x2 - 1/2 > 0]", or);
        float[] not = gate(Layers.linear(1, 1, new float[] {-1}, new float[] {0.5f}), Layers.input(new float[] {0, 1}, 2, 1));
        out.println("NOT = [-x1 + 1/2 > 0]");
        out.printf(Locale.ROOT, "  x1=0 -> %d%n  x1=1 -> %d%n", (int) not[0], (int) not[1]);

        Var withProduct = Layers.input(withProductFeature(), 4, 3);
        float[] xorFeature = gate(Layers.linear(3, 1, new float[] {1, 1, -2}, new float[] {-0.5f}), withProduct);
        printTable(out, "XOR with the feature x1*x2: [x1 + x2 - 2 x1 x2 - 1/2 > 0]", xorFeature);
        Sequential twoLayer = new Sequential(Layers.linear(2, 2, new float[] {1, 1, 1, 1}, new float[] {-0.5f, -1.5f}),
                new Step(), Layers.linear(2, 1, new float[] {1, -1}, new float[] {-0.5f}), new Step());
        float[] xorTwoLayer = twoLayer.forward(x).value().toArray();
        printTable(out, "XOR by two layers: [(x1 OR x2) - (x1 AND x2) - 1/2 > 0]", xorTwoLayer);

        out.println();
        out.println("XOR learned with BCE and Adam (lr " + LEARNING_RATE + ", " + steps + " full-batch steps, seed " + seed + ")");
        Tensor y = Tensor.of(XOR.clone(), 4, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        int singleBest = 0;
        for (int r = 0; r < restarts; r++) {
            Sequential neuron = new Sequential(new Linear(2, 1, true, rng.split()), new Sigmoid());
            singleBest = Math.max(singleBest, train(neuron, x, y, steps));
        }
        out.printf(Locale.ROOT, "one sigmoid neuron Linear(2,1): best %d/4 right over every step of %d restarts%n", singleBest,
                restarts);
        int gridBest = bestLineOnGrid();
        out.printf(Locale.ROOT, "best line [w1 x1 + w2 x2 + b > 0] on a grid w, b in [-%.0f, %.0f] step %.2f: %d/4%n",
                GRID_BOUND, GRID_BOUND, GRID_STEP, gridBest);

        Sequential featureNeuron = new Sequential(new Linear(3, 1, true, rng.split()), new Sigmoid());
        train(featureNeuron, withProduct, y, steps);
        int featureCorrect = correct(probabilities(featureNeuron, withProduct));
        out.printf(Locale.ROOT, "one sigmoid neuron on (x1, x2, x1*x2): %d/4 right%n", featureCorrect);

        Sequential mlp = new Sequential(new Linear(2, 4, true, rng.split()), new Tanh(), new Linear(4, 1, true, rng.split()),
                new Sigmoid());
        train(mlp, x, y, steps);
        float[] p = probabilities(mlp, x);
        int mlpCorrect = correct(p);
        out.printf(Locale.ROOT, "MLP 2-4-1 (tanh, sigmoid output): %d/4 right%n", mlpCorrect);
        out.println("  x1 x2 | target | p(1)   | predicted");
        for (int i = 0; i < 4; i++) {
            out.printf(Locale.ROOT, "   %d  %d |   %d    | %.4f | %d%n", (int) INPUTS[2 * i], (int) INPUTS[2 * i + 1], (int) XOR[i],
                    p[i], p[i] > 0.5f ? 1 : 0);
        }
        return new Result(and, or, not, xorFeature, xorTwoLayer, singleBest, gridBest, featureCorrect, mlpCorrect, p);
    }

    private static float[] gate(Linear sum, Var x) {
        return new Sequential(sum, new Step()).forward(x).value().toArray();
    }

    private static float[] withProductFeature() {
        float[] f = new float[12];
        for (int i = 0; i < 4; i++) {
            f[3 * i] = INPUTS[2 * i];
            f[3 * i + 1] = INPUTS[2 * i + 1];
            f[3 * i + 2] = INPUTS[2 * i] * INPUTS[2 * i + 1];
        }
        return f;
    }

    private static void printTable(PrintStream out, String title, float[] outputs) {
        out.println(title);
        for (int i = 0; i < 4; i++) {
            out.printf(Locale.ROOT, "  x1=%d x2=%d -> %d%n", (int) INPUTS[2 * i], (int) INPUTS[2 * i + 1], (int) outputs[i]);
        }
    }

    /** Full-batch BCE training; returns the most cases right at any step (before each update). */
    private static int train(Module model, Var x, Tensor y, int steps) {
        Adam opt = new Adam(model.parameters(), LEARNING_RATE);
        BCELoss bce = new BCELoss();
        int best = 0;
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            Var p = model.forward(x);
            best = Math.max(best, correct(p.value().toArray()));
            bce.forward(p, y).backward();
            opt.step();
        }
        return Math.max(best, correct(probabilities(model, x)));
    }

    private static float[] probabilities(Module model, Var x) {
        model.eval();
        try (GradMode.Scope g = GradMode.noGrad()) {
            return model.forward(x).value().toArray();
        } finally {
            model.train();
        }
    }

    /** XOR cases predicted right at threshold 1/2. */
    static int correct(float[] p) {
        int right = 0;
        for (int i = 0; i < 4; i++) {
            if ((p[i] > 0.5f ? 1 : 0) == (int) XOR[i]) {
                right++;
            }
        }
        return right;
    }

    /** The most XOR cases any threshold neuron [w1 x1 + w2 x2 + b > 0] on the weight grid gets right. */
    static int bestLineOnGrid() {
        int n = (int) Math.round(2 * GRID_BOUND / GRID_STEP);
        int best = 0;
        for (int i = 0; i <= n; i++) {
            double w1 = -GRID_BOUND + i * GRID_STEP;
            for (int j = 0; j <= n; j++) {
                double w2 = -GRID_BOUND + j * GRID_STEP;
                for (int k = 0; k <= n; k++) {
                    double b = -GRID_BOUND + k * GRID_STEP;
                    int right = 0;
                    for (int s = 0; s < 4; s++) {
                        int fire = w1 * INPUTS[2 * s] + w2 * INPUTS[2 * s + 1] + b > 0 ? 1 : 0;
                        if (fire == (int) XOR[s]) {
                            right++;
                        }
                    }
                    best = Math.max(best, right);
                }
            }
        }
        return best;
    }
}
