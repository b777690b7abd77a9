package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * Mean over height and width: (N, H, W, C) → (N, C).
 *
 * <p>Thread safety: stateless (final configuration only, no parameters): forward writes nothing shared in either
 * mode, so it may run on many threads at once (see {@link Module}).
 */
public final class GlobalAvgPool2d extends Module {
    public GlobalAvgPool2d() {
    }

    @Override
    public Var forward(Var x) {
        return Ops.globalAvgPool2d(x);
    }
}
