package vecnet.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.Sequential;
import vecnet.nn.Tanh;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;
import vecnet.nn.loss.MSELoss;
import vecnet.nn.optim.Adam;
import vecnet.nn.optim.CosineAnnealingLR;

/**
 * Universal approximation (Cybenko 1989): one hidden layer of tanh units, 1-H-1, fitted to sin(x) on
 * [−π, π] by full-batch Adam on MSE. Prints the loss as it trains and the max |sin − fit| on a grid 10x
 * finer than the training points, and writes a PNG chart of sin against the fit.
 * Options: {@code --hidden 32 --steps 3000 --seed 1 --out target/examples/cybenko.png}.
 */
@SuppressWarnings("try") // the no-grad scope is used for its effect
public final class Cybenko {
    static final int TRAIN_POINTS = 201;
    static final int GRID_POINTS = 2001;
    static final double LEARNING_RATE = 0.01;
    static final Path DEFAULT_CHART = Path.of("target", "examples", "cybenko.png");

    /** Final training MSE, the max abs error on the fine grid, and where the chart went (null: none). */
    record Result(double trainLoss, double maxAbsError, Path chart) {
    }

    private Cybenko() {
    }

    public static void main(String[] args) throws IOException {
        Args a = Args.parse(args, "hidden", "steps", "seed", "out");
        run(a.intValue("hidden", 32), a.intValue("steps", 3000), a.longValue("seed", 1),
                a.path("out", DEFAULT_CHART), System.out);
    }

    /** Trains and reports; {@code chart} null writes no chart. */
    static Result run(int hidden, int steps, long seed, Path chart, PrintStream out) throws IOException {
        if (hidden < 1 || steps < 1) {
            throw new IllegalArgumentException("hidden and steps must be >= 1, were " + hidden + " and " + steps);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Sequential net = new Sequential(new Linear(1, hidden, true, rng.split()), new Tanh(),
                new Linear(hidden, 1, true, rng.split()));
        Tensor x = grid(TRAIN_POINTS);
        Tensor y = sin(x);
        Var in = Var.constant(x);
        Adam opt = new Adam(net.parameters(), LEARNING_RATE);
        CosineAnnealingLR schedule = new CosineAnnealingLR(opt, steps);
        MSELoss mse = new MSELoss();

        out.printf(Locale.ROOT, "Cybenko: 1-%d-1 tanh network fitting sin(x) on [-pi, pi], %d training points, "
                + "full-batch Adam lr %.3g (cosine-annealed), %d steps, seed %d%n", hidden, TRAIN_POINTS, LEARNING_RATE,
                steps, seed);
        out.println("  step | train MSE");
        double loss = Double.NaN;
        int every = Math.max(1, steps / 10);
        for (int s = 1; s <= steps; s++) {
            opt.zeroGrad();
            Var l = mse.forward(net.forward(in), y);
            loss = l.item();
            l.backward();
            opt.step();
            schedule.step();
            if (s == 1 || s % every == 0 || s == steps) {
                out.printf(Locale.ROOT, "%6d | %.3e%n", s, loss);
            }
        }

        net.eval();
        Tensor fine = grid(GRID_POINTS);
        float[] fit;
        try (GradMode.Scope g = GradMode.noGrad()) {
            fit = net.forward(Var.constant(fine)).value().toArray();
            loss = mse.forward(net.forward(in), y).item();
        }
        double maxErr = 0;
        double[] xs = new double[GRID_POINTS];
        double[] truth = new double[GRID_POINTS];
        double[] approx = new double[GRID_POINTS];
        for (int i = 0; i < GRID_POINTS; i++) {
            xs[i] = fine.data()[i];
            truth[i] = Math.sin(xs[i]);
            approx[i] = fit[i];
            maxErr = Math.max(maxErr, Math.abs(truth[i] - approx[i]));
        }
        out.printf(Locale.ROOT, "final train MSE %.3e; max |sin(x) - fit(x)| on %d grid points: %.4f%n", loss, GRID_POINTS,
                maxErr);
        if (chart != null) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            series.put("sin(x)", new double[][] {xs, truth});
            series.put("1-" + hidden + "-1 tanh fit", new double[][] {xs, approx});
            Charts.lines(chart, "One hidden layer fits sin(x): max error " + String.format(Locale.ROOT, "%.4f", maxErr),
                    "x", "y", series, Charts.YScale.LINEAR);
            out.println("chart: " + chart.toAbsolutePath().normalize());
        }
        return new Result(loss, maxErr, chart);
    }

    /** n evenly spaced points from −π to π as an (n, 1) column. */
    static Tensor grid(int n) {
        Tensor t = Tensor.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            t.data()[i] = (float) (-Math.PI + 2 * Math.PI * i / (n - 1));
        }
        return t;
    }

    private static Tensor sin(Tensor x) {
        Tensor t = Tensor.zeros(x.size(), 1);
        for (int i = 0; i < x.size(); i++) {
            t.data()[i] = (float) Math.sin(x.data()[i]);
        }
        return t;
    }
}
