package vecnet.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Shape;
import vecnet.core.Tensor;

class MetricsTest {
    private static final float NAN = Float.NaN;

    @Test
    void argmaxTakesTheFirstMaximumOfEachRow() {
        Tensor logits = Tensor.of(new float[] {
            0.1f, 0.7f, 0.2f,
            3f, 3f, -1f,
            -5f, -4f, -4f,
            0f, 0f, 0f}, 4, 3);
        assertArrayEquals(new int[] {1, 0, 1, 0}, Metrics.argmax(logits));
    }

    @Test
    void nanCountsAsTheMaximumLikePyTorch() {
        Tensor logits = Tensor.of(new float[] {
            1f, NAN, 9f,
            NAN, 5f, NAN,
            Float.NEGATIVE_INFINITY, 2f, Float.POSITIVE_INFINITY}, 3, 3);
        assertArrayEquals(new int[] {1, 0, 2}, Metrics.argmax(logits));
    }

    @Test
    void argmaxIntoALongerBufferWritesOnlyTheRows() {
        Tensor logits = Tensor.of(new float[] {0f, 1f, 1f, 0f}, 2, 2);
        int[] out = {7, 7, 7};
        Metrics.argmax(logits, out);
        assertArrayEquals(new int[] {1, 0, 7}, out);
    }

    @Test
    void argmaxReadsAViewAtItsOffset() {
        float[] data = {9f, 9f, 0f, 2f, 1f, 3f, 0f, 0f};
        Tensor view = Tensor.wrap(data, 2, Shape.of(2, 2));
        assertArrayEquals(new int[] {1, 1}, Metrics.argmax(view));
    }

    @Test
    void correctCountsAgainstAScalarReference() {
        SplittableRandom rng = new SplittableRandom(42);
        int n = 50;
        int c = 7;
        float[] d = new float[n * c];
        int[] labels = new int[n];
        int expected = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 0; j < c; j++) {
                d[i * c + j] = (float) rng.nextGaussian();
                if (d[i * c + j] > d[i * c + best]) {
                    best = j;
                }
            }
            labels[i] = rng.nextInt(c);
            if (i < 40 && labels[i] == best) {
                expected++;
            }
        }
        assertEquals(expected, Metrics.correct(Tensor.of(d, n, c), labels, 40));
    }

    @Test
    void correctOnKnownRows() {
        Tensor logits = Tensor.of(new float[] {0f, 1f, 1f, 0f, 0.5f, 0.2f}, 3, 2);
        assertEquals(2, Metrics.correct(logits, new int[] {1, 0, 1}, 3));
        assertEquals(1, Metrics.correct(logits, new int[] {1, 1, 1}, 2));
        assertEquals(0, Metrics.correct(logits, new int[] {1, 1, 1}, 0));
    }

    @Test
    void badArgumentsAreRejected() {
        Tensor logits = Tensor.zeros(3, 4);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Metrics.argmax(null)), "logits");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Metrics.argmax(Tensor.zeros(4))), "(4,)");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Metrics.argmax(Tensor.zeros(3, 0))), "C >= 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Metrics.argmax(logits, null)), "out");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Metrics.argmax(logits, new int[2])), "was 2");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Metrics.correct(logits, null, 1)), "labels");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Metrics.correct(logits, new int[3], 4)),
                "was 4");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Metrics.correct(logits, new int[3], -1)),
                "was -1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Metrics.correct(logits, new int[2], 3)),
                "was 2");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Metrics.correct(logits, new int[] {0, 4, 0}, 3)), "labels[1]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Metrics.correct(logits, new int[] {0, 0, -1}, 3)), "labels[2]");
    }

    static void assertMessage(Throwable t, String part) {
        assertTrue(t.getMessage().contains(part), () -> "message '" + t.getMessage() + "' should contain '" + part + "'");
    }
}
