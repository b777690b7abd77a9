package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * GELU, x·Φ(x), as PyTorch's {@code nn.GELU(approximate=...)}: {@code "none"} (the default) is the exact form,
 * {@code "tanh"} the approximation 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).
 *
 * <p>Thread safety: stateless (final configuration only, no parameters): forward writes nothing shared in either
 * mode, so it may run on many threads at once (see {@link Module}).
 */
public final class GELU extends Module {
    private final boolean tanh;

    public GELU() {
        this("none");
    }

    /** @param approximate {@code "none"} or {@code "tanh"} */
    public GELU(String approximate) {
        if (approximate == null) {
            throw new IllegalArgumentException("approximate must not be null ('none' or 'tanh')");
        }
        if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
            throw new IllegalArgumentException("approximate must be 'none' or 'tanh', was '" + approximate + "'");
        }
        this.tanh = approximate.equals("tanh");
    }

    /** {@code "none"} (exact) or {@code "tanh"}. */
    public String approximate() {
        return tanh ? "tanh" : "none";
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return tanh ? Ops.geluTanh(x) : Ops.gelu(x);
    }

    @Override
    public String toString() {
        return tanh ? "GELU(approximate='tanh')" : "GELU()";
    }
}
