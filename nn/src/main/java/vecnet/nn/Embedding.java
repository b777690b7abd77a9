package vecnet.nn;

import java.util.random.RandomGenerator;

import vecnet.core.Tensor;
import vecnet.nn.autograd.SequenceOps;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * A lookup table, PyTorch's {@code nn.Embedding}: {@code weight} (num, dim) initialised N(0, 1), one row
 * per index. With a padding index, that row starts at zero and receives no gradient (as PyTorch), so it
 * stays what it is; a negative padding index counts from the end, as PyTorch's.
 *
 * <p>Thread safety: forward writes no field in either mode, so it may run on many threads while nobody changes the
 * weights (eval mode, see {@link Module}); training is one thread, since backward accumulates into the weights'
 * shared gradients.
 */
public final class Embedding extends Module {
    private final int num;
    private final int dim;
    private final int paddingIdx; // -1: none
    private final Var weight;

    public Embedding(int num, int dim) {
        this(num, dim, Init.defaultGenerator());
    }

    public Embedding(int num, int dim, RandomGenerator rng) {
        this(num, dim, false, 0, rng);
    }

    public Embedding(int num, int dim, int paddingIdx, RandomGenerator rng) {
        this(num, dim, true, paddingIdx, rng);
    }

    private Embedding(int num, int dim, boolean padded, int paddingIdx, RandomGenerator rng) {
        Args.requirePositive("num", num);
        Args.requirePositive("dim", dim);
        Args.product("weight size num * dim = " + num + " * " + dim, num, dim);
        Args.requireNonNull("rng", rng);
        if (padded && (paddingIdx < -num || paddingIdx >= num)) {
            throw new IllegalArgumentException("paddingIdx must be in [" + -num + ", " + num + "), was " + paddingIdx);
        }
        this.num = num;
        this.dim = dim;
        this.paddingIdx = !padded ? -1 : paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        this.weight = registerParameter("weight", Tensor.zeros(num, dim));
        resetParameters(rng);
    }

    /** PyTorch's {@code reset_parameters}: N(0, 1), then the padding row zeroed. */
    public void resetParameters(RandomGenerator rng) {
        Args.requireNonNull("rng", rng);
        Init.normal(weight.value(), 0, 1, rng);
        if (paddingIdx >= 0) {
            java.util.Arrays.fill(weight.value().data(), weight.value().offset() + paddingIdx * dim,
                    weight.value().offset() + (paddingIdx + 1) * dim, 0f);
        }
    }

    public Var weight() {
        return weight;
    }

    /** The padding row, or −1 without one. */
    public int paddingIdx() {
        return paddingIdx;
    }

    /** Indices given as floats with integral values (any shape) → (shape..., dim). */
    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        Tensor t = x.value();
        int[] idx = new int[t.size()];
        for (int i = 0; i < idx.length; i++) {
            float v = t.data()[t.offset() + i];
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException("x must hold integral indices, element " + i + " was " + v);
            }
            if (!(v >= 0 && v < num)) { // named here: SequenceOps would call them "indices"
                throw new IllegalArgumentException("x must hold indices in [0, " + num + "), element " + i + " was " + v);
            }
            idx[i] = (int) v;
        }
        return SequenceOps.embedding(weight, idx, t.shape().dims(), paddingIdx);
    }

    /** Rows for {@code indices}, shaped (shape..., dim); no shape means (indices.length, dim). */
    public Var forward(int[] indices, int... shape) {
        Args.requireNonNull("indices", indices);
        Args.requireNonNull("shape", shape);
        return SequenceOps.embedding(weight, indices, shape.length == 0 ? new int[] {indices.length} : shape,
                paddingIdx);
    }

    @Override
    public String toString() {
        return "Embedding(" + num + ", " + dim + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "") + ")";
    }
}
