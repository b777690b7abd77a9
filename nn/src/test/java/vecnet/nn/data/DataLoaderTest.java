package vecnet.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import vecnet.core.Shape;

class DataLoaderTest {
    /** Samples of {@link DatasetTest#classes}: 2x3 floats, sample i starting with 100 i, label i % 3. */
    private static final int N = 23;

    /** The origins of one epoch's samples, in order, checking each batch's consistency on the way. */
    private static List<Integer> epoch(DataLoader loader) {
        List<Integer> order = new ArrayList<>();
        for (Batch b : loader) {
            for (int k = 0; k < b.size(); k++) {
                int i = (int) (b.x().get(k, 0, 0) / 100);
                assertEquals(100f * i + 5, b.x().get(k, 1, 2), "the whole sample is copied");
                assertEquals(i % 3, b.labels()[k]);
                assertEquals(i % 3, b.y().get(k), "y holds the labels as floats");
                order.add(i);
            }
        }
        return order;
    }

    private static void assertPermutation(List<Integer> order, int n) {
        assertEquals(n, order.size());
        boolean[] seen = new boolean[n];
        for (int i : order) {
            assertFalse(seen[i], "sample " + i + " appears twice");
            seen[i] = true;
        }
    }

    @Test
    void everySampleOncePerEpochInOrderWithoutShuffle() {
        DataLoader loader = new DataLoader(DatasetTest.classes(N), 5, false, 1, false);
        for (int e = 0; e < 2; e++) {
            List<Integer> order = epoch(loader);
            for (int i = 0; i < N; i++) {
                assertEquals(i, order.get(i));
            }
        }
        assertEquals(2, loader.epoch());
    }

    @Test
    void shuffledEpochsArePermutationsThatDifferAndRepeatWithTheSeed() {
        DataLoader a = new DataLoader(DatasetTest.classes(N), 4, true, 42, false);
        DataLoader b = new DataLoader(DatasetTest.classes(N), 4, true, 42, false);
        DataLoader c = new DataLoader(DatasetTest.classes(N), 4, true, 43, false);
        List<List<Integer>> epochs = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            List<Integer> order = epoch(a);
            assertPermutation(order, N);
            assertEquals(order, epoch(b), "same seed, same order in epoch " + e);
            assertFalse(order.equals(epoch(c)), "another seed, another order in epoch " + e);
            epochs.add(order);
        }
        assertFalse(epochs.get(0).equals(epochs.get(1)));
        assertFalse(epochs.get(1).equals(epochs.get(2)));
        assertFalse(epochs.get(0).equals(epochs.get(2)));

        DataLoader resumed = new DataLoader(DatasetTest.classes(N), 4, true, 42, false);
        resumed.setEpoch(2);
        assertEquals(epochs.get(2), epoch(resumed), "setEpoch(2) replays epoch 2");
        assertEquals(3, resumed.epoch());
    }

    @Test
    void lastPartialBatchKeptOrDropped() {
        DataLoader kept = new DataLoader(DatasetTest.classes(N), 5, true, 3, false);
        assertEquals(5, kept.batchesPerEpoch());
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : kept) {
            sizes.add(b.size());
            assertEquals(Shape.of(b.size(), 2, 3), b.x().shape());
            assertEquals(Shape.of(b.size()), b.y().shape());
            assertEquals(b.size() * 6, b.x().data().length, "no padding");
        }
        assertEquals(List.of(5, 5, 5, 5, 3), sizes);

        DataLoader dropped = new DataLoader(DatasetTest.classes(N), 5, true, 3, true);
        assertEquals(4, dropped.batchesPerEpoch());
        List<Integer> order = epoch(dropped);
        assertEquals(20, order.size());
        assertEquals(20, order.stream().distinct().count());

        DataLoader exact = new DataLoader(DatasetTest.classes(20), 5, false, 3, true);
        assertEquals(4, exact.batchesPerEpoch());
        DataLoader oneBatch = new DataLoader(DatasetTest.classes(3), 8, false, 3, false);
        assertEquals(1, oneBatch.batchesPerEpoch());
        assertEquals(List.of(0, 1, 2), epoch(oneBatch));
    }

    @Test
    void buffersAreReused() {
        DataLoader loader = new DataLoader(DatasetTest.classes(N), 5, true, 9, false);
        Batch first = null;
        Batch last = null;
        for (int e = 0; e < 2; e++) {
            Iterator<Batch> it = loader.iterator();
            for (int k = 0; k < 4; k++) {
                Batch b = it.next();
                if (first == null) {
                    first = b;
                }
                assertSame(first.x().data(), b.x().data());
                assertSame(first.y().data(), b.y().data());
                assertSame(first.labels(), b.labels());
            }
            Batch partial = it.next();
            assertNotSame(first.x().data(), partial.x().data());
            if (last != null) {
                assertSame(last.x().data(), partial.x().data());
            }
            last = partial;
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
    }

    @Test
    void regressionBatches() {
        float[] x = new float[10];
        float[] t = new float[20];
        for (int i = 0; i < 10; i++) {
            x[i] = i;
            t[2 * i] = 10 * i;
            t[2 * i + 1] = 10 * i + 1;
        }
        Dataset ds = Dataset.ofTargets(x, new int[0], t, new int[] {2});
        DataLoader loader = new DataLoader(ds, 4, true, 5, false);
        int count = 0;
        for (Batch b : loader) {
            assertNull(b.labels());
            assertEquals(Shape.of(b.size()), b.x().shape());
            assertEquals(Shape.of(b.size(), 2), b.y().shape());
            for (int k = 0; k < b.size(); k++) {
                float i = b.x().get(k);
                assertEquals(10 * i, b.y().get(k, 0));
                assertEquals(10 * i + 1, b.y().get(k, 1));
            }
            count += b.size();
        }
        assertEquals(10, count);
    }

    @Test
    void staleIteratorIsRejected() {
        DataLoader loader = new DataLoader(DatasetTest.classes(N), 5, true, 9, false);
        Iterator<Batch> old = loader.iterator();
        old.next();
        loader.iterator();
        assertThrows(IllegalStateException.class, old::next);
        Iterator<Batch> current = loader.iterator();
        loader.setEpoch(0);
        assertThrows(IllegalStateException.class, current::next);
    }

    @Test
    void rejectsBadArguments() {
        Dataset ds = DatasetTest.classes(N);
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(null, 4, true, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(ds, 0, true, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(ds, -3, true, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(ds.subset(0, 0), 4, true, 1, false));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> new DataLoader(ds, N + 1, true, 1, true));
        assertTrue(big.getMessage().contains("dropLast") && big.getMessage().contains(String.valueOf(N + 1)),
                big.getMessage());
        DataLoader loader = new DataLoader(ds, 4, false, 1, false);
        assertThrows(IllegalArgumentException.class, () -> loader.setEpoch(-1));
        assertSame(ds, loader.dataset());
        assertEquals(4, loader.batchSize());
        assertArrayEquals(new boolean[] {false, false}, new boolean[] {loader.shuffle(), loader.dropLast()});
    }
}
