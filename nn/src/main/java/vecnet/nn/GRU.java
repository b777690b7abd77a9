package vecnet.nn;

import java.util.random.RandomGenerator;

import vecnet.nn.autograd.SequenceOps;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * Gated recurrent unit, PyTorch's {@code nn.GRU}: gates (r, z, n) in that order, with PyTorch's
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) (r applied after the hidden projection) and
 * h' = (1 − z) ⊙ n + z ⊙ h. Input (T, N, F), or (N, T, F) batch-first.
 *
 * <p>Thread safety: no hidden state is kept between calls (initial states are arguments, zero by default) and
 * forward writes no field in either mode, so it may run on many threads while nobody changes the weights; training
 * is one thread (backward accumulates into the weights' shared gradients).
 */
public final class GRU extends RecurrentLayer {
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, false, Init.defaultGenerator());
    }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, boolean bidirectional,
               RandomGenerator rng) {
        super(SequenceOps.Cell.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, rng);
    }

    /** Output and h_n (cN is null); h0 is (layers·D, N, H), or null for zeros. */
    public RecurrentOutput forward(Var x, Var h0) {
        return run(x, h0, null);
    }
}
