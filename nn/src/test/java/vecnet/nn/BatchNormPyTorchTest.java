package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vecnet.nn.PyTorchFixtures.EPS;
import static vecnet.nn.PyTorchFixtures.at;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;

/**
 * BatchNorm1d and BatchNorm2d against PyTorch 1.13 (fixtures by scripts/pytorch/op_fixtures.py,
 * batchnorm/): from PyTorch's state (weight and bias not 1 and 0), three training steps on batches of
 * different mean and scale, each compared in output, gradients of sum(w·output) with respect to the
 * input, weight and bias, and the running mean and (unbiased) variance after the step's momentum
 * update; then one eval step on the running statistics. 4-D tensors are NHWC in the fixture.
 * PyTorch's (N, C, L) input to BatchNorm1d is not offered by vecnet.
 */
class BatchNormPyTorchTest {
    /**
     * |ours − PyTorch| <= BN_ULPS · EPS · √n · (|e| + max|E|), n the values per feature the mean,
     * variance and the backward's two sums run over (N, or N·H·W), max|E| the tensor's scale: the
     * gradient (g − mean(g) − x̂·mean(g·x̂))/σ cancels, so its small elements are an ulp of the largest.
     * The running statistics carry the step's rounding over three steps.
     */
    static final double BN_ULPS = 8;
    static final List<String> STEPS = List.of("0", "1", "2", "eval");

    static void check(String name, BatchNorm bn, int perFeature) throws IOException {
        bn.loadStateDict(PyTorchFixtures.model("batchnorm", name), true);
        PyTorchFixtures fx = PyTorchFixtures.load("batchnorm", name);
        double tol = BN_ULPS * EPS * Math.sqrt(perFeature);
        for (String s : STEPS) {
            if (s.equals("eval")) {
                bn.eval();
            } else {
                bn.train();
            }
            String what = name + " step " + s;
            bn.zeroGrad();
            Var x = Var.parameter(fx.get(s + ".input").copy());
            Var out = bn.forward(x);
            compare(fx.get(s + ".output"), out.value(), tol, what + " output");
            PyTorchFixtures.weighted(out, fx.get(s + ".w_output")).backward();
            compare(fx.get(s + ".grad.input"), x.grad(), tol, what + " grad input");
            compare(fx.get(s + ".grad.weight"), bn.namedParameters().get("weight").grad(), tol, what + " grad weight");
            compare(fx.get(s + ".grad.bias"), bn.namedParameters().get("bias").grad(), tol, what + " grad bias");
            compare(fx.get(s + ".running_mean"), bn.runningMean(), tol, what + " running_mean");
            compare(fx.get(s + ".running_var"), bn.runningVar(), tol, what + " running_var");
        }
        assertEquals(3f, bn.stateDict().get("num_batches_tracked").data()[0], name + " num_batches_tracked");
    }

    static void compare(Tensor expected, Tensor actual, double tol, String what) {
        double scale = PyTorchFixtures.maxAbs(expected);
        PyTorchFixtures.assertClose(expected, actual, what, i -> tol * (Math.abs(at(expected, i)) + scale));
    }

    @Test
    void batchNorm1d() throws IOException {
        check("bn1d", new BatchNorm1d(4), 6);
    }

    @Test
    void batchNorm1dEpsMomentum() throws IOException {
        check("bn1d_eps_momentum", new BatchNorm1d(3, 1e-3, 0.3), 5);
    }

    @Test
    void batchNorm2d() throws IOException {
        check("bn2d", new BatchNorm2d(3), 2 * 4 * 4);
    }
}
