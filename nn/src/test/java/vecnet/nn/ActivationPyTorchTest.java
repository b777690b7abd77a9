package vecnet.nn;

import static vecnet.nn.PyTorchFixtures.EPS;
import static vecnet.nn.PyTorchFixtures.at;

import java.io.IOException;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * Every activation vecnet shares with PyTorch against PyTorch 1.13 (fixtures by
 * scripts/pytorch/op_fixtures.py, activations/): output and input gradient of sum(g·f(x)) on inputs with
 * awkward values (0, ±1e-7, the kinks ±3 of HardSigmoid, ±20 ... ±100 where exp over- or underflows).
 */
class ActivationPyTorchTest {
    /**
     * Elementwise: |ours − PyTorch| <= ELEMENTWISE_ULPS · EPS · (|f(x)| + |x|) for the output and
     * (|f'(x)·g| + |g|·max(1, |x|)) for the gradient. vecnet evaluates in double and rounds once,
     * PyTorch in float: each differs from the true value by a few ulps of the result, and PyTorch's own
     * cancellations (1 + tanh(u) near −1 in GELU-tanh, 1 − y² from a rounded tanh y) cost it up to an ulp
     * of the terms, which are of order |x| and |g|.
     */
    static final double ELEMENTWISE_ULPS = 4;
    /**
     * Softmax and log-softmax over rows of C: SOFTMAX_ULPS · EPS · √C times the magnitude of the
     * terms summed (the row's exponentials, and for the gradients the row's Σ|g|).
     */
    static final double SOFTMAX_ULPS = 4;

    /** SELU's λ·α (PyTorch's 1.0507… · 1.6733…), the scale of its e^x − 1 branch. */
    static final double SELU_SCALE_ALPHA = 1.0507009873554804934193349852946 * 1.6732632423543772848170429916717;

    static PyTorchFixtures fx;
    static Tensor x;
    static Tensor g;

    @BeforeAll
    static void load() throws IOException {
        fx = PyTorchFixtures.load("activations", "activations");
        x = fx.get("input");
        g = fx.get("grad_output");
    }

    /** Output and input gradient of {@code f} against the fixture's {@code name}.*. */
    static void checkElementwise(String name, UnaryOperator<Var> f) {
        checkElementwise(name, f, 0);
    }

    /**
     * As {@link #checkElementwise(String, UnaryOperator)} for an op whose negative branch is
     * {@code scale}·(e^x − 1). A difference by design: vecnet computes it with expm1, PyTorch 1.13's float
     * kernel as exp(x) − 1, which loses up to an ulp of 1 (times scale) to cancellation: at x = −1e-7
     * PyTorch's ELU is −1.19e-7 (one ulp below 1, minus 1), the true value and ours −1.0e-7. So for x < 0
     * the output bound adds scale · EPS, PyTorch's own error; the gradient (scale·e^x) has no cancellation.
     */
    static void checkElementwise(String name, UnaryOperator<Var> f, double expm1Scale) {
        Var in = Var.parameter(x.copy());
        Var y = f.apply(in);
        Tensor ey = fx.get(name + ".output");
        PyTorchFixtures.assertClose(ey, y.value(), name + " output",
                i -> ELEMENTWISE_ULPS * EPS * (Math.abs(at(ey, i)) + Math.abs(at(x, i)))
                        + (at(x, i) < 0 ? expm1Scale * EPS : 0));
        PyTorchFixtures.weighted(y, g).backward();
        Tensor eg = fx.get(name + ".grad.input");
        PyTorchFixtures.assertClose(eg, in.grad(), name + " grad input", i -> ELEMENTWISE_ULPS * EPS
                * (Math.abs(at(eg, i)) + Math.abs(at(g, i)) * Math.max(1, Math.abs(at(x, i)))));
    }

    @Test
    void relu() {
        checkElementwise("relu", new ReLU()::forward);
    }

    @Test
    void leakyRelu() {
        checkElementwise("leaky_relu", new LeakyReLU()::forward);
        checkElementwise("leaky_relu_0.2", new LeakyReLU(0.2)::forward);
    }

    @Test
    void elu() {
        checkElementwise("elu", new ELU()::forward, 1.0);
        checkElementwise("elu_0.5", new ELU(0.5)::forward, 0.5);
    }

    @Test
    void selu() {
        checkElementwise("selu", new SELU()::forward, SELU_SCALE_ALPHA);
    }

    @Test
    void gelu() {
        checkElementwise("gelu", new GELU()::forward);
        checkElementwise("gelu_tanh", new GELU("tanh")::forward);
    }

    @Test
    void silu() {
        checkElementwise("silu", new SiLU()::forward);
    }

    @Test
    void sigmoidAndTanh() {
        checkElementwise("sigmoid", new Sigmoid()::forward);
        checkElementwise("tanh", new Tanh()::forward);
    }

    @Test
    void softplus() {
        checkElementwise("softplus", new Softplus()::forward);
    }

    @Test
    void hardSigmoid() {
        checkElementwise("hardsigmoid", new HardSigmoid()::forward);
    }

    @Test
    void identity() {
        checkElementwise("identity", new Identity()::forward);
    }

    /** Σ|t| over the row (of length c) that holds element i, for the softmax bounds. */
    static double rowAbsSum(Tensor t, int i, int c) {
        double s = 0;
        int r = i / c * c;
        for (int j = r; j < r + c; j++) {
            s += Math.abs(at(t, j));
        }
        return s;
    }

    @Test
    void softmaxLastAxis() {
        int c = x.shape().dim(-1);
        double tol = SOFTMAX_ULPS * EPS * Math.sqrt(c);
        Var in = Var.parameter(x.copy());
        Var y = new Softmax().forward(in);
        Tensor p = fx.get("softmax.output");
        // relative, plus the smallest normal float: exponentials that underflow lose their relative precision
        PyTorchFixtures.assertClose(p, y.value(), "softmax output",
                i -> tol * Math.abs(at(p, i)) + Float.MIN_NORMAL);
        PyTorchFixtures.weighted(y, g).backward();
        Tensor eg = fx.get("softmax.grad.input");
        // dx = y·(g − Σ g·y)
        PyTorchFixtures.assertClose(eg, in.grad(), "softmax grad input", i -> tol
                * (Math.abs(at(eg, i)) + Math.abs(at(p, i)) * (Math.abs(at(g, i)) + rowAbsSum(g, i, c)))
                + Float.MIN_NORMAL);
    }

    @Test
    void logSoftmaxLastAxis() {
        int c = x.shape().dim(-1);
        double tol = SOFTMAX_ULPS * EPS * Math.sqrt(c);
        Var in = Var.parameter(x.copy());
        Var y = Ops.logSoftmax(in);
        Tensor ey = fx.get("log_softmax.output");
        Tensor p = fx.get("softmax.output");
        // x − max − log Σ e^(x − max): the terms are of order |x| and the row's max |x|
        PyTorchFixtures.assertClose(ey, y.value(), "log_softmax output",
                i -> tol * (Math.abs(at(ey, i)) + Math.abs(at(x, i)) + rowMaxAbs(x, i, c)));
        PyTorchFixtures.weighted(y, g).backward();
        Tensor eg = fx.get("log_softmax.grad.input");
        // dx = g − softmax·Σ g
        PyTorchFixtures.assertClose(eg, in.grad(), "log_softmax grad input", i -> tol
                * (Math.abs(at(eg, i)) + Math.abs(at(g, i)) + Math.abs(at(p, i)) * rowAbsSum(g, i, c)));
    }

    /** max |t| over the row (of length c) that holds element i. */
    static double rowMaxAbs(Tensor t, int i, int c) {
        double m = 0;
        int r = i / c * c;
        for (int j = r; j < r + c; j++) {
            m = Math.max(m, Math.abs(at(t, j)));
        }
        return m;
    }
}
