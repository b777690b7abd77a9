package vecnet.nn;

import java.util.random.RandomGenerator;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * 2-D convolution (cross-correlation) on channels-last activations (N, H, W, C). The weight is stored
 * (out, kh, kw, in) — not PyTorch's (out, in, kh, kw) — so it is a row-major GEMM operand against the
 * NHWC im2col matrix. Init as PyTorch: kaiming-uniform a = √5 and bias U(±1/√(in·kh·kw)).
 */
public final class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int kh;
    private final int kw;
    private final int stride;
    private final int padding;
    private final Var weight;
    private final Var bias;

    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, kernel, 1, 0, true, Init.defaultGenerator());
    }

    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, kernel, stride, padding, true, Init.defaultGenerator());
    }

    public Conv2d(int in, int out, int kh, int kw, int stride, int padding, boolean bias, RandomGenerator rng) {
        if (in < 1 || out < 1 || kh < 1 || kw < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d needs in, out, kernel, stride >= 1 and padding >= 0, were in="
                    + in + ", out=" + out + ", kernel=(" + kh + ", " + kw + "), stride=" + stride + ", padding=" + padding);
        }
        this.in = in;
        this.out = out;
        this.kh = kh;
        this.kw = kw;
        this.stride = stride;
        this.padding = padding;
        this.weight = registerParameter("weight", Tensor.zeros(out, kh, kw, in));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(out)) : null;
        Init.kaimingUniform(weight.value(), Math.sqrt(5), false, rng);
        if (this.bias != null) {
            double bound = 1 / Math.sqrt(in * kh * kw);
            Init.uniform(this.bias.value(), -bound, bound, rng);
        }
    }

    public Var weight() {
        return weight;
    }

    public Var bias() {
        return bias;
    }

    @Override
    public Var forward(Var x) {
        return Ops.conv2d(x, weight, bias, stride, stride, padding, padding);
    }

    @Override
    public String toString() {
        return "Conv2d(" + in + ", " + out + ", kernel=(" + kh + ", " + kw + "), stride=" + stride + ", padding="
                + padding + ")";
    }
}
