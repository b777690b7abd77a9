package vecnet.nn.data;

import java.util.SplittableRandom;

import vecnet.core.Tensor;

/**
 * Augmentation for NHWC images: each image of a batch moves by a random whole number of pixels, up to
 * {@code maxShift} in each direction (independently in rows and columns), and the pixels moved in take the
 * value {@code fill} (the background: {@code (0 - mean) / std} for normalised MNIST). The shifts come from
 * {@code (seed, epoch, batch)}, so runs repeat and every epoch sees other shifts.
 *
 * <p>Thread safety: not thread-safe: {@link #apply} reuses a scratch buffer; one loader (one thread) at a time.
 */
public final class RandomShift implements BatchTransform {
    private final int maxShift;
    private final float fill;
    private final long seed;
    private float[] scratch = new float[0];

    public RandomShift(int maxShift, float fill, long seed) {
        if (maxShift < 1) {
            throw new IllegalArgumentException("maxShift must be >= 1, was " + maxShift);
        }
        if (!Float.isFinite(fill)) {
            throw new IllegalArgumentException("fill must be finite, was " + fill);
        }
        this.maxShift = maxShift;
        this.fill = fill;
        this.seed = seed;
    }

    @Override
    public void apply(Batch b, int epoch, int batch) {
        if (b == null) {
            throw new IllegalArgumentException("b must not be null");
        }
        Tensor x = b.x();
        if (x.rank() != 4) {
            throw new IllegalArgumentException("RandomShift needs NHWC images (rank 4), batch x has shape " + x.shape());
        }
        int n = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        int c = x.dim(3);
        int image = h * w * c;
        if (scratch.length < image) {
            scratch = new float[image];
        }
        SplittableRandom r = new SplittableRandom(seed ^ (0x9e3779b97f4a7c15L * (epoch + 1L)) + 0xbf58476d1ce4e5b9L * batch);
        float[] d = x.data();
        for (int i = 0; i < n; i++) {
            int dy = r.nextInt(2 * maxShift + 1) - maxShift;
            int dx = r.nextInt(2 * maxShift + 1) - maxShift;
            if (dy != 0 || dx != 0) {
                shift(d, x.offset() + i * image, h, w, c, dy, dx);
            }
        }
    }

    /** Moves one image by (dy, dx): out(y, x) = in(y - dy, x - dx), {@code fill} where that is outside. */
    private void shift(float[] d, int base, int h, int w, int c, int dy, int dx) {
        System.arraycopy(d, base, scratch, 0, h * w * c);
        for (int y = 0; y < h; y++) {
            int sy = y - dy;
            int row = base + y * w * c;
            if (sy < 0 || sy >= h) {
                java.util.Arrays.fill(d, row, row + w * c, fill);
                continue;
            }
            int x0 = Math.max(0, dx);
            int x1 = Math.min(w, w + dx);
            java.util.Arrays.fill(d, row, row + x0 * c, fill);
            System.arraycopy(scratch, (sy * w + x0 - dx) * c, d, row + x0 * c, (x1 - x0) * c);
            java.util.Arrays.fill(d, row + x1 * c, row + w * c, fill);
        }
    }

    @Override
    public String toString() {
        return "RandomShift(maxShift " + maxShift + ", fill " + fill + ")";
    }
}
