package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * (N, ...) → (N, rest); a view, no copy.
 *
 * <p>Thread safety: stateless (final configuration only, no parameters): forward writes nothing shared in either
 * mode, so it may run on many threads at once (see {@link Module}).
 */
public final class Flatten extends Module {
    public Flatten() {
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        return Ops.flatten(x);
    }
}
