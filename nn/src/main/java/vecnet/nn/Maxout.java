package vecnet.nn;

import java.util.random.RandomGenerator;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * Maxout (Goodfellow et al. 2013): out units, each the max of k affine pieces w_iᵀx + b_i. One Linear
 * of out·k rows (unit j owns rows j·k … j·k + k − 1), then a max over each group.
 *
 * <p>Thread safety: forward writes no field in either mode, so it may run on many threads while nobody changes the
 * weights (eval mode, see {@link Module}); training is one thread, since backward accumulates into the weights'
 * shared gradients.
 */
public final class Maxout extends Module {
    private final int pieces;
    private final Linear linear;

    public Maxout(int in, int out, int pieces) {
        this(in, out, pieces, Init.defaultGenerator());
    }

    public Maxout(int in, int out, int pieces, RandomGenerator rng) {
        Args.requirePositive("in", in);
        Args.requirePositive("out", out);
        Args.requirePositive("pieces", pieces);
        int rows = Args.product("out * pieces = " + out + " * " + pieces, out, pieces);
        Args.product("weight size in * out * pieces = " + in + " * " + out + " * " + pieces, in, out, pieces);
        Args.requireNonNull("rng", rng);
        this.pieces = pieces;
        this.linear = registerModule("linear", new Linear(in, rows, true, rng));
    }

    public Linear linear() {
        return linear;
    }

    @Override
    public Var forward(Var x) {
        return Ops.maxGroups(linear.forward(x), pieces);
    }
}
