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
 *
 * <p>Thread safety: forward writes no field in either mode, so it may run on many threads while nobody changes the
 * weights (eval mode, see {@link Module}); training is one thread, since backward accumulates into the weights'
 * shared gradients.
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
        requireRank4("oihw", oihw, "(out, in, kh, kw)");
        return relayout(oihw, true, oihw.dim(0), oihw.dim(1), oihw.dim(2), oihw.dim(3));
    }

    /** Ours (out, kh, kw, in) → PyTorch's (out, in, kh, kw), as a new tensor. */
    public static Tensor toOihw(Tensor ohwi) {
        requireRank4("ohwi", ohwi, "(out, kh, kw, in)");
        return relayout(ohwi, false, ohwi.dim(0), ohwi.dim(3), ohwi.dim(1), ohwi.dim(2));
    }

    private static void requireRank4(String name, Tensor t, String layout) {
        Args.requireNonNull(name, t);
        if (t.rank() != 4) {
            throw new IllegalArgumentException(name + " must have rank 4 " + layout + ", shape was " + t.shape());
        }
    }

    /** Copies a weight of o filters, c channels and a kh × kw kernel from one layout to the other. */
    private static Tensor relayout(Tensor src, boolean fromOihw, int o, int c, int kh, int kw) {
        Tensor out = fromOihw ? Tensor.zeros(o, kh, kw, c) : Tensor.zeros(o, c, kh, kw);
        for (int a = 0; a < o; a++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int oihw = ((a * c + ch) * kh + i) * kw + j;
                        int ohwi = ((a * kh + i) * kw + j) * c + ch;
                        out.data()[fromOihw ? ohwi : oihw] = src.data()[src.offset() + (fromOihw ? oihw : ohwi)];
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
