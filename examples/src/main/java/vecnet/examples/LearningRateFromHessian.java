package vecnet.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F32;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;
import vecnet.nn.loss.MSELoss;
import vecnet.nn.optim.SGD;

/**
 * The largest stable learning rate from the Hessian. 100 points from two Gaussians (targets 0 and 1),
 * one linear neuron ŷ = w1·x1 + w2·x2 + b, loss L = MSE = (1/N)·Σ(ŷ − y)² as nn's {@link MSELoss}
 * computes it. L is quadratic in θ = (w1, w2, b) with Hessian H = (2/N)·X̃ᵀX̃, X̃ = [x, 1]; gradient
 * descent is stable iff η < η_max = 2/λmax(H) (η_opt = 1/λmax). Full-batch GD from θ = 0 at 0.9·η_max
 * converges, at 1.1·η_max diverges; per-sample SGD with a small rate converges. Prints the loss table and
 * writes a log-scale PNG chart of the curves.
 * Options: {@code --seed 7 --iterations 100 --epochs 20 --out target/examples/lr-hessian.png}.
 */
@SuppressWarnings("try") // the no-grad scope is used for its effect
public final class LearningRateFromHessian {
    static final int POINTS = 100;
    static final double[] MEAN_0 = {0, 0};
    static final double[] MEAN_1 = {2, 1};
    static final double STD = 0.5;
    static final double BELOW = 0.9;
    static final double ABOVE = 1.1;
    /** The per-sample SGD rate as a fraction of η_max (the course: 0.2 against η_max ≈ 2.38). */
    static final double SGD_FRACTION = 0.05;
    /** A loss above this (or not finite) ends a diverging run: the chart's log axis needs finite values. */
    static final double BLOW_UP = 1e30;
    static final Path DEFAULT_CHART = Path.of("target", "examples", "lr-hessian.png");

    /**
     * The Hessian (row-major 3x3), its largest eigenvalue, η_max, the least-squares optimum of L, the
     * loss before each GD iteration (index 0 = start) below and above η_max (the diverging run may end
     * early), and the full-batch loss after each SGD epoch (index 0 = start) with its rate.
     */
    record Result(double[] hessian, double lambdaMax, double etaMax, double optimumLoss, double[] lossBelow,
                  double[] lossAbove, double sgdLr, double[] sgdLoss, Path chart) {
    }

    private LearningRateFromHessian() {
    }

    public static void main(String[] args) throws IOException {
        Args a = Args.parse(args, "seed", "iterations", "epochs", "out");
        run(a.longValue("seed", 7), a.intValue("iterations", 100), a.intValue("epochs", 20), a.path("out", DEFAULT_CHART),
                System.out);
    }

    /** Runs the experiment; {@code chart} null writes no chart. */
    static Result run(long seed, int iterations, int epochs, Path chart, PrintStream out) throws IOException {
        if (iterations < 1 || epochs < 1) {
            throw new IllegalArgumentException("iterations and epochs must be >= 1, were " + iterations + " and " + epochs);
        }
        Tensor[] data = twoGaussians(seed);
        Tensor x = data[0];
        Tensor y = data[1];
        out.printf(Locale.ROOT, "%d points: half around (%.0f, %.0f) with target 0, half around (%.0f, %.0f) with target 1, "
                + "std %.1f, seed %d%n", POINTS, MEAN_0[0], MEAN_0[1], MEAN_1[0], MEAN_1[1], STD, seed);
        out.println("linear neuron y^ = w1 x1 + w2 x2 + b, loss L = (1/N) sum (y^ - y)^2 (nn's MSELoss)");

        FMatrixRMaj xt = new FMatrixRMaj(POINTS, 3);
        for (int i = 0; i < POINTS; i++) {
            xt.set(i, 0, x.get(i, 0));
            xt.set(i, 1, x.get(i, 1));
            xt.set(i, 2, 1);
        }
        FMatrixRMaj h = new FMatrixRMaj(3, 3);
        CommonOps_FDRM.multTransA(xt, xt, h);
        CommonOps_FDRM.scale(2f / POINTS, h);
        double[] eigen = eigenvalues(h);
        double lambdaMax = eigen[2];
        double etaMax = 2 / lambdaMax;
        out.println();
        out.println("Hessian of L with respect to (w1, w2, b): H = (2/N) X~^T X~, X~ = [x1, x2, 1]");
        for (int r = 0; r < 3; r++) {
            out.printf(Locale.ROOT, "  [%8.4f %8.4f %8.4f]%n", h.get(r, 0), h.get(r, 1), h.get(r, 2));
        }
        out.printf(Locale.ROOT, "eigenvalues (EJML) %.4f, %.4f, %.4f%n", eigen[0], eigen[1], eigen[2]);
        out.printf(Locale.ROOT, "lambda_max = %.4f, eta_opt = 1/lambda_max = %.4f, eta_max = 2/lambda_max = %.4f%n", lambdaMax,
                1 / lambdaMax, etaMax);
        out.println("(the course's data: lambda_max 0.84, eta_max 2.38; with a bias input, H's (b, b) entry is 2 here,"
                + " so lambda_max >= 2 in this convention)");

        // θ* solves H θ = (2/N) X~ᵀ y; L(θ* + d) − L(θ*) = ½ dᵀ H d checks the convention on nn's loss
        FMatrixRMaj rhs = new FMatrixRMaj(3, 1);
        FMatrixRMaj yy = new FMatrixRMaj(POINTS, 1, true, Arrays.copyOf(y.data(), POINTS));
        CommonOps_FDRM.multTransA(xt, yy, rhs);
        CommonOps_FDRM.scale(2f / POINTS, rhs);
        FMatrixRMaj opt = new FMatrixRMaj(3, 1);
        if (!CommonOps_FDRM.solve(h, rhs, opt)) {
            throw new IllegalStateException("the Hessian is singular: the points do not span the plane");
        }
        float[] theta = {opt.get(0), opt.get(1), opt.get(2)};
        double optimum = loss(x, y, theta);
        float[] d = {0.1f, -0.2f, 0.3f};
        double quad = 0;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                quad += 0.5 * d[r] * h.get(r, c) * d[c];
            }
        }
        double rise = loss(x, y, new float[] {theta[0] + d[0], theta[1] + d[1], theta[2] + d[2]}) - optimum;
        out.printf(Locale.ROOT, "least-squares optimum (w1, w2, b) = (%.4f, %.4f, %.4f), L* = %.6f%n", theta[0], theta[1],
                theta[2], optimum);
        out.printf(Locale.ROOT, "check: L(theta* + d) - L* = %.6f, 1/2 d^T H d = %.6f for d = (0.1, -0.2, 0.3)%n", rise, quad);

        double[] below = gradientDescent(x, y, BELOW * etaMax, iterations);
        double[] above = gradientDescent(x, y, ABOVE * etaMax, iterations);
        out.println();
        out.printf(Locale.ROOT, "full-batch gradient descent from theta = 0: eta = %.1f eta_max = %.4f and %.1f eta_max = %.4f%n",
                BELOW, BELOW * etaMax, ABOVE, ABOVE * etaMax);
        out.println("  iteration | L (0.9 eta_max) | L (1.1 eta_max)");
        for (int t = 0; t <= iterations; t++) {
            if (t <= 5 || t % 10 == 0 || t == iterations) {
                out.printf(Locale.ROOT, "  %9d | %15.6e | %s%n", t, below[t],
                        t < above.length ? String.format(Locale.ROOT, "%15.6e", above[t]) : "      (stopped)");
            }
        }
        out.printf(Locale.ROOT, "0.9 eta_max: %s (L %.6f -> %.6f, L* = %.6f); 1.1 eta_max: %s (L %.3e -> %.3e)%n",
                below[below.length - 1] < below[0] ? "converges" : "does not converge", below[0], below[below.length - 1],
                optimum, above[above.length - 1] > above[0] ? "diverges" : "does not diverge", above[0],
                above[above.length - 1]);

        double sgdLr = SGD_FRACTION * etaMax;
        double[] sgd = perSampleSgd(x, y, sgdLr, epochs, seed);
        out.println();
        out.printf(Locale.ROOT, "per-sample SGD (batch 1, shuffled each epoch), eta = %.2f eta_max = %.4f%n", SGD_FRACTION, sgdLr);
        out.println("  epoch | full-batch L");
        for (int e = 0; e <= epochs; e++) {
            if (e <= 3 || e % 5 == 0 || e == epochs) {
                out.printf(Locale.ROOT, "  %5d | %.6f%n", e, sgd[e]);
            }
        }
        out.printf(Locale.ROOT, "SGD: L %.6f -> %.6f (L* = %.6f)%n", sgd[0], sgd[epochs], optimum);

        if (chart != null) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            series.put(String.format(Locale.ROOT, "GD, eta = 0.9 eta_max = %.3f", BELOW * etaMax), xy(below));
            series.put(String.format(Locale.ROOT, "GD, eta = 1.1 eta_max = %.3f", ABOVE * etaMax), xy(above));
            series.put(String.format(Locale.ROOT, "SGD batch 1, eta = %.3f (per epoch)", sgdLr), xy(sgd));
            Charts.lines(chart, String.format(Locale.ROOT, "Learning rate vs 2/lambda_max = %.3f", etaMax),
                    "passes over the data (GD iteration = SGD epoch)", "MSE", series, Charts.YScale.LOG);
            out.println("chart: " + chart.toAbsolutePath().normalize());
        }
        return new Result(toDoubles(h), lambdaMax, etaMax, optimum, below, above, sgdLr, sgd,
                chart);
    }

    /** x (N, 2) and y (N, 1): the first half around {@link #MEAN_0} (target 0), the second around {@link #MEAN_1} (1). */
    static Tensor[] twoGaussians(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(POINTS, 2);
        Tensor y = Tensor.zeros(POINTS, 1);
        for (int i = 0; i < POINTS; i++) {
            boolean second = i >= POINTS / 2;
            double[] mean = second ? MEAN_1 : MEAN_0;
            x.set((float) (mean[0] + STD * r.nextGaussian()), i, 0);
            x.set((float) (mean[1] + STD * r.nextGaussian()), i, 1);
            y.set(second ? 1f : 0f, i, 0);
        }
        return new Tensor[] {x, y};
    }

    private static double[] eigenvalues(FMatrixRMaj h) {
        EigenDecomposition_F32<FMatrixRMaj> eig = DecompositionFactory_FDRM.eig(3, false, true);
        if (!eig.decompose(h.copy())) {
            throw new IllegalStateException("EJML could not decompose the Hessian " + h);
        }
        double[] ev = new double[3];
        for (int i = 0; i < 3; i++) {
            ev[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(ev);
        return ev;
    }

    /** The loss before each iteration and after the last; stops early once the loss blows up. */
    private static double[] gradientDescent(Tensor x, Tensor y, double lr, int iterations) {
        Linear neuron = zeroNeuron();
        SGD gd = new SGD(neuron.parameters(), lr);
        MSELoss mse = new MSELoss();
        Var in = Var.constant(x);
        double[] losses = new double[iterations + 1];
        for (int t = 0; t < iterations; t++) {
            gd.zeroGrad();
            Var l = mse.forward(neuron.forward(in), y);
            losses[t] = l.item();
            if (!(losses[t] < BLOW_UP)) {
                return Arrays.copyOf(losses, t); // the blown-up value is not kept (it may be infinite)
            }
            l.backward();
            gd.step();
        }
        losses[iterations] = fullLoss(neuron, x, y);
        return losses[iterations] < BLOW_UP ? losses : Arrays.copyOf(losses, iterations);
    }

    /** Full-batch loss before the first epoch and after each. */
    private static double[] perSampleSgd(Tensor x, Tensor y, double lr, int epochs, long seed) {
        Linear neuron = zeroNeuron();
        SGD sgd = new SGD(neuron.parameters(), lr);
        MSELoss mse = new MSELoss();
        SplittableRandom shuffle = new SplittableRandom(seed + 1);
        int[] order = new int[POINTS];
        for (int i = 0; i < POINTS; i++) {
            order[i] = i;
        }
        Tensor xi = Tensor.zeros(1, 2);
        Tensor yi = Tensor.zeros(1, 1);
        double[] losses = new double[epochs + 1];
        losses[0] = fullLoss(neuron, x, y);
        for (int e = 1; e <= epochs; e++) {
            for (int i = POINTS - 1; i > 0; i--) { // Fisher-Yates
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int k = 0; k < POINTS; k++) {
                int s = order[k];
                xi.set(x.get(s, 0), 0, 0);
                xi.set(x.get(s, 1), 0, 1);
                yi.set(y.get(s, 0), 0, 0);
                sgd.zeroGrad();
                mse.forward(neuron.forward(Var.constant(xi)), yi).backward();
                sgd.step();
            }
            losses[e] = fullLoss(neuron, x, y);
        }
        return losses;
    }

    private static Linear zeroNeuron() {
        Linear neuron = new Linear(2, 1, true, new SplittableRandom(0));
        neuron.weight().value().fill(0f); // θ = 0: the same start for every run
        neuron.bias().value().fill(0f);
        return neuron;
    }

    private static double fullLoss(Linear neuron, Tensor x, Tensor y) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return new MSELoss().forward(neuron.forward(Var.constant(x)), y).item();
        }
    }

    /** nn's MSE of the neuron with parameters θ = (w1, w2, b). */
    private static double loss(Tensor x, Tensor y, float[] theta) {
        Linear neuron = Layers.linear(2, 1, new float[] {theta[0], theta[1]}, new float[] {theta[2]});
        return fullLoss(neuron, x, y);
    }

    private static double[] toDoubles(FMatrixRMaj m) {
        double[] d = new double[m.getNumElements()];
        for (int i = 0; i < d.length; i++) {
            d[i] = m.get(i);
        }
        return d;
    }

    private static double[][] xy(double[] ys) {
        double[] xs = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i;
        }
        return new double[][] {xs, ys.clone()};
    }
}
