package vecnet.nn.autograd;

import java.util.ArrayList;
import java.util.Arrays;

import vecnet.core.Shape;
import vecnet.core.Tensor;

/**
 * Reuses the arrays of a training step in the next one. A training step repeats the same ops on the same
 * shapes, so the n-th array a step asks for can be the n-th array of the previous step: inside
 * {@code try (Workspace.Scope s = ws.open()) { ... }} every op output, intermediate gradient and scratch
 * buffer (im2col columns, pooling argmax) comes from this workspace, zeroed; after the first step no new
 * arrays are needed unless a shape changes. Parameters' gradients are not workspace memory: they live
 * with the parameters and {@code zeroGrad()} reuses them.
 *
 * <p>Values obtained inside a scope (outputs, the loss, intermediate gradients) are overwritten by the
 * next scope of the same workspace: read what you need (e.g. {@code loss.item()}) before it. Outside any
 * scope, ops allocate fresh arrays, which is what concurrent inference wants.
 *
 * <p>Thread safety: not thread-safe: one workspace serves one thread at a time; the open workspace is per
 * thread, so each thread may open its own.
 */
public final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = new ThreadLocal<>();

    private final ArrayList<float[]> floats = new ArrayList<>();
    private final ArrayList<int[]> ints = new ArrayList<>();
    private int nextFloat;
    private int nextInt;
    private long allocations;
    private boolean open;

    public Workspace() {
    }

    /** Makes this the current workspace of this thread and restarts its sequence of arrays. */
    public Scope open() {
        if (open) {
            throw new IllegalStateException("this workspace is already open (one scope at a time)");
        }
        if (CURRENT.get() != null) {
            throw new IllegalStateException("another workspace is open on this thread");
        }
        open = true;
        nextFloat = 0;
        nextInt = 0;
        CURRENT.set(this);
        return new Scope(this);
    }

    /** How many arrays this workspace has created so far; constant in the steady state. */
    public long allocations() {
        return allocations;
    }

    /** Bytes held in reusable arrays. */
    public long bytesHeld() {
        long b = 0;
        for (float[] f : floats) {
            b += 4L * f.length;
        }
        for (int[] i : ints) {
            b += 4L * i.length;
        }
        return b;
    }

    /** A zeroed tensor: from the current workspace if one is open on this thread, else newly allocated. */
    public static Tensor zeros(Shape shape) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        return Tensor.wrap(floats(shape.size()), 0, shape);
    }

    static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /**
     * With assertions on (as in the tests), reused arrays handed out as {@link #empty} are filled with
     * NaN, so an op that does not overwrite all of its output shows up as NaN instead of stale numbers.
     */
    private static final boolean POISON = Workspace.class.desiredAssertionStatus();

    /** A zeroed float array of exactly {@code n} elements (from the current workspace if open). */
    static float[] floats(int n) {
        return floats(n, true, 0f);
    }

    /**
     * A float array of exactly {@code n} elements whose contents are unspecified: for outputs that a
     * kernel overwrites entirely, which then skip the zeroing pass (a measurable share of a LeNet step).
     */
    static float[] emptyFloats(int n) {
        return floats(n, POISON, Float.NaN);
    }

    /** A tensor whose contents are unspecified; see {@link #emptyFloats}. */
    static Tensor empty(Shape shape) {
        return Tensor.wrap(emptyFloats(shape.size()), 0, shape);
    }

    static Tensor empty(int... dims) {
        return empty(Shape.of(dims));
    }

    /** From the current workspace if open; a reused array is filled with {@code value} if {@code fill}. */
    private static float[] floats(int n, boolean fill, float value) {
        Workspace w = CURRENT.get();
        if (w == null) {
            return new float[n];
        }
        int i = w.nextFloat++;
        if (i < w.floats.size() && w.floats.get(i).length == n) {
            float[] a = w.floats.get(i);
            if (fill) {
                Arrays.fill(a, value);
            }
            return a;
        }
        float[] a = new float[n];
        w.allocations++;
        if (i < w.floats.size()) {
            w.floats.set(i, a);
        } else {
            w.floats.add(a);
        }
        return a;
    }

    /** An int array of exactly {@code n} elements, contents unspecified (callers overwrite it). */
    static int[] ints(int n) {
        Workspace w = CURRENT.get();
        if (w == null) {
            return new int[n];
        }
        int i = w.nextInt++;
        if (i < w.ints.size() && w.ints.get(i).length == n) {
            return w.ints.get(i);
        }
        int[] a = new int[n];
        w.allocations++;
        if (i < w.ints.size()) {
            w.ints.set(i, a);
        } else {
            w.ints.add(a);
        }
        return a;
    }

    /** Closes the workspace's scope on this thread. */
    public static final class Scope implements AutoCloseable {
        private final Workspace workspace;

        private Scope(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public void close() {
            workspace.open = false;
            CURRENT.remove();
        }
    }
}
