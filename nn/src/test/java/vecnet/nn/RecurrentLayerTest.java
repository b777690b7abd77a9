package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.autograd.TestTensors.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.GradCheck;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;

/**
 * RNN, LSTM, GRU and Embedding: finite-difference gradient checks through every output (the sequence,
 * h_n and c_n) into every parameter, the input and the initial states; PyTorch's names and shapes;
 * buffer reuse; the padding row.
 */
class RecurrentLayerTest {
    static final double EPS = 1e-2;
    /** As LayerTest: float32 forward, central differences with step 1e-2; a 1 % error fails. */
    static final double GRAD_TOL = 2e-3;
    static final float TOL = 1e-6f;
    static final double RELU_EPS = 1e-3;

    /** J = Σ R1·output + Σ R2·h_n (+ Σ R3·c_n), so every output's gradient path is probed. */
    static Var probe(RecurrentOutput o) {
        Var j = Ops.sum(Ops.mul(o.output(), Var.constant(uniform(11, -1, 1, o.output().shape().dims()))));
        j = Ops.add(j, Ops.sum(Ops.mul(o.hN(), Var.constant(uniform(12, -1, 1, o.hN().shape().dims())))));
        if (o.cN() != null) {
            j = Ops.add(j, Ops.sum(Ops.mul(o.cN(), Var.constant(uniform(13, -1, 1, o.cN().shape().dims())))));
        }
        return j;
    }

    static void check(RecurrentLayer m, Tensor input, boolean withStates) {
        check(m, input, withStates, EPS);
    }

    static void check(RecurrentLayer m, Tensor input, boolean withStates, double eps) {
        int dirs = m.bidirectional() ? 2 : 1;
        int n = input.dim(m.batchFirst() ? 0 : 1);
        Var x = Var.parameter(input);
        Var h0 = withStates ? Var.parameter(uniform(21, -1, 1, m.numLayers() * dirs, n, m.hiddenSize())) : null;
        Var c0 = withStates && m instanceof LSTM
                ? Var.parameter(uniform(22, -1, 1, m.numLayers() * dirs, n, m.hiddenSize())) : null;
        List<Var> leaves = new ArrayList<>(m.parameters());
        leaves.add(x);
        if (h0 != null) {
            leaves.add(h0);
        }
        if (c0 != null) {
            leaves.add(c0);
        }
        double err = GradCheck.maxError(() -> probe(m.run(x, h0, c0)), eps, 3, leaves.toArray(new Var[0]));
        assertTrue(err < GRAD_TOL, m + (withStates ? " with h0" : "") + ": gradient error " + err);
    }

    @Test
    void lstmGradients() {
        SplittableRandom rng = new SplittableRandom(1);
        check(new LSTM(4, 3, 1, true, false, false, rng), uniform(1, -1, 1, 5, 2, 4), false);
        check(new LSTM(4, 3, 1, true, false, false, rng), uniform(2, -1, 1, 3, 2, 4), true);
        check(new LSTM(3, 2, 2, true, false, false, rng), uniform(3, -1, 1, 4, 3, 3), true);
        check(new LSTM(3, 2, 1, false, false, true, rng), uniform(4, -1, 1, 4, 2, 3), true);
        check(new LSTM(3, 2, 2, true, true, true, rng), uniform(5, -1, 1, 2, 4, 3), true);
        check(new LSTM(2, 3, 1, true, true, false, rng), uniform(6, -1, 1, 3, 1, 2), false); // T = 1
    }

    @Test
    void gruGradients() {
        SplittableRandom rng = new SplittableRandom(2);
        check(new GRU(4, 3, 1, true, false, false, rng), uniform(1, -1, 1, 5, 2, 4), false);
        check(new GRU(4, 3, 1, true, false, false, rng), uniform(2, -1, 1, 3, 2, 4), true);
        check(new GRU(3, 2, 2, true, false, true, rng), uniform(3, -1, 1, 4, 3, 3), true);
        check(new GRU(3, 2, 2, false, true, true, rng), uniform(4, -1, 1, 2, 4, 3), true);
    }

    @Test
    void rnnGradients() {
        SplittableRandom rng = new SplittableRandom(3);
        check(new RNN(4, 3, 1, RNN.Nonlinearity.TANH, true, false, false, rng), uniform(1, -1, 1, 5, 2, 4), true);
        check(new RNN(3, 2, 2, RNN.Nonlinearity.TANH, true, true, true, rng), uniform(2, -1, 1, 2, 4, 3), true);
        check(new RNN(3, 4, 1, RNN.Nonlinearity.TANH, false, false, true, rng), uniform(3, -1, 1, 3, 2, 3), false);
        // relu: a pre-activation within the step of its kink makes the difference quotient meaningless, so
        // relu takes a smaller step (float error / step stays ~1e-4) and this seed keeps them further away
        check(new RNN(3, 3, 1, RNN.Nonlinearity.RELU, true, false, false, rng), uniform(4, -1, 1, 3, 2, 3), true,
                RELU_EPS);
        check(new RNN(3, 3, 2, RNN.Nonlinearity.RELU, true, false, true, rng), uniform(5, -1, 1, 3, 2, 3), true,
                RELU_EPS);
    }

    /**
     * A batch of at least SequenceOps.PACKED_MIN_BATCH (5) runs every step's hidden GEMM on W_hh packed
     * once per pass; the checks above use batches of 1 to 4, which keep sgemm on W_hh itself.
     */
    static final int PACKED_BATCH = 6;
    /** Batch against sample alone: only the GEMMs' summation order differs (a few ulps per step). */
    static final float BATCH_TOL = 1e-5f;

    @Test
    void packedWeightGradients() {
        SplittableRandom rng = new SplittableRandom(4);
        check(new LSTM(3, 2, 2, true, false, true, rng), uniform(7, -1, 1, 3, PACKED_BATCH, 3), true);
        check(new LSTM(3, 2, 1, false, true, false, rng), uniform(8, -1, 1, PACKED_BATCH, 3, 3), false);
        check(new GRU(3, 2, 2, true, true, true, rng), uniform(9, -1, 1, PACKED_BATCH, 3, 3), true);
        check(new RNN(3, 2, 2, RNN.Nonlinearity.TANH, true, false, true, rng), uniform(10, -1, 1, 3, PACKED_BATCH, 3),
                true);
    }

    /** Each sample of a packed-path batch gives what it gives alone (the unpacked path), for every cell. */
    @Test
    void packedBatchMatchesSamplesRunAlone() {
        SplittableRandom rng = new SplittableRandom(5);
        RecurrentLayer[] layers = {new LSTM(3, 4, 2, true, false, true, rng), new GRU(3, 4, 2, true, false, true, rng),
            new RNN(3, 4, 2, RNN.Nonlinearity.TANH, true, false, true, rng)};
        int t = 4;
        int f = 3;
        int h = 4;
        int states = 4; // 2 layers x 2 directions
        for (RecurrentLayer m : layers) {
            Tensor x = uniform(30, -1, 1, t, PACKED_BATCH, f);
            Tensor h0 = uniform(31, -1, 1, states, PACKED_BATCH, h);
            Tensor c0 = m instanceof LSTM ? uniform(32, -1, 1, states, PACKED_BATCH, h) : null;
            RecurrentOutput all = m.run(Var.constant(x), Var.constant(h0), c0 == null ? null : Var.constant(c0));
            for (int i = 0; i < PACKED_BATCH; i++) {
                RecurrentOutput one = m.run(Var.constant(sample(x, i)), Var.constant(sample(h0, i)),
                        c0 == null ? null : Var.constant(sample(c0, i)));
                assertArrayEquals(sample(all.output().value(), i).data(), sample(one.output().value(), 0).data(),
                        BATCH_TOL, m + " output of sample " + i);
                assertArrayEquals(sample(all.hN().value(), i).data(), sample(one.hN().value(), 0).data(), BATCH_TOL,
                        m + " h_n of sample " + i);
                if (c0 != null) {
                    assertArrayEquals(sample(all.cN().value(), i).data(), sample(one.cN().value(), 0).data(), BATCH_TOL,
                            m + " c_n of sample " + i);
                }
            }
        }
    }

    /** Column i of the middle axis of (A, N, F) as a dense (A, 1, F) (the layer's outputs are views). */
    private static Tensor sample(Tensor v, int i) {
        int a = v.dim(0);
        int n = v.dim(1);
        int f = v.dim(2);
        float[] out = new float[a * f];
        for (int r = 0; r < a; r++) {
            System.arraycopy(v.data(), v.offset() + (r * n + i) * f, out, r * f, f);
        }
        return Tensor.of(out, a, 1, f);
    }

    @Test
    void pytorchNamesShapesAndOrder() {
        LSTM lstm = new LSTM(5, 4, 2, true, false, true, new SplittableRandom(1));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1",
                "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
                "bias_hh_l1_reverse"), new ArrayList<>(lstm.stateDict().keySet()));
        assertArrayEquals(new int[] {16, 5}, lstm.stateDict().get("weight_ih_l0").shape().dims());
        assertArrayEquals(new int[] {16, 8}, lstm.stateDict().get("weight_ih_l1").shape().dims());
        assertArrayEquals(new int[] {16, 4}, lstm.stateDict().get("weight_hh_l1_reverse").shape().dims());
        GRU gru = new GRU(5, 4, 1, false, false, false, new SplittableRandom(1));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), new ArrayList<>(gru.stateDict().keySet()));
        assertArrayEquals(new int[] {12, 5}, gru.stateDict().get("weight_ih_l0").shape().dims());
        assertEquals("LSTM(5, 4, num_layers=2, bidirectional=True)", lstm.toString());
        assertEquals("RNN(2, 3, nonlinearity='relu')",
                new RNN(2, 3, 1, RNN.Nonlinearity.RELU, true, false, false, new SplittableRandom(1)).toString());
        // U(±1/√H) for every tensor
        for (Tensor t : lstm.stateDict().values()) {
            for (int i = 0; i < t.size(); i++) {
                assertTrue(Math.abs(t.data()[i]) <= 0.5f, "init bound 1/sqrt(4)");
            }
        }
    }

    @Test
    void outputShapesAndFinalStates() {
        LSTM lstm = new LSTM(3, 4, 2, true, true, true, new SplittableRandom(2));
        RecurrentOutput o = lstm.forward(Var.constant(uniform(1, -1, 1, 5, 7, 3)), null, null);
        assertArrayEquals(new int[] {5, 7, 8}, o.output().shape().dims());
        assertArrayEquals(new int[] {4, 5, 4}, o.hN().shape().dims());
        assertArrayEquals(new int[] {4, 5, 4}, o.cN().shape().dims());
        // the last layer's forward h_n is the output at the last step, the reverse one at the first step
        for (int b = 0; b < 5; b++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(o.output().value().get(b, 6, j), o.hN().value().get(2, b, j), TOL);
                assertEquals(o.output().value().get(b, 0, 4 + j), o.hN().value().get(3, b, j), TOL);
            }
        }
        RNN rnn = new RNN(3, 2);
        assertNull(rnn.forward(Var.constant(uniform(1, -1, 1, 4, 2, 3)), null).cN());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(Var.constant(uniform(1, -1, 1, 5, 7, 2)), null, null));
        assertEquals("x must have 3 features (last dimension), shape was (5, 7, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Var.constant(uniform(1, -1, 1, 5, 7, 3)),
                Var.constant(Tensor.zeros(2, 5, 4)), null));
        assertTrue(e.getMessage().startsWith("h0 must have shape (4, 5, 4)"), e.getMessage());
    }

    @Test
    void noGradForwardMatchesAndATrainingStepReusesItsBuffers() {
        LSTM lstm = new LSTM(3, 4, 1, true, true, false, new SplittableRandom(3));
        Linear head = new Linear(4, 2, true, new SplittableRandom(4));
        Tensor x = uniform(2, -1, 1, 6, 5, 3);
        Tensor withGrad = lstm.forward(Var.constant(x)).value().copy();
        try (GradMode.Scope s = GradMode.noGrad()) {
            assertArrayEquals(withGrad.toArray(), lstm.forward(Var.constant(x)).value().toArray(), 0f);
        }
        Workspace ws = new Workspace();
        long after = 0;
        for (int step = 0; step < 3; step++) {
            try (Workspace.Scope s = ws.open()) {
                lstm.zeroGrad();
                head.zeroGrad();
                RecurrentOutput o = lstm.forward(Var.constant(x), null, null);
                Var logits = head.forward(Ops.reshape(o.hN(), 6, 4));
                Ops.mean(Ops.crossEntropy(logits, new int[] {0, 1, 0, 1, 1, 0})).backward();
            }
            if (step == 1) {
                after = ws.allocations();
            }
        }
        assertEquals(after, ws.allocations(), "a steady-state step must not create workspace arrays");
        assertTrue(lstm.parameters().get(0).grad() != null);
    }

    @Test
    void embeddingGradientAndPaddingRow() {
        SplittableRandom rng = new SplittableRandom(4);
        Embedding e = new Embedding(5, 3, rng);
        int[] idx = {1, 4, 1, 0, 2, 2};
        double err = GradCheck.maxError(() -> e.forward(idx, 2, 3), EPS, 5, e.weight());
        assertTrue(err < GRAD_TOL, "embedding gradient error " + err);
        assertArrayEquals(new int[] {2, 3, 3}, e.forward(idx, 2, 3).shape().dims());
        assertArrayEquals(e.weight().value().toArray(), e.forward(new int[] {0, 1, 2, 3, 4}).value().toArray(), 0f);

        Embedding p = new Embedding(4, 2, -1, rng); // padding_idx = -1 is row 3, as in PyTorch
        assertEquals(3, p.paddingIdx());
        assertArrayEquals(new float[] {0f, 0f}, p.forward(new int[] {3}).value().toArray(), 0f);
        p.zeroGrad();
        Ops.sum(p.forward(Var.constant(Tensor.of(new float[] {3, 1, 3, 0}, 2, 2)))).backward();
        float[] g = p.weight().grad().toArray();
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, g, 0f, "row 3 (padding) gets no gradient");
        assertThrows(IllegalArgumentException.class, () -> p.forward(new int[] {4}));
        assertEquals("x must hold integral indices, element 0 was 0.5", assertThrows(IllegalArgumentException.class,
                () -> p.forward(Var.constant(Tensor.of(new float[] {0.5f}, 1)))).getMessage());
    }
}
