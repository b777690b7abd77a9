package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vecnet.nn.PyTorchFixtures.EPS;
import static vecnet.nn.PyTorchFixtures.at;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.nn.io.Layouts;

/**
 * Small conv/pool nets against PyTorch 1.13 (fixtures by scripts/pytorch/op_fixtures.py, conv/): the
 * PyTorch state dict converted with {@link Layouts#fromPyTorch} (conv weights) and
 * {@link Layouts#linearInputFromNchw} (the Linear after the Flatten) loads strictly; the output and the
 * gradients of sum(w·output) with respect to the input (NHWC in the fixture) and every parameter
 * (converted back to PyTorch's layouts) match. Covers padding, stride 2, a rectangular kernel, no bias,
 * a 1x1 convolution with padding, max pooling (also overlapping), average pooling with stride 1, and
 * batch norm (training, with its running statistics) before a global average pool.
 * Pooling with padding, ceil_mode or dilation is not offered by vecnet.
 */
class ConvPoolPyTorchTest {
    /**
     * |ours − PyTorch| <= CONV_ULPS · EPS · √n · (|e| + max|E|), n the net's longest reduction (a conv
     * weight gradient sums over N·OH·OW products) and max|E| the tensor's scale (sums may cancel to 0):
     * both libraries sum in float, in different orders (im2col + GEMM blocks here), over three layers.
     */
    static final double CONV_ULPS = 8;

    static final SplittableRandom RNG = new SplittableRandom(1); // the parameters come from the file

    /**
     * Loads PyTorch's state of {@code net} (whose child {@code linear} follows a Flatten of (c, h, w)),
     * runs the fixture and compares; {@code n} is the longest reduction.
     */
    static void check(String name, Sequential net, String linear, int c, int h, int w, int n) throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>(Layouts.fromPyTorch(PyTorchFixtures.model("conv", name), net));
        state.put(linear + ".weight", Layouts.linearInputFromNchw(state.get(linear + ".weight"), c, h, w));
        net.loadStateDict(state, true);
        PyTorchFixtures fx = PyTorchFixtures.load("conv", name);
        double tol = CONV_ULPS * EPS * Math.sqrt(n);
        net.zeroGrad();
        Var x = Var.parameter(fx.get("input").copy());
        Var out = net.forward(x);
        compare(fx.get("output"), out.value(), tol, name + " output");
        PyTorchFixtures.weighted(out, fx.get("w_output")).backward();
        compare(fx.get("grad.input"), x.grad(), tol, name + " grad input");
        int params = 0;
        for (Map.Entry<String, Var> p : net.namedParameters().entrySet()) {
            String key = p.getKey();
            Tensor g = p.getValue().grad();
            if (key.equals(linear + ".weight")) {
                g = Layouts.linearInputToNchw(g, c, h, w);
            } else if (g.rank() == 4) {
                g = Conv2d.toOihw(g);
            }
            compare(fx.get("grad." + key), g, tol, name + " grad " + key);
            params++;
        }
        for (String key : fx.keys("after.")) { // batch norm's running statistics after the step
            String buffer = key.substring("after.".length());
            compare(fx.get(key), net.stateDict().get(buffer), tol, name + " " + buffer);
        }
        assertEquals(fx.keys("grad.").size() - 1, params, name + " parameters");
    }

    static void compare(Tensor expected, Tensor actual, double tol, String what) {
        double scale = PyTorchFixtures.maxAbs(expected);
        PyTorchFixtures.assertClose(expected, actual, what, i -> tol * (Math.abs(at(expected, i)) + scale));
    }

    @Test
    void convPaddingReluMaxPoolLinear() throws IOException {
        Sequential net = new Sequential(new Conv2d(2, 3, 3, 3, 1, 1, true, RNG), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(27, 4, true, RNG));
        check("conv_maxpool", net, "4", 3, 3, 3, 2 * 6 * 6);
    }

    @Test
    void convStride2TanhAvgPoolStride1Linear() throws IOException {
        Sequential net = new Sequential(new Conv2d(3, 4, 3, 3, 2, 1, true, RNG), new Tanh(), new AvgPool2d(2, 1),
                new Flatten(), new Linear(36, 3, true, RNG));
        check("conv_stride_avgpool", net, "4", 4, 3, 3, 3 * 3 * 4);
    }

    /**
     * GlobalAvgPool2d is PyTorch's AdaptiveAvgPool2d(1) + Flatten: an Identity keeps the children's
     * numbers. The conv has no bias, as usual before batch norm: a bias there has gradient exactly 0
     * (the batch mean removes it), so both libraries would return only rounding noise of the terms.
     */
    @Test
    void convBatchNormReluGlobalAvgPoolLinear() throws IOException {
        Sequential net = new Sequential(new Conv2d(2, 4, 3, 3, 1, 1, false, RNG), new BatchNorm2d(4), new ReLU(),
                new GlobalAvgPool2d(), new Identity(), new Linear(4, 3, true, RNG));
        check("conv_batchnorm_globalavgpool", net, "5", 4, 1, 1, 4 * 5 * 5);
    }

    @Test
    void rectangularKernelNoBiasOverlappingMaxPool1x1ConvLinear() throws IOException {
        Sequential net = new Sequential(new Conv2d(2, 3, 2, 3, 1, 0, false, RNG), new MaxPool2d(3, 2),
                new Conv2d(3, 2, 1, 1, 1, 1, true, RNG), new Flatten(), new Linear(32, 2, true, RNG));
        check("conv_rect_nobias_overlapping_maxpool", net, "4", 2, 4, 4, 3 * 6 * 6);
    }
}
