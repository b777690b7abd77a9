package vecnet.nn.data;

import vecnet.core.Tensor;

/**
 * One mini-batch: inputs {@code x} (batch first, e.g. NHWC images or (N, features)), targets {@code y}
 * (class indices as floats of shape (N), or regression targets), and the class indices as ints
 * ({@code null} when the targets are not classes). A data loader reuses these arrays for the next batch
 * of the same size: read what you need before asking for the next one.
 *
 * <p>Thread safety: not immutable: x, y and labels are the loader's reused buffers, overwritten by the next batch
 * and changed in place by a {@link BatchTransform}: use a batch on the thread that iterates the loader.
 */
public record Batch(Tensor x, Tensor y, int[] labels) {
    public Batch {
        if (x == null || y == null) {
            throw new IllegalArgumentException("x and y must not be null, were " + x + " and " + y);
        }
        if (x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("x and y must have the same batch size, were " + x.dim(0) + " and "
                    + y.dim(0));
        }
        if (labels != null && labels.length != x.dim(0)) {
            throw new IllegalArgumentException("labels must have length " + x.dim(0) + ", was " + labels.length);
        }
    }

    /** Samples in this batch. */
    public int size() {
        return x.dim(0);
    }
}
