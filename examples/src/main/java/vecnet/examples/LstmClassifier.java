package vecnet.examples;

import java.util.SplittableRandom;

import vecnet.nn.LSTM;
import vecnet.nn.Linear;
import vecnet.nn.Module;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * An LSTM over the rows of an image (batch-first (N, steps, features)) and a linear classifier on its
 * final hidden state: sequential MNIST. State dict names as PyTorch's {@code lstm.weight_ih_l0},
 * {@code fc.weight}.
 */
final class LstmClassifier extends Module {
    private final LSTM lstm;
    private final Linear fc;
    private final int hidden;

    LstmClassifier(int features, int hidden, int classes, SplittableRandom r) {
        this.hidden = hidden;
        this.lstm = registerModule("lstm", new LSTM(features, hidden, 1, true, true, false, r));
        this.fc = registerModule("fc", new Linear(hidden, classes, true, r));
    }

    @Override
    public Var forward(Var x) {
        Var hN = lstm.forward(x, null, null).hN(); // (1, N, H)
        return fc.forward(Ops.reshape(hN, x.shape().dim(0), hidden));
    }

    @Override
    public String toString() {
        return "LstmClassifier(" + lstm + ", " + fc + ")";
    }
}
