package vecnet.nn;

import java.util.ArrayList;
import java.util.List;

import vecnet.nn.autograd.Var;

/**
 * Runs its modules in order; children are named "0", "1", ... as in PyTorch.
 *
 * <p>Thread safety: forward is as safe as its layers (see {@link Module}: eval mode, many threads); {@link #add}
 * changes the layer list: finish it before the model is shared.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        Args.requireNonNull("layers", layers);
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) {
                throw new IllegalArgumentException("layers[" + i + "] must not be null");
            }
            add(layers[i]);
        }
    }

    public Sequential add(Module m) {
        Args.requireNonNull("m", m);
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x); // an empty Sequential would hand it back
        Var y = x;
        for (int i = 0; i < layers.size(); i++) {
            y = layers.get(i).forward(y);
        }
        return y;
    }

    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}
