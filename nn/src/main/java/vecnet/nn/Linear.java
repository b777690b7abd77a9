package vecnet.nn;

import java.util.random.RandomGenerator;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * y = x·Wᵀ + b with weight (out, in) as in PyTorch; input (batch, in).
 *
 * <p>Thread safety: forward writes no field in either mode, so it may run on many threads while nobody changes the
 * weights (eval mode, see {@link Module}); training is one thread, since backward accumulates into the weights'
 * shared gradients.
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Var weight;
    private final Var bias;

    public Linear(int in, int out) {
        this(in, out, true, Init.defaultGenerator());
    }

    public Linear(int in, int out, boolean bias, RandomGenerator rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("in and out must be >= 1, were " + in + " and " + out);
        }
        Args.product("weight size in * out = " + in + " * " + out, in, out);
        Args.requireNonNull("rng", rng);
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", Tensor.zeros(out, in));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(out)) : null;
        resetParameters(rng);
    }

    /**
     * PyTorch's default: kaiming-uniform with a = √5, i.e. U(±1/√in), for the weight and U(±1/√in) for
     * the bias.
     */
    public void resetParameters(RandomGenerator rng) {
        Args.requireNonNull("rng", rng);
        Init.kaimingUniform(weight.value(), Math.sqrt(5), false, rng);
        if (bias != null) {
            double bound = 1 / Math.sqrt(in);
            Init.uniform(bias.value(), -bound, bound, rng);
        }
    }

    public Var weight() {
        return weight;
    }

    /** The bias, or null without one. */
    public Var bias() {
        return bias;
    }

    @Override
    public Var forward(Var x) {
        return Ops.linear(x, weight, bias);
    }

    @Override
    public String toString() {
        return "Linear(" + in + ", " + out + ", bias=" + (bias != null) + ")";
    }
}
