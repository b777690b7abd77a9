package vecnet.core;

import java.util.Arrays;

/**
 * An immutable list of non-negative dimensions, outermost first (row-major).
 *
 * <p>Thread safety: immutable: safe to share between threads.
 */
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException(
                        "dims " + Arrays.toString(dims) + ": dimension " + i + " must be >= 0, was " + dims[i]);
            }
        }
        // Innermost axis first: n is the stride of axis i, then the size. Every stride must be an int too:
        // a zero dimension makes the size 0 but not the strides of the axes after it.
        long n = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dims " + Arrays.toString(dims) + ": the stride of axis " + i
                        + " is " + n + ", more than Integer.MAX_VALUE");
            }
            n *= dims[i]; // both factors are at most Integer.MAX_VALUE: the long cannot overflow
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "dims " + Arrays.toString(dims) + " has more than Integer.MAX_VALUE elements (" + n + ")");
        }
        this.size = (int) n;
    }

    /** A shape with the given dimensions; rejects negative dimensions and sizes or strides beyond {@code int}. */
    public static Shape of(int... dims) {
        if (dims == null) {
            throw new IllegalArgumentException("dims must not be null");
        }
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; negative axes count from the end as in NumPy. */
    public int dim(int axis) {
        return dims[axisIndex(axis)];
    }

    /** Total number of elements (1 for a scalar shape). */
    public int size() {
        return size;
    }

    public int[] dims() {
        return dims.clone();
    }

    /** The row-major stride of {@code axis}: the product of the dimensions after it. */
    public int stride(int axis) {
        int a = axisIndex(axis);
        int s = 1;
        for (int i = a + 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    /** The same elements under other dimensions; one dimension may be -1 (inferred). */
    public Shape reshape(int... dims) {
        if (dims == null) {
            throw new IllegalArgumentException("dims must not be null");
        }
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape to dims " + Arrays.toString(dims) + ": only one -1 allowed");
                }
                infer = i;
            } else {
                if (d[i] < 0) {
                    throw new IllegalArgumentException("reshape to dims " + Arrays.toString(dims)
                            + ": dimension " + i + " must be >= 0 or -1, was " + d[i]);
                }
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + this + " (" + size + " elements) to dims "
                        + Arrays.toString(dims));
            }
            d[infer] = (int) (size / known);
            known *= d[infer];
        }
        if (known != size) {
            throw new IllegalArgumentException("cannot reshape " + this + " (" + size + " elements) to dims "
                    + Arrays.toString(dims) + " (" + known + " elements)");
        }
        return new Shape(d);
    }

    private int axisIndex(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " out of range for rank " + dims.length);
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(dims[i]);
        }
        if (dims.length == 1) {
            b.append(',');
        }
        return b.append(')').toString();
    }
}
