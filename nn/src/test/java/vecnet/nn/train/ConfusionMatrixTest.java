package vecnet.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.train.MetricsTest.assertMessage;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;

class ConfusionMatrixTest {
    private static final double TOL = 1e-12;

    /** actual → predicted: cat 5×cat 1×dog; dog 3×dog 1×bird; bird 2×bird; 12 samples, 10 right. */
    private static ConfusionMatrix pets() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("cat", "dog", "bird"));
        int[] actual = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
        int[] predicted = {0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
        m.add(actual, predicted, actual.length);
        return m;
    }

    @Test
    void countsAndRatiosOnAKnownMatrix() {
        ConfusionMatrix m = pets();
        assertEquals(5, m.count(0, 0));
        assertEquals(1, m.count(0, 1));
        assertEquals(0, m.count(1, 0));
        assertEquals(1, m.count(1, 2));
        assertEquals(12, m.total());
        assertEquals(10, m.correct());
        assertEquals(10.0 / 12, m.accuracy(), TOL);
        assertArrayEquals(new double[] {5.0 / 6, 3.0 / 4, 1.0}, m.perClassAccuracy(), TOL);
        assertEquals(1.0, m.precision(0), TOL);
        assertEquals(3.0 / 4, m.precision(1), TOL);
        assertEquals(2.0 / 3, m.precision(2), TOL);
        assertEquals(5.0 / 6, m.recall(0), TOL);
        // F1 of bird: 2·(2/3)·1 / (2/3 + 1) = 0.8
        assertEquals(0.8, m.f1(2), TOL);
        assertEquals(2 * (3.0 / 4) * (3.0 / 4) / (3.0 / 2), m.f1(1), TOL);
    }

    @Test
    void ratiosWithoutSamplesAreNaN() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        assertTrue(Double.isNaN(m.accuracy()));
        m.add(0, 1);
        m.add(1, 1);
        assertEquals(0.5, m.accuracy(), TOL);
        assertTrue(Double.isNaN(m.perClassAccuracy()[2]), "class 2 has no samples");
        assertTrue(Double.isNaN(m.recall(2)));
        assertTrue(Double.isNaN(m.precision(0)), "class 0 was never predicted");
        assertTrue(Double.isNaN(m.f1(0)));
        assertEquals(0.0, m.recall(0), TOL);
        assertEquals(0.5, m.precision(1), TOL);
        m.reset();
        assertEquals(0, m.total());
    }

    @Test
    void f1IsZeroWhenPrecisionAndRecallAre() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        m.add(0, 1);
        m.add(1, 0);
        assertEquals(0.0, m.f1(0), TOL);
    }

    @Test
    void addLogitsAgreesWithArgmaxAndMetricsCorrect() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 64;
        int c = 5;
        float[] d = new float[n * c];
        int[] labels = new int[n];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(c);
        }
        Tensor logits = Tensor.of(d, n, c);
        ConfusionMatrix m = new ConfusionMatrix(c);
        m.addLogits(logits, labels);
        ConfusionMatrix byPairs = new ConfusionMatrix(c);
        byPairs.add(labels, Metrics.argmax(logits), n);
        assertEquals(n, m.total());
        assertEquals(Metrics.correct(logits, labels, n), m.correct());
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                assertEquals(byPairs.count(i, j), m.count(i, j));
            }
        }
    }

    @Test
    void formatIsAnAlignedTableWithNames() {
        String text = pets().format();
        List<String> lines = Arrays.asList(text.split("\n"));
        assertEquals(6, lines.size(), text);
        assertTrue(lines.get(0).startsWith("actual \\ predicted"), text);
        assertTrue(lines.get(1).startsWith("cat "), text);
        assertTrue(lines.get(4).startsWith("precision"), text);
        assertEquals("accuracy 0.8333 (10 of 12)", lines.get(5));
        // header, class rows: same width, the count columns end at the same place
        int width = lines.get(0).length();
        for (int i = 1; i <= 3; i++) {
            assertEquals(width, lines.get(i).length(), text);
        }
        int bar = lines.get(0).indexOf('|');
        for (int i = 1; i <= 3; i++) {
            assertEquals(bar, lines.get(i).indexOf('|'), text);
        }
        assertTrue(lines.get(1).endsWith("0.8333"), text);
        assertTrue(lines.get(3).contains(" 2 |"), text);
        assertEquals(text, pets().toString());
        ConfusionMatrix empty = new ConfusionMatrix(2);
        assertTrue(empty.format().contains("accuracy - (0 of 0)"), empty.format());
    }

    @Test
    void badArgumentsAreRejected() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0)), "was 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(46_341)), "was 46341");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of())), "classNames");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix((List<String>) null)),
                "classNames");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(Arrays.asList("a", null))), "classNames[1]");
        ConfusionMatrix m = new ConfusionMatrix(3);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.add(3, 0)), "actual");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.add(0, -1)), "predicted");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.add(null, new int[1], 1)), "actual");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.add(new int[2], new int[1], 2)), "was 2");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> m.add(new int[] {0, 1, 2}, new int[] {0, 5, 0}, 3)), "predicted[1]");
        assertEquals(0, m.total(), "a rejected batch counts nothing");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.addLogits(Tensor.zeros(2, 4), new int[2])),
                "3 columns");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.addLogits(Tensor.zeros(2, 3), new int[3])),
                "length 2");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.addLogits(Tensor.zeros(2, 3), null)),
                "labels");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> m.addLogits(Tensor.zeros(2, 3), new int[] {0, 3})), "labels[1]");
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> m.count(0, 3)), "predicted");
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> m.count(-1, 0)), "actual");
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> m.precision(3)), "was 3");
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> m.recall(-1)), "was -1");
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> m.f1(9)), "was 9");
    }
}
