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
                            if (!JitTier.close(expected.get(i), y)) {
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
