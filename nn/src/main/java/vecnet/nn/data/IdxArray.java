package vecnet.nn.data;

import java.util.Arrays;

/**
 * The content of an IDX file of unsigned bytes: its dimensions (outermost first, e.g. images, rows,
 * columns) and its values in row-major order. {@code data} is the array itself, not a copy; read each
 * value as {@code data[i] & 0xff}.
 *
 * <p>Thread safety: {@code dims} is a private copy, but {@code data} is the array itself: any number of readers
 * while nobody writes it.
 */
public record IdxArray(int[] dims, byte[] data) {
    public IdxArray {
        if (dims == null || data == null) {
            throw new IllegalArgumentException("dims and data must not be null, were " + Arrays.toString(dims)
                    + " and " + (data == null ? "null" : "byte[" + data.length + "]"));
        }
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("dims[" + i + "] must be > 0, was " + dims[i]);
            }
            n *= dims[i];
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " hold more than "
                        + Integer.MAX_VALUE + " values");
            }
        }
        if (n != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " need " + n + " values, data has "
                    + data.length);
        }
        dims = dims.clone();
    }

    /** A copy of the dimensions. */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Dimension {@code axis} (0 is the outermost, e.g. the number of images). */
    public int dim(int axis) {
        if (axis < 0 || axis >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " out of range [0, " + dims.length + ")");
        }
        return dims[axis];
    }

    /** Number of dimensions (1 to 4). */
    public int rank() {
        return dims.length;
    }

    /** Equal when the dimensions and all values are equal (records compare arrays by identity otherwise). */
    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray a && Arrays.equals(dims, a.dims) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dims);
    }
}
