package vecnet.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import vecnet.core.Tensor;
import vecnet.nn.autograd.SequenceOps;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: PyTorch's parameters ({@code weight_ih_l0},
 * {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, {@code _reverse} for the second
 * direction, registered in PyTorch's order so state dicts match key for key), PyTorch's init U(±1/√H),
 * and the forward on {@link SequenceOps#recurrent}. Seq-first (T, N, F) unless batch-first (N, T, F).
 * PyTorch's inter-layer {@code dropout} and {@code proj_size} are not implemented.
 */
abstract class RecurrentLayer extends Module {
    private final SequenceOps.Cell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final boolean bidirectional;
    private final List<Var> weights = new ArrayList<>();

    RecurrentLayer(SequenceOps.Cell cell, int inputSize, int hiddenSize, int numLayers, boolean bias,
                   boolean batchFirst, boolean bidirectional, RandomGenerator rng) {
        Args.requirePositive("inputSize", inputSize);
        Args.requirePositive("hiddenSize", hiddenSize);
        Args.requirePositive("numLayers", numLayers);
        Args.requireNonNull("rng", rng);
        int dirs = bidirectional ? 2 : 1;
        int g = cell.gates();
        Args.product("weight_ih size " + g + " * hiddenSize * inputSize", g, hiddenSize, Math.max(inputSize,
                dirs * hiddenSize));
        Args.product("weight_hh size " + g + " * hiddenSize * hiddenSize", g, hiddenSize, hiddenSize);
        // The whole stack must stay int-sized too: a huge numLayers would otherwise loop allocating until
        // the heap runs out.
        long perLayer = (long) g * hiddenSize * (Math.max(inputSize, dirs * hiddenSize) + hiddenSize + 2) * dirs;
        if (perLayer * numLayers > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("numLayers * parameters per layer = " + numLayers + " * " + perLayer
                    + " exceeds Integer.MAX_VALUE");
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.bidirectional = bidirectional;
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : dirs * hiddenSize;
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                weights.add(registerParameter("weight_ih" + suffix, Tensor.zeros(g * hiddenSize, in)));
                weights.add(registerParameter("weight_hh" + suffix, Tensor.zeros(g * hiddenSize, hiddenSize)));
                if (bias) {
                    weights.add(registerParameter("bias_ih" + suffix, Tensor.zeros(g * hiddenSize)));
                    weights.add(registerParameter("bias_hh" + suffix, Tensor.zeros(g * hiddenSize)));
                }
            }
        }
        resetParameters(rng);
    }

    /** PyTorch's {@code reset_parameters}: every weight and bias U(−1/√H, 1/√H), in registration order. */
    public final void resetParameters(RandomGenerator rng) {
        Args.requireNonNull("rng", rng);
        double k = 1 / Math.sqrt(hiddenSize);
        for (Var w : weights) {
            Init.uniform(w.value(), -k, k, rng);
        }
    }

    /** The output sequence only (the last layer's hidden state at every step), zero initial states. */
    @Override
    public final Var forward(Var x) {
        Args.requireNonNull("x", x);
        return run(x, null, null).output();
    }

    final RecurrentOutput run(Var x, Var h0, Var c0) {
        Args.requireNonNull("x", x);
        if (x.shape().rank() != 3) {
            throw new IllegalArgumentException("x must have rank 3, " + (batchFirst ? "(N, T, F) batch-first" : "(T, N, F)")
                    + ", shape was " + x.shape());
        }
        if (x.shape().dim(2) != inputSize) {
            throw new IllegalArgumentException("x must have " + inputSize + " features (last dimension), shape was "
                    + x.shape());
        }
        Var seq = batchFirst ? SequenceOps.swapBatchTime(x) : x;
        Var[] r = SequenceOps.recurrent(cell, seq, h0, c0, weights, numLayers, bidirectional, bias);
        Var out = batchFirst ? SequenceOps.swapBatchTime(r[0]) : r[0];
        return new RecurrentOutput(out, r[1], r[2]);
    }

    public final int inputSize() {
        return inputSize;
    }

    public final int hiddenSize() {
        return hiddenSize;
    }

    public final int numLayers() {
        return numLayers;
    }

    public final boolean batchFirst() {
        return batchFirst;
    }

    public final boolean bidirectional() {
        return bidirectional;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputSize + ", " + hiddenSize
                + (numLayers != 1 ? ", num_layers=" + numLayers : "") + (bias ? "" : ", bias=False")
                + (batchFirst ? ", batch_first=True" : "") + (bidirectional ? ", bidirectional=True" : "") + ")";
    }
}
