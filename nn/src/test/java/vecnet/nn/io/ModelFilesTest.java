package vecnet.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vecnet.core.Tensor;
import vecnet.nn.BatchNorm2d;
import vecnet.nn.Conv2d;
import vecnet.nn.Flatten;
import vecnet.nn.Linear;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.ReferenceModels;
import vecnet.nn.Sequential;
import vecnet.nn.autograd.Var;

class ModelFilesTest {
    @TempDir
    Path dir;

    /** A small conv net with batch norm, so buffers (running statistics, counter) are saved too. */
    static Sequential convBn(SplittableRandom r) {
        return new Sequential(new Conv2d(2, 4, 3, 3, 1, 1, true, r), new BatchNorm2d(4), new ReLU(), new Flatten(),
                new Linear(4 * 5 * 5, 3, true, r));
    }

    static Tensor input(SplittableRandom r, int... dims) {
        Tensor t = Tensor.zeros(dims);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) r.nextDouble();
        }
        return t;
    }

    private static Map<String, int[]> stateBits(Module m) {
        Map<String, int[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, StFiles.bits(v)));
        return out;
    }

    private static void assertSameState(Module expected, Module actual) {
        Map<String, int[]> e = stateBits(expected);
        Map<String, int[]> a = stateBits(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String k : e.keySet()) {
            assertArrayEquals(e.get(k), a.get(k), k);
        }
    }

    private static boolean anyDifferent(Module a, Module b) {
        Map<String, int[]> x = stateBits(a);
        Map<String, int[]> y = stateBits(b);
        for (String k : x.keySet()) {
            if (!java.util.Arrays.equals(x.get(k), y.get(k))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void lenetRoundTripRestoresEveryBitAndTheForwardOutput() throws IOException {
        Sequential saved = ReferenceModels.lenet5(new SplittableRandom(1));
        Path f = dir.resolve("lenet.safetensors");
        ModelFiles.save(saved, f);

        Sequential fresh = ReferenceModels.lenet5(new SplittableRandom(2));
        assertTrue(anyDifferent(saved, fresh), "the fresh model starts from other weights");
        ModelFiles.IncompatibleKeys keys = ModelFiles.load(fresh, f, true);
        assertEquals(List.of(), keys.missingKeys());
        assertEquals(List.of(), keys.unexpectedKeys());
        assertSameState(saved, fresh);

        Var x = Var.constant(input(new SplittableRandom(3), 2, 28, 28, 1));
        saved.eval();
        fresh.eval();
        assertArrayEquals(StFiles.bits(saved.forward(x).value()), StFiles.bits(fresh.forward(x).value()));

        Map<String, Tensor> file = SafeTensors.load(f);
        assertEquals(new TreeSet<>(saved.stateDict().keySet()), new TreeSet<>(file.keySet()));
        assertEquals(saved.stateDict().get("0.weight").shape(), file.get("0.weight").shape(), "(out, kh, kw, in)");
    }

    @Test
    void batchNormBuffersRoundTrip() throws IOException {
        Sequential saved = convBn(new SplittableRandom(4));
        Var x = Var.constant(input(new SplittableRandom(5), 3, 5, 5, 2));
        saved.train();
        saved.forward(x); // moves the running statistics and the batch counter off their initial values
        saved.forward(x);
        Path f = dir.resolve("bn.safetensors");
        ModelFiles.save(saved, f);

        Sequential fresh = convBn(new SplittableRandom(6));
        ModelFiles.load(fresh, f, true);
        assertSameState(saved, fresh);
        assertEquals(2f, fresh.stateDict().get("1.num_batches_tracked").data()[0]);
        saved.eval();
        fresh.eval();
        assertArrayEquals(StFiles.bits(saved.forward(x).value()), StFiles.bits(fresh.forward(x).value()));
    }

    @Test
    void aSharedTensorIsWrittenOnceAndItsAliasesRecorded() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        Linear shared = new Linear(3, 3, true, r);
        Sequential saved = new Sequential(shared, new ReLU(), shared);
        Path f = dir.resolve("tied.safetensors");
        ModelFiles.save(saved, f, Map.of("model", "tied"));

        SafeTensors.File file = SafeTensors.read(f);
        assertEquals(List.of("0.bias", "0.weight"), List.copyOf(file.tensors().keySet()));
        assertEquals(Map.of("2.weight", "0.weight", "2.bias", "0.bias", "model", "tied"), file.metadata());

        Linear other = new Linear(3, 3, true, new SplittableRandom(8));
        Sequential fresh = new Sequential(other, new ReLU(), other);
        ModelFiles.IncompatibleKeys keys = ModelFiles.load(fresh, f, true);
        assertEquals(List.of(), keys.missingKeys());
        assertSameState(saved, fresh);
    }

    @Test
    void anAliasFillsItsTensorWhicheverNameTheFileUses() throws IOException {
        Linear shared = new Linear(2, 2, true, new SplittableRandom(9));
        Sequential target = new Sequential(shared, new ReLU(), shared);
        Map<String, Tensor> underSecondName = Map.of("2.weight", Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2),
                "2.bias", Tensor.of(new float[] {5f, 6f}, 2));
        Path f = dir.resolve("second.safetensors");
        SafeTensors.save(f, underSecondName, null);
        ModelFiles.load(target, f, true);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, shared.weight().value().toArray());
        assertArrayEquals(new float[] {5f, 6f}, shared.bias().value().toArray());
    }

    @Test
    void strictLoadListsMissingAndUnexpectedKeysAndChangesNothing() throws IOException {
        Path f = dir.resolve("linear.safetensors");
        ModelFiles.save(new Linear(4, 3, true, new SplittableRandom(10)), f);
        Sequential target = new Sequential(new Linear(4, 3, true, new SplittableRandom(11)));
        Map<String, int[]> before = stateBits(target);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(target, f, true));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("missing keys [0.bias, 0.weight], unexpected keys [bias, weight]"),
                e.getMessage());
        assertUnchanged(before, target);

        ModelFiles.IncompatibleKeys keys = ModelFiles.load(target, f, false);
        assertEquals(List.of("0.bias", "0.weight"), keys.missingKeys());
        assertEquals(List.of("bias", "weight"), keys.unexpectedKeys());
        assertUnchanged(before, target);
    }

    @Test
    void aShapeMismatchFailsTheWholeLoad() throws IOException {
        Linear source = new Linear(4, 3, true, new SplittableRandom(12));
        Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
        state.put("bias", Tensor.zeros(2)); // weight first and valid, then a bad bias
        Path f = dir.resolve("mismatch.safetensors");
        SafeTensors.save(f, state, null);
        Linear target = new Linear(4, 3, true, new SplittableRandom(13));
        Map<String, int[]> before = stateBits(target);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(target, f, false));
        assertTrue(e.getMessage().contains(f + ": state['bias'] must have shape (3,), was (2,)"), e.getMessage());
        assertUnchanged(before, target);
    }

    @Test
    void nonStrictLoadCopiesWhatMatches() throws IOException {
        Linear target = new Linear(2, 2, true, new SplittableRandom(14));
        float[] bias = target.bias().value().toArray();
        Path f = dir.resolve("partial.safetensors");
        SafeTensors.save(f, Map.of("weight", Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2),
                "extra", Tensor.zeros(1)), null);
        ModelFiles.IncompatibleKeys keys = ModelFiles.load(target, f, false);
        assertEquals(List.of("bias"), keys.missingKeys());
        assertEquals(List.of("extra"), keys.unexpectedKeys());
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, target.weight().value().toArray());
        assertArrayEquals(bias, target.bias().value().toArray());
    }

    @Test
    void aCorruptFileIsAnIOExceptionAndChangesNothing() throws IOException {
        Linear target = new Linear(2, 2, true, new SplittableRandom(15));
        Map<String, int[]> before = stateBits(target);
        Path f = Files.write(dir.resolve("corrupt.safetensors"), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(target, f, true));
        assertTrue(e.getMessage().contains("corrupt.safetensors"), e.getMessage());
        assertUnchanged(before, target);
    }

    @Test
    void refusesNullArguments() {
        Path f = dir.resolve("x.safetensors");
        Linear m = new Linear(1, 1);
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(null, f));
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(m, null));
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(m, f, null));
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(null, f, true));
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(m, null, true));
        assertFalse(Files.exists(f));
    }

    private static void assertUnchanged(Map<String, int[]> before, Module m) {
        Map<String, int[]> now = stateBits(m);
        List<String> changed = new ArrayList<>();
        for (String k : before.keySet()) {
            if (!java.util.Arrays.equals(before.get(k), now.get(k))) {
                changed.add(k);
            }
        }
        assertEquals(List.of(), changed, "a failed load must not change any tensor");
    }
}
