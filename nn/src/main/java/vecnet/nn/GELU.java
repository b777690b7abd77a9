package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** x·Φ(x) in the tanh approximation (PyTorch approximate="tanh"); the JDK has no erf. */
public final class GELU extends Module {
    public GELU() {
    }

    @Override
    public Var forward(Var x) {
        return Ops.gelu(x);
    }
}
