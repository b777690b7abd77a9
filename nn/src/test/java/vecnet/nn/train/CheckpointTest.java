package vecnet.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vecnet.core.Tensor;
import vecnet.nn.BatchNorm1d;
import vecnet.nn.Conv2d;
import vecnet.nn.Dropout;
import vecnet.nn.Flatten;
import vecnet.nn.Linear;
import vecnet.nn.MaxPool2d;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.nn.data.RandomShift;
import vecnet.nn.io.Checkpoint;
import vecnet.nn.io.ModelFiles;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;
import vecnet.nn.optim.AdamW;
import vecnet.nn.optim.CosineAnnealingLR;
import vecnet.nn.optim.SGD;

class CheckpointTest {
    static final int EPOCHS = 4;

    /** One run: model, optimizer, schedule, trainer, loader with shuffling and augmentation, all from seed 3. */
    static final class Run {
        final Sequential net;
        final Adam adam;
        final CosineAnnealingLR cosine;
        final Trainer trainer;
        final DataLoader loader;

        Run() {
            SplittableRandom r = new SplittableRandom(3);
            net = new Sequential(new Conv2d(1, 4, 3, 3, 1, 1, true, r), new ReLU(), new MaxPool2d(2), new Flatten(),
                    new Linear(4 * 6 * 6, 32, true, r), new BatchNorm1d(32), new ReLU(), new Dropout(0.3, 9),
                    new Linear(32, 10, true, r));
            adam = new Adam(net.parameters(), 3e-3);
            cosine = new CosineAnnealingLR(adam, EPOCHS);
            trainer = new Trainer(net, new CrossEntropyLoss(), adam).scheduler(cosine).progress(false);
            SplittableRandom d = new SplittableRandom(8);
            int n = 200;
            float[] x = new float[n * 144];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = d.nextInt(10);
                for (int j = 0; j < 144; j++) {
                    x[i * 144 + j] = (float) d.nextDouble() + (j % 10 == y[i] ? 1f : 0f);
                }
            }
            loader = new DataLoader(Dataset.ofClasses(x, new int[] {12, 12, 1}, y, 10), 16, true, 5, false);
            loader.transform(new RandomShift(1, 0f, 6));
        }
    }

    @Test
    void twoEpochsSaveLoadTwoEpochsEqualsFourEpochsBitForBit(@TempDir Path dir) throws IOException {
        Run straight = new Run();
        straight.trainer.epochs(EPOCHS).fit(straight.loader);

        Run first = new Run();
        Path file = dir.resolve("run.ckpt.safetensors");
        first.trainer.epochs(EPOCHS / 2).checkpointEvery(EPOCHS / 2, file).fit(first.loader);
        Run resumed = new Run(); // fresh objects, as in a new JVM
        resumed.trainer.loadCheckpoint(file, resumed.loader);
        assertEquals(EPOCHS / 2, resumed.cosine.epoch());
        resumed.trainer.epochs(EPOCHS / 2).fit(resumed.loader);

        assertEquals(straight.trainer.steps(), resumed.trainer.steps());
        for (Map.Entry<String, Tensor> e : straight.net.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), resumed.net.stateDict().get(e.getKey()).toArray(), 0f, e.getKey());
        }
        Map<String, float[]> a = straight.adam.stateDict().buffers();
        Map<String, float[]> b = resumed.adam.stateDict().buffers();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), 0f, "optimizer " + k);
        }
        assertEquals(straight.adam.paramGroups().get(0).lr(), resumed.adam.paramGroups().get(0).lr());
        assertEquals(straight.trainer.history().last().trainLoss(), resumed.trainer.history().last().trainLoss());
    }

    @Test
    void aCheckpointIsRefusedInsideFitWhereItWouldNotResumeBitForBit(@TempDir Path dir) throws IOException {
        Run run = new Run();
        Path file = dir.resolve("mid.safetensors");
        List<Throwable> seen = new ArrayList<>();
        run.trainer.listener(new TrainingListener() {
            @Override
            public void onBatchEnd(BatchStats b) {
                for (ThrowingCall call : new ThrowingCall[] {() -> run.trainer.saveCheckpoint(file),
                        () -> run.trainer.loadCheckpoint(file, run.loader), () -> run.trainer.fit(run.loader)}) {
                    try {
                        call.run();
                    } catch (Exception e) {
                        seen.add(e);
                    }
                }
                run.trainer.requestStop();
            }
        }).epochs(1).fit(run.loader);
        assertEquals(3, seen.size());
        for (Throwable t : seen) {
            assertTrue(t instanceof IllegalStateException && t.getMessage().contains("during fit"), t.toString());
        }
        assertFalse(Files.exists(file), "nothing written");
        run.trainer.saveCheckpoint(file); // after fit it is fine
        Run resumed = new Run();
        resumed.trainer.loadCheckpoint(file, resumed.loader);
        assertEquals(1, resumed.trainer.epochsDone());
        assertEquals(1, resumed.trainer.steps());
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aCheckpointThatDoesNotFitIsRefusedAndChangesNothing(@TempDir Path dir) throws IOException {
        Run run = new Run();
        run.trainer.epochs(1).fit(run.loader);
        Path file = dir.resolve("c.safetensors");
        run.trainer.saveCheckpoint(file);

        Run other = new Run();
        float[] before = other.net.stateDict().get("4.weight").toArray();
        SGD sgd = new SGD(other.net.parameters(), 0.1);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, other.net, sgd, other.cosine));
        assertTrue(e.getMessage().contains("Adam") && e.getMessage().contains("SGD"), e.getMessage());
        // AdamW takes Adam's options, so the same group maps would load: the class name tells them apart
        AdamW adamW = new AdamW(other.net.parameters(), 3e-3);
        e = assertThrows(IOException.class, () -> Checkpoint.load(file, other.net, adamW, other.cosine));
        assertTrue(e.getMessage().contains("AdamW"), e.getMessage());
        e = assertThrows(IOException.class, () -> Checkpoint.load(file, other.net, other.adam, null));
        assertTrue(e.getMessage().contains("scheduler"), e.getMessage());
        Sequential smaller = new Sequential(new Linear(144, 10, true, new SplittableRandom(1)));
        e = assertThrows(IOException.class, () -> Checkpoint.load(file, smaller, new Adam(smaller.parameters(), 1e-3),
                null));
        Path plain = dir.resolve("weights.safetensors");
        ModelFiles.save(other.net, plain);
        e = assertThrows(IOException.class, () -> Checkpoint.load(plain, other.net, other.adam, other.cosine));
        assertTrue(e.getMessage().contains("not a vecnet checkpoint"), e.getMessage());
        assertArrayEquals(before, other.net.stateDict().get("4.weight").toArray(), 0f, "refused loads change nothing");
        assertEquals(0, other.cosine.epoch());
    }
}
