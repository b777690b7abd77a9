package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.io.ModelFiles;

/**
 * RNN, LSTM, GRU and Embedding against PyTorch 1.13 (fixtures by scripts/pytorch/recurrent_fixtures.py):
 * the PyTorch state dict loads strictly through {@link ModelFiles} under PyTorch's own names, and the
 * outputs, final states and the gradients of sum(w·output) + sum(w·h_n) (+ sum(w·c_n)) with respect to
 * the input, the initial states and every parameter match.
 */
class RecurrentPyTorchTest {
    static final Path DIR = PyTorchFixtures.dir("recurrent");
    /**
     * |ours − PyTorch| <= FIXTURE_TOL · max(1, |PyTorch|): both compute in float32 over at most 5 steps
     * and 2 layers of reductions of length <= 8, so a few ulps of order-1 values; 1e-5 leaves room for
     * the different summation orders and exp/tanh of the two libraries.
     */
    static final double FIXTURE_TOL = 1e-5;

    static void assertClose(Tensor expected, Tensor actual, String what) {
        PyTorchFixtures.assertClose(expected, actual, FIXTURE_TOL, what);
    }

    static Var weighted(Var v, Tensor w) {
        return PyTorchFixtures.weighted(v, w);
    }

    static void check(String name, RecurrentLayer m) throws IOException {
        ModelFiles.IncompatibleKeys keys = ModelFiles.load(m, DIR.resolve(name + ".model.safetensors"), true);
        assertTrue(keys.missingKeys().isEmpty() && keys.unexpectedKeys().isEmpty(), name + ": " + keys);
        PyTorchFixtures d = PyTorchFixtures.load("recurrent", name);
        Var x = Var.parameter(d.get("input").copy());
        Var h0 = d.has("h0") ? Var.parameter(d.get("h0").copy()) : null;
        Var c0 = d.has("c0") ? Var.parameter(d.get("c0").copy()) : null;
        m.zeroGrad();
        RecurrentOutput o = m.run(x, h0, c0);
        assertClose(d.get("output"), o.output().value(), name + " output");
        assertClose(d.get("h_n"), o.hN().value(), name + " h_n");
        Var loss = Ops.add(weighted(o.output(), d.get("w_output")), weighted(o.hN(), d.get("w_h_n")));
        if (o.cN() != null) {
            assertClose(d.get("c_n"), o.cN().value(), name + " c_n");
            loss = Ops.add(loss, weighted(o.cN(), d.get("w_c_n")));
        }
        loss.backward();
        assertClose(d.get("grad.input"), x.grad(), name + " grad input");
        if (h0 != null) {
            assertClose(d.get("grad.h0"), h0.grad(), name + " grad h0");
        }
        if (c0 != null) {
            assertClose(d.get("grad.c0"), c0.grad(), name + " grad c0");
        }
        int params = 0;
        for (Map.Entry<String, Var> p : m.namedParameters().entrySet()) {
            assertClose(d.get("grad." + p.getKey()), p.getValue().grad(), name + " grad " + p.getKey());
            params++;
        }
        assertEquals(m.stateDict().size(), params, name);
    }

    static SplittableRandom rng() {
        return new SplittableRandom(1); // overwritten by the file
    }

    @Test
    void lstm() throws IOException {
        check("lstm", new LSTM(3, 4, 1, true, false, false, rng()));
        check("lstm_2layer_bidirectional_batchfirst", new LSTM(3, 4, 2, true, true, true, rng()));
        check("lstm_nobias_bidirectional", new LSTM(2, 3, 1, false, false, true, rng()));
    }

    @Test
    void gru() throws IOException {
        check("gru_2layer", new GRU(3, 4, 2, true, false, false, rng()));
        check("gru_bidirectional_batchfirst", new GRU(3, 2, 1, true, true, true, rng()));
    }

    @Test
    void rnn() throws IOException {
        check("rnn_tanh", new RNN(3, 4, 1, RNN.Nonlinearity.TANH, true, false, false, rng()));
        check("rnn_relu_2layer_bidirectional", new RNN(3, 4, 2, RNN.Nonlinearity.RELU, true, false, true, rng()));
    }

    @Test
    void embeddingWithPadding() throws IOException {
        Embedding e = new Embedding(6, 3, 2, rng());
        ModelFiles.load(e, DIR.resolve("embedding.model.safetensors"), true);
        PyTorchFixtures d = PyTorchFixtures.load("recurrent", "embedding");
        e.zeroGrad();
        Var out = e.forward(Var.constant(d.get("indices")));
        assertClose(d.get("output"), out.value(), "embedding output");
        weighted(out, d.get("w_output")).backward();
        assertClose(d.get("grad.weight"), e.weight().grad(), "embedding grad weight");
    }
}
