package vecnet.nn.loss;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;

/** Class-index targets of shape (N) stored as floats: their checks and the forms the losses need. */
final class ClassIndices {
    /**
     * One reused int array per thread for the conversion: Ops.crossEntropy copies the labels it is given
     * before returning, so the array is free again as soon as the call returns.
     */
    private static final ThreadLocal<int[]> BUFFER = new ThreadLocal<>();

    private ClassIndices() {
    }

    /** The input must be (N, C); returns C. */
    static int classes(String name, Var input) {
        if (input == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (input.shape().rank() != 2) {
            throw new IllegalArgumentException(name + " must be (N, C), shape was " + input.shape());
        }
        return input.shape().dim(1);
    }

    /** Every element must be an integer in [0, classes) (NaN and 2.5 are not). */
    static void check(Tensor target, int classes) {
        float[] t = target.data();
        int o = target.offset();
        for (int i = 0; i < target.size(); i++) {
            float v = t[o + i];
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException("target[" + i + "] must be a class index, an integer in [0, "
                        + classes + "), was " + v);
            }
        }
    }

    /** {@code n} labels, each in [0, classes), as Ops.crossEntropy checks them. */
    static void check(int[] labels, int n, int classes) {
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("labels must have length " + n + " (rows of the input), was "
                    + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + classes + "), was "
                        + labels[i]);
            }
        }
    }

    /** The checked indices as ints, in this thread's reused array (valid until the next call). */
    static int[] toInts(Tensor target, int classes) {
        check(target, classes);
        int n = target.size();
        int[] a = BUFFER.get();
        if (a == null || a.length != n) {
            a = new int[n];
            BUFFER.set(a);
        }
        float[] t = target.data();
        int o = target.offset();
        for (int i = 0; i < n; i++) {
            a[i] = (int) t[o + i];
        }
        return a;
    }

    /**
     * Targets (N, C) with {@code hit} at each sample's class and {@code rest} elsewhere, from the open
     * workspace if any. {@code labels} is either an int[] or a checked float Tensor.
     */
    static Tensor spread(int[] labels, Tensor target, int n, int classes, float hit, float rest) {
        Tensor out = Workspace.zeros(Shape.of(n, classes));
        float[] d = out.data();
        if (rest != 0f) {
            java.util.Arrays.fill(d, 0, n * classes, rest);
        }
        for (int i = 0; i < n; i++) {
            int k = labels != null ? labels[i] : (int) target.data()[target.offset() + i];
            d[i * classes + k] = hit;
        }
        return out;
    }
}
