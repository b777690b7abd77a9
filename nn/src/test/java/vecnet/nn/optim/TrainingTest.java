package vecnet.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.ejml.data.Complex_F32;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F32;
import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.Sequential;
import vecnet.nn.Tanh;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.loss.BCEWithLogitsLoss;
import vecnet.nn.loss.MSELoss;

/** End-to-end: every optimizer trains, L-BFGS on Rosenbrock, XOR, and the learning-rate stability bound. */
@SuppressWarnings("try") // scopes are used for their effect, not referenced
class TrainingTest {
    /** Every optimizer must at least halve the loss of the regression in its step budget. */
    static final double REDUCTION = 0.5;

    /** y = x·(1, −2, 0.5) + 0.3 + small noise, 64 samples. */
    static Tensor[] regressionData() {
        SplittableRandom r = new SplittableRandom(3);
        Tensor x = Tensor.zeros(64, 3);
        Tensor y = Tensor.zeros(64, 1);
        for (int i = 0; i < 64; i++) {
            double s = 0.3;
            double[] beta = {1, -2, 0.5};
            for (int j = 0; j < 3; j++) {
                float v = (float) r.nextDouble(-1, 1);
                x.data()[i * 3 + j] = v;
                s += beta[j] * v;
            }
            y.data()[i] = (float) (s + 0.01 * r.nextGaussian());
        }
        return new Tensor[] {x, y};
    }

    static double regressionLoss(Function<List<Var>, Optimizer> make, int steps) {
        Tensor[] data = regressionData();
        Linear model = new Linear(3, 1, true, new SplittableRandom(1));
        Optimizer opt = make.apply(model.parameters());
        MSELoss mse = new MSELoss();
        Var x = Var.constant(data[0]);
        double first = mse.forward(model.forward(x), data[1]).item();
        double last = first;
        for (int s = 0; s < steps; s++) {
            Var loss = opt.step(() -> {
                opt.zeroGrad();
                Var l = mse.forward(model.forward(x), data[1]);
                l.backward();
                return l;
            });
            last = loss.item();
        }
        try (GradMode.Scope g = GradMode.noGrad()) {
            last = mse.forward(model.forward(x), data[1]).item();
        }
        return last / first;
    }

    @Test
    void everyOptimizerReducesTheRegressionLoss() {
        List<Function<List<Var>, Optimizer>> all = List.of(
                p -> new SGD(p, 0.1),
                p -> new SGD(p, SGD.Options.defaults().lr(0.05).momentum(0.9)),
                p -> new SGD(p, SGD.Options.defaults().lr(0.05).momentum(0.9).nesterov(true)),
                p -> new Adagrad(p, 0.1),
                p -> new RMSprop(p, 0.01),
                p -> new Adam(p, 0.05),
                p -> new AdamW(p, 0.05),
                p -> new RAdam(p, 0.05),
                p -> new AdaBelief(p, 0.05),
                p -> new LBFGS(p, LBFGS.Options.defaults().lr(1).strongWolfe(true)));
        for (int i = 0; i < all.size(); i++) {
            double ratio = regressionLoss(all.get(i), 50);
            assertTrue(ratio < REDUCTION, "optimizer " + i + ": loss ratio " + ratio);
        }
    }

    @Test
    void lbfgsMinimisesRosenbrock() {
        Var xy = Var.parameter(Tensor.of(new float[] {-1.5f, 2f}, 2));
        LBFGS opt = new LBFGS(List.of(xy), LBFGS.Options.defaults().lr(1).maxIter(100).maxEval(125)
                .toleranceGrad(1e-9).toleranceChange(1e-12).historySize(100).strongWolfe(true));
        java.util.function.Supplier<Var> closure = rosenbrock(xy, opt);
        double f = Double.NaN;
        for (int i = 0; i < 5; i++) {
            opt.step(closure);
        }
        try (GradMode.Scope g = GradMode.noGrad()) {
            float x = xy.value().get(0);
            float y = xy.value().get(1);
            f = (1 - x) * (1 - x) + 100.0 * (y - x * x) * (y - x * x);
        }
        assertTrue(f < 1e-6, "Rosenbrock f = " + f + " at " + xy.value());
        assertArrayEquals(new float[] {1, 1}, xy.value().toArray(), 2e-3f);
    }

    /** Rosenbrock's closure over xy for the optimizer opt: f(x, y) = (1 − x)² + 100·(y − x²)², minimum 0 at (1, 1). */
    private static java.util.function.Supplier<Var> rosenbrock(Var xy, Optimizer opt) {
        Var mask0 = Var.constant(Tensor.of(new float[] {1, 0}, 2));
        Var mask1 = Var.constant(Tensor.of(new float[] {0, 1}, 2));
        return () -> {
            opt.zeroGrad();
            Var x = Ops.sum(Ops.mul(xy, mask0));
            Var y = Ops.sum(Ops.mul(xy, mask1));
            Var f = Ops.add(Ops.square(Ops.addScalar(Ops.neg(x), 1)),
                    Ops.scale(Ops.square(Ops.sub(y, Ops.square(x))), 100));
            f.backward();
            return f;
        };
    }

    /**
     * L-BFGS saved after two steps and restored into a new optimizer continues as the original does
     * (within the float rounding of the saved history), and a fresh optimizer, without the history,
     * does not: the state carries the curvature pairs.
     */
    @Test
    void lbfgsStateDictCarriesTheCurvatureHistory() {
        Var a = Var.parameter(Tensor.of(new float[] {-1.5f, 2f}, 2));
        LBFGS.Options options = LBFGS.Options.defaults().lr(1).maxIter(3).maxEval(5).toleranceGrad(1e-9)
                .toleranceChange(1e-12).historySize(4);
        LBFGS original = new LBFGS(List.of(a), options);
        for (int i = 0; i < 2; i++) {
            original.step(rosenbrock(a, original));
        }
        OptimizerState saved = original.stateDict();
        assertTrue(saved.buffers().containsKey("0.old_dirs.0"), "history saved: " + saved.buffers().keySet());
        Var b = Var.parameter(Tensor.of(a.value().toArray(), 2));
        Var c = Var.parameter(Tensor.of(a.value().toArray(), 2));
        LBFGS restored = new LBFGS(List.of(b), options);
        restored.loadStateDict(saved);
        LBFGS fresh = new LBFGS(List.of(c), options);
        original.step(rosenbrock(a, original));
        restored.step(rosenbrock(b, restored));
        fresh.step(rosenbrock(c, fresh));
        float[] expected = a.value().toArray();
        assertArrayEquals(expected, b.value().toArray(), 1e-4f, "restored continues as the original");
        float[] lost = c.value().toArray();
        double gap = Math.max(Math.abs(lost[0] - expected[0]), Math.abs(lost[1] - expected[1]));
        assertTrue(gap > 1e-3, "without the history the step differs, gap " + gap);
        assertEquals(original.functionEvaluations(), restored.functionEvaluations());
    }

    @Test
    void mlpLearnsXor() {
        Sequential model = new Sequential(new Linear(2, 4, true, new SplittableRandom(7)), new Tanh(),
                new Linear(4, 1, true, new SplittableRandom(8)));
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Adam opt = new Adam(model.parameters(), 0.05);
        BCEWithLogitsLoss bce = new BCEWithLogitsLoss();
        for (int s = 0; s < 500; s++) {
            opt.zeroGrad();
            bce.forward(model.forward(Var.constant(x)), y).backward();
            opt.step();
        }
        model.eval();
        try (GradMode.Scope g = GradMode.noGrad()) {
            float[] p = Ops.sigmoid(model.forward(Var.constant(x))).value().toArray();
            for (int i = 0; i < 4; i++) {
                assertTrue(Math.abs(p[i] - y.data()[i]) < 0.1, "sample " + i + ": " + p[i]);
            }
        }
    }

    /**
     * Two Gaussians, 100 points, one linear neuron (2 inputs + bias) with loss L = mean((w·x + b − y)²).
     * L is quadratic with Hessian H = (2/N)·X̃ᵀX̃ (X̃ = [x, 1]); batch GD is stable iff η < 2/λmax(H).
     */
    @Test
    void batchGradientDescentStableBelowTwoOverLambdaMax() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 100;
        Tensor x = Tensor.zeros(n, 2);
        Tensor y = Tensor.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            boolean second = i >= n / 2;
            x.data()[2 * i] = (float) ((second ? 2 : 0) + 0.5 * r.nextGaussian());
            x.data()[2 * i + 1] = (float) ((second ? 2 : 0) + 0.5 * r.nextGaussian());
            y.data()[i] = second ? 1 : 0;
        }
        FMatrixRMaj xt = new FMatrixRMaj(n, 3);
        for (int i = 0; i < n; i++) {
            xt.set(i, 0, x.data()[2 * i]);
            xt.set(i, 1, x.data()[2 * i + 1]);
            xt.set(i, 2, 1);
        }
        FMatrixRMaj h = new FMatrixRMaj(3, 3);
        CommonOps_FDRM.multTransA(xt, xt, h);
        CommonOps_FDRM.scale(2f / n, h);
        EigenDecomposition_F32<FMatrixRMaj> eig = DecompositionFactory_FDRM.eig(3, false, true);
        assertTrue(eig.decompose(h));
        double lambdaMax = 0;
        for (int i = 0; i < 3; i++) {
            Complex_F32 e = eig.getEigenvalue(i);
            lambdaMax = Math.max(lambdaMax, e.real);
        }
        double etaMax = 2 / lambdaMax;

        double[] below = descend(x, y, 0.9 * etaMax, 300);
        double[] above = descend(x, y, 1.1 * etaMax, 300);
        assertTrue(below[1] < below[0] && below[1] < 0.1, "η = 0.9·η_max should converge: " + below[0] + " → " + below[1]);
        assertTrue(above[1] > 1e6 * above[0], "η = 1.1·η_max should diverge: " + above[0] + " → " + above[1]);
    }

    /** {initial loss, final loss} after batch GD (SGD on the full batch). */
    private static double[] descend(Tensor x, Tensor y, double lr, int steps) {
        Linear neuron = new Linear(2, 1, true, new SplittableRandom(2));
        neuron.weight().value().fill(0f);
        neuron.bias().value().fill(0f);
        SGD gd = new SGD(neuron.parameters(), lr);
        MSELoss mse = new MSELoss();
        Var in = Var.constant(x);
        double first = mse.forward(neuron.forward(in), y).item();
        double last = first;
        for (int s = 0; s < steps; s++) {
            gd.zeroGrad();
            Var l = mse.forward(neuron.forward(in), y);
            l.backward();
            gd.step();
            last = l.item();
        }
        return new double[] {first, last};
    }
}
