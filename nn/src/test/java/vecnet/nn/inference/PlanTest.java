package vecnet.nn.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.AvgPool2d;
import vecnet.nn.BatchNorm1d;
import vecnet.nn.BatchNorm2d;
import vecnet.nn.Conv2d;
import vecnet.nn.Dropout;
import vecnet.nn.ELU;
import vecnet.nn.Flatten;
import vecnet.nn.GELU;
import vecnet.nn.GlobalAvgPool2d;
import vecnet.nn.HardSigmoid;
import vecnet.nn.Identity;
import vecnet.nn.LeakyReLU;
import vecnet.nn.Linear;
import vecnet.nn.MaxPool2d;
import vecnet.nn.Maxout;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.SELU;
import vecnet.nn.Sequential;
import vecnet.nn.SiLU;
import vecnet.nn.Sigmoid;
import vecnet.nn.Softmax;
import vecnet.nn.Softplus;
import vecnet.nn.Step;
import vecnet.nn.Tanh;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.TestTensors;
import vecnet.nn.autograd.Var;

/** The compiled plan computes what the layers' own eval-mode forward computes, bit for bit, for every layer it covers. */
@SuppressWarnings("try") // scopes are used for their effect
class PlanTest {
    private static final int[] BATCHES = {1, 2, 3, 5, 64};

    @Test
    void everyActivationLayerEqualsItsForward() {
        Module[] activations = {new ReLU(), new Sigmoid(), new Tanh(), new SiLU(), new SELU(), new Softplus(),
            new HardSigmoid(), new Step(), new Identity(), new LeakyReLU(0.2), new ELU(0.7), new GELU(),
            new GELU("tanh"), new Softmax()};
        for (Module f : activations) {
            SplittableRandom r = new SplittableRandom(11);
            Sequential m = new Sequential(new Linear(37, 19, true, r), f, new Linear(19, 7, false, r));
            assertPlanEqualsForward(m, f.toString(), 37);
        }
    }

    @Test
    void mlpWithBatchNormDropoutAndNestingEqualsForward() {
        SplittableRandom r = new SplittableRandom(5);
        Sequential inner = new Sequential(new Linear(256, 128, true, r), new BatchNorm1d(128), new ReLU());
        Sequential m = new Sequential(new Linear(784, 256, true, r), new ReLU(), new Dropout(0.5, 3), inner,
                new Linear(128, 10, true, r));
        PredictorTest.withStatistics(m, 16, 784);
        assertPlanEqualsForward(m, "mlp", 784);
    }

    @Test
    void cnnWithEveryPoolingEqualsForward() {
        SplittableRandom r = new SplittableRandom(6);
        Sequential m = new Sequential(new Conv2d(3, 8, 3, 3, 1, 1, true, r), new BatchNorm2d(8), new ReLU(),
                new MaxPool2d(2), new Conv2d(8, 6, 3, 2, 2, 0, false, r), new Tanh(), new AvgPool2d(2, 1),
                new Conv2d(6, 5, 1, 1, 1, 0, true, r), new GlobalAvgPool2d(), new Linear(5, 4, true, r));
        PredictorTest.withStatistics(m, 4, 17, 15, 3);
        assertPlanEqualsForward(m, "cnn", 17, 15, 3);
        SplittableRandom r2 = new SplittableRandom(7);
        Sequential flat = new Sequential(new Conv2d(1, 4, 5, 5, 1, 2, true, r2), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(4 * 14 * 14, 10, true, r2));
        assertPlanEqualsForward(flat, "conv-flatten", 28, 28, 1);
    }

    @Test
    void otherModelsRunThroughForward() {
        SplittableRandom r = new SplittableRandom(8);
        Predictor withMaxout = Predictor.of(new Sequential(new Linear(10, 12, true, r), new Maxout(12, 4, 3, r)), 10);
        assertFalse(withMaxout.compiled(), "Maxout has no plan stage");
        Predictor bare = Predictor.of(new Linear(10, 3, true, r), 10);
        assertFalse(bare.compiled(), "only Sequential models are compiled");
        float[] x = TestTensors.uniform(9, -1, 1, 1, 10).toArray();
        assertEquals(3, bare.predict(x).length);
    }

    @Test
    void weightsAreReadAtEveryCall() {
        SplittableRandom r = new SplittableRandom(9);
        Sequential m = new Sequential(new Linear(20, 5, true, r), new ReLU());
        Predictor p = Predictor.of(m, 20);
        assertTrue(p.compiled());
        float[] x = TestTensors.uniform(10, -1, 1, 1, 20).toArray();
        p.predict(x);
        Linear first = (Linear) m.children().get("0");
        first.bias().value().fill(100f); // as a loadStateDict would, between calls
        float[] after = p.predict(x);
        for (float v : after) {
            assertTrue(v > 50f, "the new bias must be served, got " + v);
        }
        assertBitsEqual(forward(m, Tensor.of(x, 1, 20)), after, "after the weight change");
    }

    @Test
    void aFrozenPredictorKeepsTheWeightsItWasMadeWith() {
        SplittableRandom r = new SplittableRandom(14);
        Sequential m = new Sequential(new Conv2d(1, 4, 3, 3, 1, 1, true, r), new BatchNorm2d(4), new ReLU(),
                new Flatten(), new Linear(4 * 6 * 6, 40, true, r), new ReLU(), new Linear(40, 3, true, r));
        PredictorTest.withStatistics(m, 4, 6, 6, 1);
        Predictor frozen = Predictor.frozen(m, 6, 6, 1);
        Predictor live = Predictor.of(m, 6, 6, 1);
        Tensor x1 = TestTensors.uniform(15, -1, 1, 1, 6, 6, 1);
        Tensor x2 = TestTensors.uniform(16, -1, 1, 2, 6, 6, 1);
        float[] before1 = forward(m, x1);
        float[] before2 = forward(m, x2);
        for (Var v : m.parameters()) { // as training or a loadStateDict would
            float[] d = v.value().data();
            for (int i = 0; i < v.size(); i++) {
                d[v.value().offset() + i] += 0.25f;
            }
        }
        ((BatchNorm2d) m.children().get("1")).runningMean().fill(3f);
        float[] after1 = forward(m, x1);
        assertFalse(java.util.Arrays.equals(before1, after1), "the change must move the model's output");
        assertBitsEqual(before1, frozen.predict(x1).toArray(), "frozen, batch 1 (packed weights)");
        assertBitsEqual(before2, frozen.predict(x2).toArray(), "frozen, batch 2");
        assertBitsEqual(after1, live.predict(x1).toArray(), "Predictor.of serves the new weights");
        m.train(); // the model may even train beside a frozen predictor
        assertBitsEqual(before1, frozen.predict(x1).toArray(), "frozen, model in training mode");
        assertThrows(IllegalStateException.class, () -> live.predict(x1));
    }

    @Test
    void onlyCompiledModelsCanBeFrozen() {
        SplittableRandom r = new SplittableRandom(17);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Predictor.frozen(new Sequential(new Linear(10, 12, true, r), new Maxout(12, 4, 3, r)), 10));
        assertTrue(e.getMessage().startsWith("model cannot be frozen") && e.getMessage().contains("Predictor.of"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Predictor.frozen(null, 10));
        assertThrows(IllegalArgumentException.class, () -> Predictor.frozen(new Linear(3, 2, true, r)));
    }

    @Test
    void aLayerSwitchedToTrainingAloneIsRefused() {
        SplittableRandom r = new SplittableRandom(10);
        Sequential m = new Sequential(new Linear(20, 8, true, r), new BatchNorm1d(8), new Linear(8, 2, true, r));
        Predictor p = Predictor.of(m, 20);
        m.children().get("1").train();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.predict(new float[20]));
        assertTrue(e.getMessage().contains("BatchNorm1d") && e.getMessage().contains("training mode"), e.getMessage());
    }

    @Test
    void overlappingInputAndOutputGetTheResultOfSeparateArrays() {
        SplittableRandom r = new SplittableRandom(12);
        Sequential m = new Sequential(new Linear(6, 6, true, r), new Tanh());
        Predictor p = Predictor.of(m, 6);
        float[] x = TestTensors.uniform(13, -1, 1, 2, 6).toArray();
        float[] expected = new float[12];
        p.predict(x, 0, 2, expected, 0);
        p.predict(x, 0, 2, x, 0);
        assertBitsEqual(expected, x, "in place");
    }

    private static void assertPlanEqualsForward(Module model, String what, int... sampleDims) {
        // rank-1 parameters (biases, BatchNorm's γ and β) off their defaults of 0 and 1, which hide order mistakes
        SplittableRandom r = new SplittableRandom(what.hashCode());
        for (Var v : model.parameters()) {
            if (v.shape().rank() == 1) {
                float[] d = v.value().data();
                for (int i = 0; i < v.size(); i++) {
                    d[v.value().offset() + i] = (float) r.nextDouble(0.5, 1.5);
                }
            }
        }
        Predictor live = Predictor.of(model, sampleDims);
        Predictor frozen = Predictor.frozen(model, sampleDims);
        assertTrue(live.compiled(), what + " must run on the compiled plan");
        for (int b : BATCHES) {
            int[] dims = new int[sampleDims.length + 1];
            dims[0] = b;
            System.arraycopy(sampleDims, 0, dims, 1, sampleDims.length);
            Tensor x = TestTensors.uniform(20 + b, -3, 3, dims);
            float[] want = forward(model, x);
            for (Predictor p : new Predictor[] {live, frozen}) {
                String kind = p == live ? " (of)" : " (frozen)";
                float[] got = new float[b * p.outputSize()];
                for (int rep = 0; rep < 2; rep++) { // the second call reuses the thread's buffers
                    p.predict(x.data(), x.offset(), b, got, 0);
                    assertBitsEqual(want, got, what + kind + " batch " + b + " call " + rep);
                }
            }
        }
    }

    private static float[] forward(Module model, Tensor x) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return model.forward(Var.constant(x)).value().toArray();
        }
    }

    private static void assertBitsEqual(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", forward gives " + want[i]);
            }
        }
    }
}
