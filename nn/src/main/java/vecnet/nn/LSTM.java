package vecnet.nn;

import java.util.random.RandomGenerator;

import vecnet.nn.autograd.SequenceOps;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * Long short-term memory, PyTorch's {@code nn.LSTM}: gates (i, f, g, o) stacked in that order in
 * {@code weight_ih_lK} (4H, in) and {@code weight_hh_lK} (4H, H); c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
 * Input (T, N, F), or (N, T, F) batch-first; a PyTorch LSTM's state dict loads as it is.
 *
 * <p>Thread safety: no hidden state is kept between calls (initial states are arguments, zero by default) and
 * forward writes no field in either mode, so it may run on many threads while nobody changes the weights; training
 * is one thread (backward accumulates into the weights' shared gradients).
 */
public final class LSTM extends RecurrentLayer {
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, false, Init.defaultGenerator());
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, boolean bidirectional,
                RandomGenerator rng) {
        super(SequenceOps.Cell.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, rng);
    }

    /** Output, h_n and c_n; h0 and c0 are (layers·D, N, H), or null for zeros. */
    public RecurrentOutput forward(Var x, Var h0, Var c0) {
        return run(x, h0, c0);
    }
}
