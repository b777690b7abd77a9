package vecnet.core;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order: {@code shape.size()} consecutive floats of {@code data}
 * starting at {@code offset}. The array is shared, not copied, so views ({@link #reshape}) and
 * sub-tensors cost nothing; {@link #copy()} makes an independent tensor.
 *
 * <p>Thread safety: the fields are final but the data is not: a tensor, with every view sharing its array, may be
 * read by many threads, or written by one with no readers.
 */
public final class Tensor {
    private final float[] data;
    private final int offset;
    private final Shape shape;

    /** The longest array every VM allocates (the JDK's own soft limit, Integer.MAX_VALUE - 8). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private Tensor(float[] data, int offset, Shape shape) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() > MAX_ARRAY_LENGTH) { // the VM refuses these with an OutOfMemoryError whatever the heap
            throw new IllegalArgumentException("dims " + java.util.Arrays.toString(dims) + " has " + s.size()
                    + " elements, more than the largest array (" + MAX_ARRAY_LENGTH + ")");
        }
        return new Tensor(new float[s.size()], 0, s);
    }

    /** A tensor over {@code data} (not copied); its length must equal the shape's size. */
    public static Tensor of(float[] data, int... dims) {
        Shape s = Shape.of(dims);
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (data.length != s.size()) {
            throw new IllegalArgumentException("data has " + data.length + " elements but shape " + s
                    + " needs " + s.size());
        }
        return new Tensor(data, 0, s);
    }

    /** A view of {@code shape.size()} floats of {@code data} starting at {@code offset}. */
    public static Tensor wrap(float[] data, int offset, Shape shape) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        if (offset < 0 || (long) offset + shape.size() > data.length) {
            throw new IllegalArgumentException("offset " + offset + " + size " + shape.size() + " of shape " + shape
                    + " exceeds data length " + data.length);
        }
        return new Tensor(data, offset, shape);
    }

    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return shape.size();
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** The element at the given indices (one per dimension). */
    public float get(int... index) {
        return data[flatIndex(index)];
    }

    public void set(float value, int... index) {
        data[flatIndex(index)] = value;
    }

    /** A view with the same data under new dimensions (one may be -1). */
    public Tensor reshape(int... dims) {
        if (dims == null) {
            throw new IllegalArgumentException("dims must not be null");
        }
        return new Tensor(data, offset, shape.reshape(dims));
    }

    /** An independent copy with its own array. */
    public Tensor copy() {
        return new Tensor(Arrays.copyOfRange(data, offset, offset + size()), 0, shape);
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size());
    }

    public void fill(float value) {
        Arrays.fill(data, offset, offset + size(), value);
    }

    private int flatIndex(int[] index) {
        if (index == null) {
            throw new IllegalArgumentException("index must not be null");
        }
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index must have " + shape.rank() + " entries for shape " + shape
                    + ", got " + index.length);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("index " + index[i] + " out of range [0, " + d + ") for axis " + i
                        + " of shape " + shape);
            }
            flat = flat * d + index[i];
        }
        return offset + flat;
    }

    @Override
    public String toString() {
        int n = Math.min(size(), 8);
        StringBuilder b = new StringBuilder("Tensor").append(shape).append(" [");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(data[offset + i]);
        }
        if (n < size()) {
            b.append(", ...");
        }
        return b.append(']').toString();
    }
}
