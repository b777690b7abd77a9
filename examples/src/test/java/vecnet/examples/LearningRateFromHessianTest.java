package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;

class LearningRateFromHessianTest {
    /** The float Hessian and EJML's float eigenvalues against a double recomputation. */
    static final double MATRIX_TOL = 1e-4;
    static final double EIGEN_TOL = 1e-3;
    /** Below η_max, 100 GD steps end this close (relative) to the least-squares optimum. */
    static final double CONVERGED = 1e-3;
    /** Above η_max, 100 steps grow the loss by more than this factor. */
    static final double DIVERGED = 1e6;
    /** Constant-rate SGD ends within this fraction above the optimum (its noise floor). */
    static final double SGD_FLOOR = 0.5;

    @Test
    void rateBelowTwoOverLambdaMaxConvergesAndAboveDiverges() throws IOException {
        Path png = ChartsTest.DIR.resolve("lr-hessian.png");
        Files.deleteIfExists(png);
        LearningRateFromHessian.Result r = LearningRateFromHessian.run(7, 100, 20, png, new Sink().out);

        // H = (2/N) X~ᵀX~ recomputed in double; λmax by power iteration
        Tensor x = LearningRateFromHessian.twoGaussians(7)[0];
        int n = x.dim(0);
        double[][] h = new double[3][3];
        for (int i = 0; i < n; i++) {
            double[] row = {x.get(i, 0), x.get(i, 1), 1};
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    h[a][b] += 2.0 / n * row[a] * row[b];
                }
            }
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(h[a][b], r.hessian()[a * 3 + b], MATRIX_TOL, "H[" + a + "][" + b + "]");
            }
        }
        double lambda = powerIteration(h);
        assertEquals(lambda, r.lambdaMax(), EIGEN_TOL * lambda);
        assertEquals(2 / r.lambdaMax(), r.etaMax(), 1e-12);

        double[] below = r.lossBelow();
        assertEquals(101, below.length, "every iteration recorded");
        assertTrue(below[100] < below[0], "0.9 eta_max decreases the loss: " + below[0] + " -> " + below[100]);
        assertEquals(r.optimumLoss(), below[100], CONVERGED * r.optimumLoss(), "0.9 eta_max reaches the optimum");
        double[] above = r.lossAbove();
        assertTrue(above[above.length - 1] > DIVERGED * above[0], "1.1 eta_max diverges: " + above[0] + " -> "
                + above[above.length - 1]);
        double[] sgd = r.sgdLoss();
        assertTrue(sgd[sgd.length - 1] < (1 + SGD_FLOOR) * r.optimumLoss(), "SGD converges: " + sgd[sgd.length - 1]
                + " against the optimum " + r.optimumLoss());
        ChartsTest.assertPng(png);
    }

    private static double powerIteration(double[][] h) {
        double[] v = {1, 1, 1};
        double lambda = 0;
        for (int it = 0; it < 500; it++) {
            double[] w = new double[3];
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    w[a] += h[a][b] * v[b];
                }
            }
            double norm = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            lambda = norm / Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            for (int a = 0; a < 3; a++) {
                v[a] = w[a] / norm;
            }
        }
        return lambda;
    }
}
