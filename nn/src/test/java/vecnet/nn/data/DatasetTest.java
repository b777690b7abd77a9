package vecnet.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import vecnet.core.Shape;
import vecnet.core.Tensor;

class DatasetTest {
    /** Sums of a few floats in double: exact up to rounding of the final division. */
    private static final double TOL = 1e-12;

    /** n samples of shape (2, 3); sample i holds 100 i + j at position j; label i % 3. */
    static Dataset classes(int n) {
        float[] x = new float[n * 6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = 100 * i + j;
            }
            labels[i] = i % 3;
        }
        return Dataset.ofClasses(x, new int[] {2, 3}, labels, 3);
    }

    /** The index of the original sample a sample of {@link #classes} came from. */
    static int origin(Dataset ds, int i) {
        return (int) (ds.sample(i).get(0, 0) / 100);
    }

    @Test
    void classificationKnownAnswers() {
        Dataset ds = classes(4);
        assertEquals(4, ds.size());
        assertEquals(Shape.of(2, 3), ds.sampleShape());
        assertEquals(Shape.of(), ds.targetShape());
        assertEquals(3, ds.numClasses());
        assertTrue(ds.isClassification());
        assertArrayEquals(new int[] {0, 1, 2, 0}, ds.labels());
        assertEquals(2, ds.label(2));
        assertEquals(Shape.of(4, 2, 3), ds.features().shape());
        assertEquals(305f, ds.features().get(3, 1, 2));
        assertEquals(204f, ds.sample(2).get(1, 1));
        assertArrayEquals(new float[] {0, 1, 2, 0}, ds.targets().toArray());
        ds.labels()[0] = 2;
        assertEquals(0, ds.label(0), "labels() is a copy");
    }

    @Test
    void regressionKnownAnswers() {
        float[] x = {1, 2, 3, 4, 5, 6};
        float[] t = {10, 11, 20, 21, 30, 31};
        Dataset ds = Dataset.ofTargets(x, new int[] {2}, t, new int[] {2});
        assertEquals(3, ds.size());
        assertEquals(0, ds.numClasses());
        assertFalse(ds.isClassification());
        assertEquals(Shape.of(3, 2), ds.targets().shape());
        assertEquals(21f, ds.targets().get(1, 1));
        assertEquals(Shape.of(2, 2), ds.subset(1, 3).targets().shape());
        assertArrayEquals(new float[] {20, 21, 30, 31}, ds.subset(1, 3).targets().toArray());
        assertThrows(IllegalStateException.class, ds::labels);
        Dataset scalar = Dataset.ofTargets(x, new int[] {3}, new float[] {7, 8}, new int[0]);
        assertEquals(Shape.of(2), scalar.targets().shape());
    }

    @Test
    void factoriesRejectBadArguments() {
        float[] x = new float[12];
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofClasses(null, new int[] {6}, new int[2], 2));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofClasses(x, null, new int[2], 2));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofClasses(x, new int[] {6}, null, 2));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofClasses(x, new int[] {6}, new int[2], 0));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofClasses(x, new int[] {0, 6}, new int[2], 2));
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(x, new int[] {6}, new int[3], 2));
        assertTrue(len.getMessage().contains("12") && len.getMessage().contains("18"), len.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(x, new int[] {6}, new int[] {1, 2}, 2));
        assertTrue(label.getMessage().contains("labels[1]") && label.getMessage().contains("[0, 2)"),
                label.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(x, new int[] {6}, new int[] {0, -1}, 2));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofTargets(x, new int[] {5}, new float[2], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofTargets(x, new int[] {6}, new float[3], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofTargets(x, new int[] {6}, null, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofTargets(x, new int[] {6}, new float[2], null));
    }

    @Test
    void subsetIsAViewAndChecksItsRange() {
        Dataset ds = classes(5);
        Dataset sub = ds.subset(1, 4);
        assertEquals(3, sub.size());
        assertSame(ds.features().data(), sub.features().data());
        assertEquals(100f, sub.sample(0).get(0, 0));
        assertArrayEquals(new int[] {1, 2, 0}, sub.labels());
        Dataset subsub = sub.subset(1, 3);
        assertEquals(2, origin(subsub, 0));
        assertArrayEquals(new int[] {2, 0}, subsub.labels());
        assertEquals(0, ds.subset(2, 2).size());
        assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(-1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(0, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> sub.sample(3));
        assertThrows(IndexOutOfBoundsException.class, () -> sub.label(-1));
    }

    @Test
    void splitAndSelect() {
        Dataset ds = classes(5);
        Dataset.Split s = ds.split(2);
        assertEquals(2, s.first().size());
        assertEquals(3, s.second().size());
        assertEquals(2, origin(s.second(), 0));
        assertThrows(IllegalArgumentException.class, () -> ds.split(6));
        assertThrows(IllegalArgumentException.class, () -> ds.split(-1));

        Dataset picked = ds.select(new int[] {4, 0, 4});
        assertEquals(3, picked.size());
        assertEquals(4, origin(picked, 0));
        assertEquals(0, origin(picked, 1));
        assertArrayEquals(new int[] {1, 0, 1}, picked.labels());
        assertNotSameArray(ds, picked);
        assertThrows(IndexOutOfBoundsException.class, () -> ds.select(new int[] {5}));
        assertThrows(IllegalArgumentException.class, () -> ds.select(null));
    }

    @Test
    void randomSplitIsASeededPartition() {
        Dataset ds = classes(50);
        Dataset.Split s = ds.randomSplit(0.8, 7);
        assertEquals(40, s.first().size());
        assertEquals(10, s.second().size());
        int[] seen = new int[50];
        int[] firstOrder = new int[40];
        for (int i = 0; i < 40; i++) {
            firstOrder[i] = origin(s.first(), i);
            seen[firstOrder[i]]++;
            assertEquals(firstOrder[i] % 3, s.first().label(i), "labels move with their samples");
        }
        for (int i = 0; i < 10; i++) {
            seen[origin(s.second(), i)]++;
        }
        int[] once = new int[50];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen, "every sample lands in exactly one part");

        Dataset.Split again = ds.randomSplit(0.8, 7);
        Dataset.Split other = ds.randomSplit(0.8, 8);
        int[] againOrder = new int[40];
        int[] otherOrder = new int[40];
        for (int i = 0; i < 40; i++) {
            againOrder[i] = origin(again.first(), i);
            otherOrder[i] = origin(other.first(), i);
        }
        assertArrayEquals(firstOrder, againOrder, "same seed, same split");
        assertFalse(Arrays.equals(firstOrder, otherOrder), "another seed, another split");
        int[] sorted = firstOrder.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, firstOrder), "the split is shuffled");

        assertEquals(0, ds.randomSplit(0, 1).first().size());
        assertThrows(IllegalArgumentException.class, () -> ds.randomSplit(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> ds.randomSplit(Double.NaN, 1));
    }

    @Test
    void meanStdAndNormalize() {
        Dataset ds = Dataset.ofClasses(new float[] {1, 2, 3, 4}, new int[] {2}, new int[] {0, 1}, 2);
        assertEquals(2.5, ds.mean(), TOL);
        assertEquals(Math.sqrt(1.25), ds.std(), TOL); // population: ((1.5^2 + 0.5^2) * 2) / 4
        Dataset n = ds.normalize(2.5, 0.5);
        assertArrayEquals(new float[] {-3, -1, 1, 3}, n.features().toArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, ds.features().toArray(), "the original is unchanged");
        assertArrayEquals(ds.labels(), n.labels());
        Dataset whole = ds.normalize(ds.mean(), ds.std());
        assertEquals(0, whole.mean(), 1e-7);
        assertEquals(1, whole.std(), 1e-7);
        // A view normalizes only its own samples.
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, classes(3).subset(1, 2).normalize(100, 1).features().toArray());
        assertThrows(IllegalArgumentException.class, () -> ds.normalize(0, 0));
        assertThrows(IllegalArgumentException.class, () -> ds.normalize(0, -1));
        assertThrows(IllegalArgumentException.class, () -> ds.normalize(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ds.normalize(Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalStateException.class, () -> ds.subset(1, 1).mean());
    }

    @Test
    void reshapeIsAView() {
        Dataset ds = classes(3);
        Dataset flat = ds.reshape(6);
        assertEquals(Shape.of(6), flat.sampleShape());
        assertSame(ds.features().data(), flat.features().data());
        assertEquals(Shape.of(3, 6), flat.features().shape());
        assertEquals(105f, flat.sample(1).get(5));
        assertEquals(Shape.of(3, 2, 1), ds.reshape(-1, 2, 1).sampleShape());
        assertEquals(Shape.of(2, 3), flat.reshape(2, 3).sampleShape());
        assertArrayEquals(ds.labels(), flat.labels());
        assertThrows(IllegalArgumentException.class, () -> ds.reshape(5));
        assertThrows(IllegalArgumentException.class, () -> ds.reshape((int[]) null));
    }

    private static void assertNotSameArray(Dataset a, Dataset b) {
        Tensor ta = a.features();
        Tensor tb = b.features();
        assertFalse(ta.data() == tb.data(), "select copies");
    }

    @Test
    void toStringNamesShapeAndClasses() {
        String s = classes(2).toString();
        assertTrue(s.contains("2 samples") && s.contains("3 classes"), s);
        assertNotEquals(s, classes(3).toString());
    }
}
