package vecnet.nn;

import java.util.random.RandomGenerator;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * 2-D convolution (cross-correlation) on channels-last activations (N, H, W, C). The weight is stored
 * (out, kh, kw, in) — not PyTorch's (out, in, kh, kw) — so each output channel's filter is one
 * contiguous row in the NHWC im2col order; {@link Ops#conv2d} hands the simd kernels its transpose
 * (kh·kw·in, out) as per-call scratch. Init as PyTorch: kaiming-uniform a = √5 and bias U(±1/√(in·kh·kw)).
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
                    + in + ", out=" + out + ", kernel (kh, kw)=(" + kh + ", " + kw + "), stride=" + stride + ", padding=" + padding);
        }
        Args.product("weight size out * kh * kw * in = " + out + " * " + kh + " * " + kw + " * " + in, out, kh, kw, in);
        Args.requireNonNull("rng", rng);
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
            double bound = 1 / Math.sqrt((double) in * kh * kw);
            Init.uniform(this.bias.value(), -bound, bound, rng);
        }
    }

    /** PyTorch's weight layout (out, in, kh, kw) → ours (out, kh, kw, in), as a new tensor. */
    public static Tensor fromOihw(Tensor oihw) {
        Args.requireNonNull("oihw", oihw);
        if (oihw.rank() != 4) {
            throw new IllegalArgumentException("oihw must have rank 4 (out, in, kh, kw), shape was " + oihw.shape());
        }
        int o = oihw.dim(0);
        int c = oihw.dim(1);
        int kh = oihw.dim(2);
        int kw = oihw.dim(3);
        Tensor out = Tensor.zeros(o, kh, kw, c);
        for (int a = 0; a < o; a++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        out.data()[((a * kh + i) * kw + j) * c + ch] = oihw.data()[oihw.offset() + ((a * c + ch) * kh + i) * kw + j];
                    }
                }
            }
        }
        return out;
    }

    /** Ours (out, kh, kw, in) → PyTorch's (out, in, kh, kw), as a new tensor. */
    public static Tensor toOihw(Tensor ohwi) {
        Args.requireNonNull("ohwi", ohwi);
        if (ohwi.rank() != 4) {
            throw new IllegalArgumentException("ohwi must have rank 4 (out, kh, kw, in), shape was " + ohwi.shape());
        }
        int o = ohwi.dim(0);
        int kh = ohwi.dim(1);
        int kw = ohwi.dim(2);
        int c = ohwi.dim(3);
        Tensor out = Tensor.zeros(o, c, kh, kw);
        for (int a = 0; a < o; a++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        out.data()[((a * c + ch) * kh + i) * kw + j] = ohwi.data()[ohwi.offset() + ((a * kh + i) * kw + j) * c + ch];
                    }
                }
            }
        }
        return out;
    }

    public Var weight() {
        return weight;
    }

    public Var bias() {
        return bias;
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    public int kernelHeight() {
        return kh;
    }

    public int kernelWidth() {
        return kw;
    }

    /** The same stride along both axes. */
    public int stride() {
        return stride;
    }

    /** The same zero padding on every side. */
    public int padding() {
        return padding;
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
