package vecnet.nn;

import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** tanh x. */
public final class Tanh extends Module {
    @Override
    public Var forward(Var x) {
        return Ops.tanh(x);
    }
}
