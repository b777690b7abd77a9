package vecnet.nn.train;

import vecnet.core.Tensor;

/**
 * Classification metrics on a batch of logits (N, C): the predicted class of each row and how many
 * rows were predicted right. A NaN counts as larger than any number, as in PyTorch's {@code argmax}: a
 * row holding a NaN predicts the index of its first NaN, so a diverged model shows up as wrong
 * predictions instead of a plausible class.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads, while the logits are not being
 * written.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Writes the argmax of each row of {@code logits} (N, C) into {@code out[0..N)}; the first maximum
     * wins on ties. {@code out} may be longer than N (a buffer reused across batches).
     */
    public static void argmax(Tensor logits, int[] out) {
        int c = checkLogits(logits);
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        int n = logits.dim(0);
        if (out.length < n) {
            throw new IllegalArgumentException("out must have length >= " + n + " (rows of logits " + logits.shape()
                    + "), was " + out.length);
        }
        float[] d = logits.data();
        int off = logits.offset();
        for (int i = 0; i < n; i++) {
            out[i] = argmaxRow(d, off + i * c, c);
        }
    }

    /** The argmax of each row of {@code logits} (N, C) as a new array of length N. */
    public static int[] argmax(Tensor logits) {
        checkLogits(logits);
        int[] out = new int[logits.dim(0)];
        argmax(logits, out);
        return out;
    }

    /**
     * How many of the first {@code n} rows of {@code logits} (N, C) have their argmax equal to
     * {@code labels[i]}. Needs 0 ≤ n ≤ N, {@code labels.length >= n} and every label in [0, C).
     */
    public static int correct(Tensor logits, int[] labels, int n) {
        int c = checkLogits(logits);
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        int rows = logits.dim(0);
        if (n < 0 || n > rows) {
            throw new IllegalArgumentException("n must be in [0, " + rows + "] (rows of logits " + logits.shape()
                    + "), was " + n);
        }
        if (labels.length < n) {
            throw new IllegalArgumentException("labels must have length >= n = " + n + ", was " + labels.length);
        }
        checkLabels(labels, n, c);
        float[] d = logits.data();
        int off = logits.offset();
        int right = 0;
        for (int i = 0; i < n; i++) {
            if (argmaxRow(d, off + i * c, c) == labels[i]) {
                right++;
            }
        }
        return right;
    }

    /** The argmax of {@code c} floats from {@code start}: first maximum, first NaN beats everything. */
    static int argmaxRow(float[] d, int start, int c) {
        int best = 0;
        float max = d[start];
        if (max != max) {
            return 0;
        }
        for (int j = 1; j < c; j++) {
            float v = d[start + j];
            if (v != v) {
                return j;
            }
            if (v > max) {
                max = v;
                best = j;
            }
        }
        return best;
    }

    /** Validates (N, C) logits with C >= 1 and returns C. */
    static int checkLogits(Tensor logits) {
        if (logits == null) {
            throw new IllegalArgumentException("logits must not be null");
        }
        if (logits.rank() != 2 || logits.dim(1) < 1) {
            throw new IllegalArgumentException("logits must have shape (N, C) with C >= 1, shape was " + logits.shape());
        }
        return logits.dim(1);
    }

    /** Every one of the first n labels must be a class index in [0, classes). */
    static void checkLabels(int[] labels, int n, int classes) {
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + classes + "), was " + labels[i]);
            }
        }
    }
}
