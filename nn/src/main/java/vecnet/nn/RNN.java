package vecnet.nn;

import java.util.random.RandomGenerator;

import vecnet.nn.autograd.SequenceOps;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * Elman recurrent network, PyTorch's {@code nn.RNN}: h' = act(W_ih x + b_ih + W_hh h + b_hh) with act
 * tanh (the default) or relu. Input (T, N, F), or (N, T, F) batch-first.
 *
 * <p>Thread safety: no hidden state is kept between calls (initial states are arguments, zero by default) and
 * forward writes no field in either mode, so it may run on many threads while nobody changes the weights; training
 * is one thread (backward accumulates into the weights' shared gradients).
 */
public final class RNN extends RecurrentLayer {
    /** PyTorch's {@code nonlinearity} argument. */
    public enum Nonlinearity {
        TANH,
        RELU
    }

    private final Nonlinearity nonlinearity;

    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, Nonlinearity.TANH, true, false, false, Init.defaultGenerator());
    }

    public RNN(int inputSize, int hiddenSize, int numLayers, Nonlinearity nonlinearity, boolean bias,
               boolean batchFirst, boolean bidirectional, RandomGenerator rng) {
        super(cell(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, rng);
        this.nonlinearity = nonlinearity;
    }

    private static SequenceOps.Cell cell(Nonlinearity nonlinearity) {
        Args.requireNonNull("nonlinearity", nonlinearity);
        return nonlinearity == Nonlinearity.RELU ? SequenceOps.Cell.RNN_RELU : SequenceOps.Cell.RNN_TANH;
    }

    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** Output and h_n (cN is null); h0 is (layers·D, N, H), or null for zeros. */
    public RecurrentOutput forward(Var x, Var h0) {
        return run(x, h0, null);
    }

    @Override
    public String toString() {
        String s = super.toString();
        return nonlinearity == Nonlinearity.RELU ? s.substring(0, s.length() - 1) + ", nonlinearity='relu')" : s;
    }
}
