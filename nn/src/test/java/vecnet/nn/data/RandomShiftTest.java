package vecnet.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;

class RandomShiftTest {
    static final float FILL = -0.5f;

    /** 8 images of 5x4 pixels and 2 channels whose every value is distinct and positive. */
    static Batch batch() {
        Tensor x = Tensor.zeros(8, 5, 4, 2);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = i + 1;
        }
        return new Batch(x, Tensor.zeros(8), new int[8]);
    }

    /** in shifted by (dy, dx): out(y, x) = in(y - dy, x - dx), FILL outside. */
    static float[] shifted(float[] in, int h, int w, int c, int dy, int dx) {
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    int sy = y - dy;
                    int sx = x - dx;
                    out[(y * w + x) * c + k] = sy < 0 || sy >= h || sx < 0 || sx >= w ? FILL : in[(sy * w + sx) * c + k];
                }
            }
        }
        return out;
    }

    @Test
    void everyImageIsItselfMovedByAtMostMaxShiftPixels() {
        Batch original = batch();
        Batch b = batch();
        new RandomShift(2, FILL, 7).apply(b, 3, 1);
        int image = 5 * 4 * 2;
        int moved = 0;
        for (int i = 0; i < 8; i++) {
            float[] in = Arrays.copyOfRange(original.x().data(), i * image, (i + 1) * image);
            float[] out = Arrays.copyOfRange(b.x().data(), i * image, (i + 1) * image);
            boolean found = false;
            for (int dy = -2; dy <= 2 && !found; dy++) {
                for (int dx = -2; dx <= 2 && !found; dx++) {
                    found = Arrays.equals(shifted(in, 5, 4, 2, dy, dx), out);
                }
            }
            assertTrue(found, "image " + i + " is a shift of its original by at most 2 pixels");
            moved += Arrays.equals(in, out) ? 0 : 1;
        }
        assertTrue(moved >= 4, "most of 8 images move (each stays put with probability 1/25): " + moved);
    }

    @Test
    void shiftsRepeatForTheSameEpochAndBatchAndDifferOtherwise() {
        Batch a = batch();
        Batch b = batch();
        Batch c = batch();
        RandomShift t = new RandomShift(2, FILL, 7);
        t.apply(a, 3, 1);
        t.apply(b, 3, 1);
        t.apply(c, 4, 1);
        assertArrayEquals(a.x().data(), b.x().data());
        assertFalse(Arrays.equals(a.x().data(), c.x().data()));
    }

    @Test
    void theLoaderAppliesItToEveryBatch() {
        float[] x = new float[10 * 4];
        Arrays.fill(x, 1f);
        DataLoader loader = new DataLoader(Dataset.ofClasses(x, new int[] {2, 2, 1}, new int[10], 2), 4, false, 0, false)
                .transform((batch, epoch, index) -> batch.x().data()[0] = 100 * epoch + index);
        int seen = 0;
        for (Batch batch : loader) {
            assertEquals(seen, batch.x().data()[0], 0f);
            seen++;
        }
        assertEquals(3, seen);
        assertEquals(100, loader.iterator().next().x().data()[0], 0f);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RandomShift(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomShift(1, Float.NaN, 1));
        Batch flat = new Batch(Tensor.zeros(2, 6), Tensor.zeros(2), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomShift(1, 0, 1).apply(flat, 0, 0));
        assertTrue(e.getMessage().contains("rank 4"), e.getMessage());
    }
}
