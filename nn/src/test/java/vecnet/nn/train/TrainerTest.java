package vecnet.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.data.DataDirectory;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.nn.data.Mnist;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.loss.MSELoss;
import vecnet.nn.loss.Reduction;
import vecnet.nn.optim.Adam;
import vecnet.nn.optim.SGD;

class TrainerTest {
    /**
     * A 784-256-10 MLP trained for 8 epochs on 10k MNIST training images must classify at least this
     * fraction of the 10k test images. Chance is 10%, a linear model ~90%; a backward pass that is wrong
     * (a sign, a transposed gradient, a missing bias gradient) stays far below.
     */
    static final double MNIST_SUBSET_ACCURACY = 0.95;

    /** y = 2x + 1 on 64 points in [-1, 1]: one linear neuron fits it exactly. */
    static Dataset line(double slope, double offset) {
        int n = 64;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -1f + 2f * i / (n - 1);
            y[i] = (float) (slope * x[i] + offset);
        }
        return Dataset.ofTargets(x, new int[] {1}, y, new int[] {1});
    }

    static Linear neuron() {
        return new Linear(1, 1, true, new SplittableRandom(3));
    }

    @Test
    void mnistSubsetReachesTheAccuracyThatOnlyARightBackwardPassReaches() throws IOException {
        Dataset train = Mnist.load(DataDirectory.locate("mnist"), true).subset(0, 10_000).reshape(784)
                .normalize(Mnist.MEAN, Mnist.STD);
        Dataset test = Mnist.load(DataDirectory.locate("mnist"), false).reshape(784).normalize(Mnist.MEAN, Mnist.STD);
        SplittableRandom r = new SplittableRandom(1);
        Sequential mlp = new Sequential(new Linear(784, 256, true, r), new ReLU(), new Linear(256, 10, true, r));
        Trainer t = new Trainer(mlp, new CrossEntropyLoss(), new Adam(mlp.parameters(), 1e-3)).epochs(8)
                .progress(false);
        History h = t.fit(new DataLoader(train, 64, true, 7, false));
        Evaluation e = t.evaluate(new DataLoader(test, 500, false, 0, false));
        assertEquals(8, h.size());
        assertEquals(10_000, e.samples());
        assertEquals(10_000, e.confusion().total());
        assertTrue(e.accuracy() >= MNIST_SUBSET_ACCURACY, "test accuracy " + e.accuracy());
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), "training loss must fall");
        assertEquals(8 * 157, t.steps(), "157 batches per epoch (the last one partial)");
        int[] predicted = Trainer.predict(mlp, test.subset(0, 10).features());
        int right = 0;
        for (int i = 0; i < 10; i++) {
            right += predicted[i] == test.label(i) ? 1 : 0;
        }
        assertTrue(right >= 8, "predict agrees with the labels on most of the first 10 test images: " + right);
    }

    @Test
    void fullBatchGradientDescentAndPerSampleSgdBothFitALine() {
        Dataset d = line(2, 1);
        Linear full = neuron();
        History hf = new Trainer(full, new MSELoss(), new SGD(full.parameters(), 0.5)).epochs(200).progress(false)
                .fit(new DataLoader(d, d.size(), false, 0, false));
        assertEquals(200, hf.last().steps(), "full batch: one step per epoch");
        assertTrue(hf.last().trainLoss() < 1e-8, "full-batch loss " + hf.last().trainLoss());
        Linear single = neuron();
        History hs = new Trainer(single, new MSELoss(), new SGD(single.parameters(), 0.05)).epochs(20).progress(false)
                .fit(new DataLoader(d, 1, true, 5, false));
        assertEquals(20L * 64, hs.last().steps(), "per-sample: one step per sample");
        assertTrue(hs.last().trainLoss() < 1e-6, "per-sample loss " + hs.last().trainLoss());
        assertEquals(2.0, full.weight().value().data()[0], 1e-3);
        assertEquals(1.0, single.bias().value().data()[0], 1e-3);
    }

    @Test
    void stopsOnTheLossThresholdAndOnTheStepBudget() {
        Dataset d = line(2, 1);
        Linear a = neuron();
        Reasons ra = new Reasons();
        History h = new Trainer(a, new MSELoss(), new SGD(a.parameters(), 0.5)).epochs(1000).stopWhenLossBelow(1e-4)
                .listener(ra).progress(false).fit(new DataLoader(d, d.size(), false, 0, false));
        assertEquals(StopReason.LOSS_THRESHOLD, ra.reason);
        assertTrue(h.size() < 1000 && h.last().trainLoss() < 1e-4);
        assertTrue(h.epochs().get(h.size() - 2).trainLoss() >= 1e-4, "stopped at the first epoch below");
        Linear b = neuron();
        Reasons rb = new Reasons();
        Trainer t = new Trainer(b, new MSELoss(), new SGD(b.parameters(), 0.1)).epochs(10).maxSteps(21).listener(rb)
                .progress(false);
        History hb = t.fit(new DataLoader(d, 8, false, 0, false));
        assertEquals(21, t.steps());
        assertEquals(StopReason.MAX_STEPS, rb.reason);
        assertEquals(3, hb.size(), "two full epochs of 8 steps and a partial third");
        assertEquals(21, hb.last().steps());
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        // Training pulls the weight from 0 towards 2; the validation targets are y = x, so validation
        // loss falls until the weight passes 1 and rises after.
        Dataset train = line(2, 0);
        Dataset val = line(1, 0);
        Linear m = new Linear(1, 1, false, new SplittableRandom(1));
        m.weight().value().data()[0] = 0f;
        List<Float> weights = new ArrayList<>();
        Reasons r = new Reasons();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochStats e) {
                weights.add(m.weight().value().data()[0]);
            }
        };
        Trainer t = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.02)).epochs(100)
                .validation(new DataLoader(val, 64, false, 0, false)).earlyStopping(EarlyStopping.onValLoss(3))
                .listener(record).listener(r).progress(false);
        History h = t.fit(new DataLoader(train, 64, false, 0, false));
        assertEquals(StopReason.EARLY_STOPPING, r.reason);
        EpochStats best = h.bestByValLoss().orElseThrow();
        assertEquals(best.epoch() + 3, h.size(), "stopped 3 epochs after the best one");
        assertEquals(weights.get(best.epoch() - 1), m.weight().value().data()[0], 0f, "best weights restored");
        assertNotEquals(weights.get(h.size() - 1), m.weight().value().data()[0]);
        assertEquals(1.0, m.weight().value().data()[0], 0.1);
    }

    @Test
    void theBestWeightsComeBackAlsoWhenTheEpochBudgetEndsFirst() {
        // as above, but the budget ends two epochs past the best one, before the patience of 5 runs out
        Dataset train = line(2, 0);
        Dataset val = line(1, 0);
        int bestEpoch = 0;
        for (int run = 0; run < 2; run++) {
            Linear m = new Linear(1, 1, false, new SplittableRandom(1));
            m.weight().value().data()[0] = 0f;
            List<Float> weights = new ArrayList<>();
            TrainingListener record = new TrainingListener() {
                @Override
                public void onEpochEnd(EpochStats e) {
                    weights.add(m.weight().value().data()[0]);
                }
            };
            Reasons r = new Reasons();
            // first run: find the best epoch with no rule; second: stop two epochs after it
            Trainer t = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.02)).epochs(run == 0 ? 100 : bestEpoch + 2)
                    .validation(new DataLoader(val, 64, false, 0, false)).listener(record).listener(r).progress(false);
            if (run == 1) {
                t.earlyStopping(EarlyStopping.onValLoss(5));
            }
            History h = t.fit(new DataLoader(train, 64, false, 0, false));
            if (run == 0) {
                bestEpoch = h.bestByValLoss().orElseThrow().epoch();
                assertTrue(bestEpoch >= 2 && bestEpoch < 98, "the validation loss turns at epoch " + bestEpoch);
                continue;
            }
            assertEquals(StopReason.EPOCHS_DONE, r.reason);
            assertEquals(bestEpoch, h.bestByValLoss().orElseThrow().epoch());
            assertEquals(weights.get(bestEpoch - 1), m.weight().value().data()[0], 0f, "best weights restored");
            assertNotEquals(weights.get(h.size() - 1), m.weight().value().data()[0]);
        }
    }

    @Test
    void aNaNInputIsNamedWithItsEpochAndStep() {
        Dataset d = line(2, 1);
        d.features().data()[d.features().offset() + 40] = Float.NaN;
        Linear m = neuron();
        Trainer t = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.1)).epochs(3).progress(false);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> t.fit(new DataLoader(d, 16, false, 0, false)));
        assertEquals(1, e.epoch());
        assertEquals(3, e.step(), "sample 40 is in the third batch of 16");
        assertTrue(e.getMessage().contains("inputs") && e.getMessage().contains("epoch 1, step 3"), e.getMessage());
        assertTrue(Float.isFinite(m.weight().value().data()[0]), "the failing step updated nothing");
    }

    @Test
    void aNaNParameterIsNamedByItsDottedName() {
        SplittableRandom r = new SplittableRandom(2);
        Sequential m = new Sequential(new Linear(1, 4, true, r), new ReLU(), new Linear(4, 1, true, r));
        ((Linear) m.get(2)).weight().value().data()[1] = Float.POSITIVE_INFINITY;
        Trainer t = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.1)).progress(false);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> t.fit(new DataLoader(line(1, 0), 64, false, 0, false)));
        assertEquals("2.weight", e.parameter());
        assertTrue(e.getMessage().contains("2.weight"), e.getMessage());
    }

    /** sqrt(x): finite at 0, its derivative there is not. */
    private static final class Sqrt extends vecnet.nn.Module {
        @Override
        public vecnet.nn.autograd.Var forward(vecnet.nn.autograd.Var x) {
            return vecnet.nn.autograd.Ops.sqrt(x);
        }
    }

    @Test
    void aNonFiniteGradientWithAFiniteLossIsNamedBeforeAnyUpdate() {
        // the Linear starts at 0, so sqrt sees 0: the loss is finite, its gradient through sqrt is not
        Linear lin = neuron();
        lin.weight().value().data()[0] = 0f;
        lin.bias().value().data()[0] = 0f;
        Sequential m = new Sequential(lin, new Sqrt());
        Trainer t = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.1)).progress(false);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> t.fit(new DataLoader(line(2, 1), 16, false, 0, false)));
        assertEquals("0.weight", e.parameter());
        assertEquals(1, e.epoch());
        assertEquals(1, e.step());
        assertTrue(e.getMessage().contains("non-finite gradient of parameter 0.weight")
                && e.getMessage().contains("finite loss") && e.getMessage().contains("epoch 1, step 1"), e.getMessage());
        assertEquals(0f, lin.weight().value().data()[0], 0f, "nothing was updated");
        assertEquals(0f, lin.bias().value().data()[0], 0f, "nothing was updated");
    }

    @Test
    void aFailingStepLeavesTheBatchNormStatisticsAsTheyWere() {
        Dataset d = line(2, 1);
        d.features().data()[d.features().offset() + 40] = Float.NaN; // the third batch of 16
        SplittableRandom r = new SplittableRandom(4);
        vecnet.nn.BatchNorm1d bn = new vecnet.nn.BatchNorm1d(4);
        Sequential m = new Sequential(new Linear(1, 4, true, r), bn, new Linear(4, 1, true, r));
        float[][] afterTwo = new float[2][];
        TrainingListener record = new TrainingListener() {
            @Override
            public void onBatchEnd(BatchStats b) {
                if (b.batch() == 2) {
                    afterTwo[0] = bn.runningMean().toArray();
                    afterTwo[1] = bn.runningVar().toArray();
                }
            }
        };
        Trainer t = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.1)).listener(record).progress(false);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> t.fit(new DataLoader(d, 16, false, 0, false)));
        assertEquals(3, e.step());
        assertArrayEquals(afterTwo[0], bn.runningMean().toArray(), "running mean as after step 2, not NaN");
        assertArrayEquals(afterTwo[1], bn.runningVar().toArray(), "running variance as after step 2, not NaN");
    }

    @Test
    void stopPolicyKeepsTheLastGoodEpochsWeights() {
        Dataset d = line(2, 1);
        Linear m = neuron();
        Map<String, Tensor> after2 = new java.util.LinkedHashMap<>();
        Reasons r = new Reasons();
        TrainingListener poison = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochStats e) {
                if (e.epoch() == 2) {
                    m.stateDict().forEach((k, v) -> after2.put(k, v.copy()));
                    d.features().data()[d.features().offset() + 5] = Float.NaN;
                }
            }
        };
        History h = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.1)).epochs(5)
                .onNonFinite(NonFinitePolicy.STOP).listener(poison).listener(r).progress(false)
                .fit(new DataLoader(d, 16, false, 0, false));
        assertEquals(StopReason.NON_FINITE, r.reason);
        assertEquals(2, h.size());
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            assertArrayEquals(after2.get(e.getKey()).toArray(), e.getValue().toArray(), e.getKey());
        }
    }

    @Test
    void listenersSeeEveryBatchAndEpochAndCanStopTraining() {
        Dataset d = line(2, 1);
        Linear m = neuron();
        List<String> events = new ArrayList<>();
        Trainer[] self = new Trainer[1];
        TrainingListener l = new TrainingListener() {
            @Override
            public void onTrainStart(Plan p) {
                events.add("start " + p.epochs() + " " + p.batchesPerEpoch() + " " + p.samplesPerEpoch());
            }

            @Override
            public void onBatchEnd(BatchStats b) {
                events.add("batch " + b.epoch() + "." + b.batch() + " " + b.size() + " " + b.epochSamples());
                if (b.step() == 7) {
                    self[0].requestStop();
                }
            }

            @Override
            public void onEpochEnd(EpochStats e) {
                events.add("epoch " + e.epoch());
            }

            @Override
            public void onTrainEnd(History h, StopReason reason) {
                events.add("end " + reason);
            }
        };
        self[0] = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.1)).epochs(3).listener(l).progress(false);
        self[0].fit(new DataLoader(d, 24, false, 0, false));
        assertEquals(List.of("start 3 3 64", "batch 1.1 24 24", "batch 1.2 24 48", "batch 1.3 16 64", "epoch 1",
                "batch 2.1 24 24", "batch 2.2 24 48", "batch 2.3 16 64", "epoch 2", "batch 3.1 24 24", "epoch 3",
                "end REQUESTED"), events);
    }

    @Test
    void fitCanBeCalledAgainAndEpochsKeepCounting() {
        Dataset d = line(2, 1);
        Linear m = neuron();
        Trainer t = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.1)).epochs(2).progress(false);
        t.fit(new DataLoader(d, 32, false, 0, false));
        History h = t.fit(new DataLoader(d, 32, false, 0, false));
        assertEquals(4, h.size());
        assertEquals(4, h.last().epoch());
        assertEquals(8, t.steps());
    }

    @Test
    void sameSeedsGiveBitIdenticalWeights() {
        float[][] runs = new float[2][];
        for (int run = 0; run < 2; run++) {
            SplittableRandom r = new SplittableRandom(4);
            Sequential m = new Sequential(new Linear(1, 8, true, r), new ReLU(), new Linear(8, 1, true, r));
            new Trainer(m, new MSELoss(), new Adam(m.parameters(), 1e-2)).epochs(3).progress(false)
                    .fit(new DataLoader(line(-1, 0.5), 10, true, 9, false));
            runs[run] = ((Linear) m.get(2)).weight().value().toArray();
        }
        assertArrayEquals(runs[0], runs[1]);
    }

    @Test
    void progressWritesOneLinePerEpochOffATerminalAndRedrawsOnOne() {
        for (boolean terminal : new boolean[] {false, true}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Linear m = neuron();
            new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.1)).epochs(2).progress(false)
                    .listener(new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal))
                    .fit(new DataLoader(line(2, 1), 8, false, 0, false));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(terminal, out.contains("\r"), out);
            assertTrue(out.contains("epoch 1/2: loss ") && out.contains("epoch 2/2: loss ") && out.contains("samples/s"),
                    out);
            assertTrue(out.contains("training ended (epochs_done) after 2 epochs"), out);
            if (!terminal) {
                assertEquals(4, out.split("\n").length, "start, two epochs, end:\n" + out);
            }
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        Linear m = neuron();
        SGD sgd = new SGD(m.parameters(), 0.1);
        assertThrows(IllegalArgumentException.class, () -> new Trainer(null, new MSELoss(), sgd));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(m, new MSELoss(Reduction.NONE), sgd));
        assertTrue(none.getMessage().contains("NONE"), none.getMessage());
        Trainer t = new Trainer(m, new MSELoss(), sgd);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.epochs(0)).getMessage().contains("epochs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.maxSteps(0)).getMessage().contains("maxSteps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.stopWhenLossBelow(Double.NaN)).getMessage()
                .contains("threshold"));
        assertThrows(IllegalArgumentException.class, () -> t.fit(null));
        t.earlyStopping(EarlyStopping.onValLoss(2));
        IllegalStateException noVal = assertThrows(IllegalStateException.class,
                () -> t.fit(new DataLoader(line(2, 1), 8, false, 0, false)));
        assertTrue(noVal.getMessage().contains("validation"), noVal.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 0, 0, true));
        assertFalse(t.history().size() > 0);
    }

    private static final class Reasons implements TrainingListener {
        StopReason reason;

        @Override
        public void onTrainEnd(History history, StopReason r) {
            reason = r;
        }
    }
}
