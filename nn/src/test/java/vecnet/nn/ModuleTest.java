package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.TestTensors;
import vecnet.nn.autograd.Var;

@SuppressWarnings("try") // scopes are used for their effect, not referenced
class ModuleTest {
    static final float TOL = 1e-6f;

    /** A user module with explicit child registration. */
    static final class Net extends Module {
        final Sequential features;
        final Linear head;

        Net() {
            SplittableRandom rng = new SplittableRandom(1);
            features = registerModule("features", new Sequential(new Linear(4, 8, true, rng), new ReLU(),
                    new BatchNorm1d(8)));
            head = registerModule("head", new Linear(8, 3, false, rng));
        }

        @Override
        public Var forward(Var x) {
            return head.forward(features.forward(x));
        }
    }

    @Test
    void namedParametersUseDottedNames() {
        Net net = new Net();
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias",
                "head.weight"), new ArrayList<>(net.namedParameters().keySet()));
        assertEquals(5, net.parameters().size());
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias",
                "features.2.running_mean", "features.2.running_var", "features.2.num_batches_tracked", "head.weight"),
                new ArrayList<>(net.stateDict().keySet()));
    }

    @Test
    void trainEvalReachesEveryDescendant() {
        Net net = new Net();
        net.eval();
        assertFalse(net.features.get(2).isTraining());
        net.train();
        assertTrue(net.head.isTraining());
    }

    @Test
    void stateDictRoundTripAndStrictErrors() {
        Net a = new Net();
        Net b = new Net();
        fillParameters(b, 0.25f);
        Map<String, Tensor> copy = new HashMap<>();
        a.stateDict().forEach((k, v) -> copy.put(k, v.copy()));
        b.loadStateDict(copy, true);
        for (String k : copy.keySet()) {
            assertArrayEquals(copy.get(k).toArray(), b.stateDict().get(k).toArray(), TOL, k);
            assertNotSame(copy.get(k), b.stateDict().get(k));
        }
        copy.put("extra.weight", Tensor.zeros(1));
        copy.remove("head.weight");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(copy, true));
        assertTrue(e.getMessage().contains("[head.weight]") && e.getMessage().contains("[extra.weight]"), e.getMessage());
        b.loadStateDict(copy, false); // skips both
        copy.put("features.0.bias", Tensor.zeros(7));
        e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(copy, false));
        assertTrue(e.getMessage().contains("features.0.bias") && e.getMessage().contains("(8,)")
                && e.getMessage().contains("(7,)"), e.getMessage());
    }

    private static void fillParameters(Net n, float v) {
        for (Var p : n.parameters()) {
            p.value().fill(v);
        }
    }

    @Test
    void zeroGradKeepsBuffers() {
        Net net = new Net();
        Var x = Var.constant(TestTensors.uniform(3, -1, 1, 5, 4));
        Ops.sum(net.forward(x)).backward();
        Tensor g = net.head.weight().grad();
        net.zeroGrad();
        assertSame(g, net.head.weight().grad());
        assertArrayEquals(new float[g.size()], g.toArray());
    }

    @Test
    void duplicateAndDottedNamesAreRejected() {
        Module m = new Module() {
            {
                registerModule("a", new ReLU());
                assertThrows(IllegalArgumentException.class, () -> registerModule("a", new ReLU()));
                assertThrows(IllegalArgumentException.class, () -> registerParameter("b.c", Tensor.zeros(1)));
            }

            @Override
            public Var forward(Var x) {
                return x;
            }
        };
        assertEquals(1, m.children().size());
    }

    /** A layer applied twice, as in {@code new Sequential(l, act, l)}: its parameters are listed once. */
    @Test
    void aModuleRegisteredTwiceListsItsParametersOnce() {
        Linear l = new Linear(3, 3, true, new SplittableRandom(5));
        Sequential model = new Sequential(l, new Tanh(), l);
        assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(model.namedParameters().keySet()));
        assertEquals(List.of(l.weight(), l.bias()), model.parameters());
        // the state dict keeps every name, as PyTorch's, each naming the one live tensor
        Map<String, Tensor> state = model.stateDict();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(state.keySet()));
        assertSame(state.get("0.weight"), state.get("2.weight"));
    }

    /** A parameter shared by registering the same Var in two modules (tied weights). */
    @Test
    void aTiedParameterKeepsItsFirstName() {
        Linear a = new Linear(2, 2, false, new SplittableRandom(6));
        Module tied = new Module() {
            final Linear first = registerModule("first", a);
            final Var shared = registerParameter("shared", a.weight());

            @Override
            public Var forward(Var x) {
                return first.forward(x);
            }
        };
        assertEquals(List.of("shared"), new ArrayList<>(tied.namedParameters().keySet()));
        assertEquals(List.of("shared", "first.weight"), new ArrayList<>(tied.stateDict().keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Module() {
            {
                registerParameter("c", Var.constant(Tensor.zeros(1)));
            }

            @Override
            public Var forward(Var x) {
                return x;
            }
        });
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("leaf that requires grad"), e.getMessage());
    }

    /**
     * One SGD step on {@code Sequential(l, tanh, l)} moves l's weight once by lr times its accumulated
     * gradient (both uses summed), not twice.
     */
    @Test
    void oneStepOnASharedLayerUpdatesItOnce() {
        Linear l = new Linear(3, 3, true, new SplittableRandom(8));
        Sequential model = new Sequential(l, new Tanh(), l);
        vecnet.nn.optim.SGD sgd = new vecnet.nn.optim.SGD(model.parameters(), 0.1);
        Var x = Var.constant(TestTensors.uniform(9, -1, 1, 4, 3));
        float[] w0 = l.weight().value().toArray();
        float[] b0 = l.bias().value().toArray();
        sgd.zeroGrad();
        Ops.sum(Ops.square(model.forward(x))).backward();
        float[] gw = l.weight().grad().toArray();
        float[] gb = l.bias().grad().toArray();
        sgd.step();
        float[] w1 = l.weight().value().toArray();
        float[] b1 = l.bias().value().toArray();
        for (int i = 0; i < w0.length; i++) {
            assertEquals(w0[i] - 0.1f * gw[i], w1[i], TOL, "weight " + i);
        }
        for (int i = 0; i < b0.length; i++) {
            assertEquals(b0[i] - 0.1f * gb[i], b1[i], TOL, "bias " + i);
        }
        assertTrue(Math.abs(gw[0]) > 100 * TOL, "a gradient large enough to tell one update from two: " + gw[0]);
    }

    @Test
    void aSharedLayersStateDictLoadsStrictly() {
        Linear la = new Linear(3, 3, true, new SplittableRandom(10));
        Linear lb = new Linear(3, 3, true, new SplittableRandom(11));
        Sequential a = new Sequential(la, new Tanh(), la);
        Sequential b = new Sequential(lb, new Tanh(), lb);
        Map<String, Tensor> copy = new HashMap<>();
        a.stateDict().forEach((k, v) -> copy.put(k, v.copy()));
        b.loadStateDict(copy, true);
        assertArrayEquals(la.weight().value().toArray(), lb.weight().value().toArray());
        assertArrayEquals(la.bias().value().toArray(), lb.bias().value().toArray());
        // two names of one tensor with different values: rejected, and nothing is copied
        float[] before = lb.bias().value().toArray();
        copy.put("0.bias", Tensor.zeros(3));
        copy.get("0.weight").fill(7f); // valid on its own: both names agree
        copy.get("2.weight").fill(7f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(copy, true));
        assertTrue(e.getMessage().contains("2.bias") && e.getMessage().contains("0.bias"), e.getMessage());
        assertArrayEquals(before, lb.bias().value().toArray());
        assertArrayEquals(la.weight().value().toArray(), lb.weight().value().toArray());
    }

    @Test
    void evalForwardIsThreadSafe() throws Exception {
        vecnet.nn.init.Init.manualSeed(7);
        Sequential mlp = new Sequential(new Linear(16, 32), new ReLU(), new Dropout(0.5, 1), new BatchNorm1d(32),
                new Linear(32, 4), new Softmax());
        concurrentEvalAgrees(mlp, 5, 16);
        Sequential cnn = new Sequential(new Conv2d(2, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 4, 1), new AvgPool2d(2, 1), new GlobalAvgPool2d(), new Linear(4, 3));
        concurrentEvalAgrees(cnn, 3, 6, 6, 2);
    }

    /** Four threads run eval forwards on one model; each result must equal the single-threaded one. */
    private static void concurrentEvalAgrees(Module model, int... inputDims) throws Exception {
        model.train();
        int[] batch = inputDims.clone();
        batch[0] = 8;
        model.forward(Var.constant(TestTensors.uniform(9, -1, 1, batch))); // running stats
        model.eval();
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Tensor x = TestTensors.uniform(100 + i, -1, 1, inputDims);
            inputs.add(x);
            try (GradMode.Scope s = GradMode.noGrad()) {
                expected.add(model.forward(Var.constant(x)).value().toArray());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int start = t;
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 100; rep++) {
                        int i = (start + rep) % inputs.size();
                        try (GradMode.Scope s = GradMode.noGrad()) {
                            float[] y = model.forward(Var.constant(inputs.get(i))).value().toArray();
                            if (!SameBits.same(expected.get(i), y)) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(), "a concurrent eval forward differed from the sequential one");
            }
        } finally {
            pool.shutdown();
        }
    }
}
