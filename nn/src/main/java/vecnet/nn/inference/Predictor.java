package vecnet.nn.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.Module;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;

/**
 * Inference with one model from many threads. The model is switched to eval mode once, here; each
 * calling thread gets its own {@link Workspace} (per predictor, per batch size), so concurrent calls share
 * no mutable scratch and, after a thread's first call at a batch size, reuse their arrays instead of
 * allocating new ones. The caller-buffer overload {@link #predict(float[], int, int, float[], int)} allocates
 * no arrays at all per call. Models made of the common layers run on a compiled plan ({@link #compiled()}):
 * the same kernel calls without the op graph, so such a call allocates nothing at all; other models run
 * through {@code forward} and allocate the op graph's small objects (a few hundred bytes, reported by the
 * runner).
 *
 * <p>Thread safety: every method may be called from any number of threads at once. Under {@link #of} the model
 * must not be trained or have its weights changed during a call (a {@code loadStateDict} between calls is served
 * from the next call on), and each call refuses a model switched back to training mode (its forward would write
 * BatchNorm statistics); a {@link #frozen} predictor holds its own copy, so its model may be trained or reloaded
 * meanwhile.
 * Each thread keeps one workspace per batch size it used, for the life of the predictor; memory held is
 * about the activations of one forward pass per (thread, batch size).
 *
 * <p>Results do not depend on the thread or on other concurrent calls: a call computes exactly what a
 * single-threaded {@code model.forward} in eval mode computes for the same input.
 *
 * <p>{@link #of} serves the model's weights as they are at each call. {@link #frozen} serves a copy taken
 * when it is made, so the model may go on training (or load other weights) beside it, and keeps each Linear
 * weight a second time in the layout the batch-1 product reads fastest: for a service whose model does not
 * change, at the price of about twice the Linear layers' weights in memory.
 */
public final class Predictor {
    private final Module model;
    private final Shape sampleShape;
    private final int inputSize;
    private final int outputSize;
    private final int[] outputSampleDims;
    private final ThreadLocal<Context> context = ThreadLocal.withInitial(Context::new);
    /** The allocation-free path, or null for models it does not cover (they run through {@code forward}). */
    private final Plan plan;
    private final ThreadLocal<Plan.Scratch> scratch = ThreadLocal.withInitial(Plan.Scratch::new);
    /** Whether the plan holds its own copy of the weights (and so no longer depends on the model's mode). */
    private final boolean frozen;
    /** The model and every module under it, checked for training mode at each call of {@link #of}'s predictor. */
    private final Module[] modules;

    private Predictor(Module model, Shape sampleShape, boolean frozen) {
        this.model = model;
        List<Module> all = new ArrayList<>();
        collect(model, all);
        this.modules = all.toArray(new Module[0]);
        this.sampleShape = sampleShape;
        this.inputSize = sampleShape.size();
        model.eval();
        Tensor probe = forwardBatch(new float[inputSize], 0, 1).copy();
        this.outputSampleDims = Arrays.copyOfRange(probe.shape().dims(), 1, probe.shape().rank());
        this.outputSize = probe.size();
        Plan p = Plan.compile(model, sampleShape.dims(), frozen);
        this.plan = p != null && p.outputSize() == outputSize ? p : null;
        if (frozen && plan == null) {
            throw new IllegalArgumentException("model cannot be frozen: Predictor.frozen needs a Sequential (nested"
                    + " ones too) of Linear, Conv2d, pooling, BatchNorm, Dropout, Flatten, Softmax and activation"
                    + " layers, and " + model.getClass().getSimpleName() + " is not one; Predictor.of serves any model");
        }
        this.frozen = frozen;
    }

    /**
     * A predictor for {@code model} taking samples of shape {@code sampleDims} (without the batch
     * dimension: (784) for an MLP, (28, 28, 1) for an NHWC image). Switches the model to eval mode and runs
     * one batch-1 forward pass to learn the output size.
     */
    public static Predictor of(Module model, int... sampleDims) {
        return new Predictor(model, checkedShape(model, sampleDims), false);
    }

    /**
     * A predictor on a copy of {@code model}'s weights and BatchNorm statistics taken now: later changes to the
     * model (training steps, a loaded state dict, mode switches) do not reach it, and its results are the bits
     * the model's eval-mode {@code forward} computed at this moment. Each Linear weight is also kept packed for
     * batch-1 calls, which then read it as one stream (the same bits as the unpacked product). Holds about twice
     * the Linear layers' weights and once the convolutions'. Switches the model to eval mode and runs one
     * batch-1 forward pass, as {@link #of} does.
     *
     * @throws IllegalArgumentException for a model the compiled plan does not cover ({@link #compiled()}), which
     *         {@link #of} serves through {@code forward}
     */
    public static Predictor frozen(Module model, int... sampleDims) {
        return new Predictor(model, checkedShape(model, sampleDims), true);
    }

    private static Shape checkedShape(Module model, int[] sampleDims) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (sampleDims == null || sampleDims.length == 0) {
            throw new IllegalArgumentException("sampleDims must name at least one dimension, was "
                    + Arrays.toString(sampleDims));
        }
        for (int i = 0; i < sampleDims.length; i++) {
            if (sampleDims[i] < 1) {
                throw new IllegalArgumentException("sampleDims[" + i + "] must be >= 1, was " + sampleDims[i]);
            }
        }
        Shape shape = Shape.of(sampleDims);
        if (shape.size() > Integer.MAX_VALUE - 8) { // the VM's array limit: a sample buffer could not exist
            throw new IllegalArgumentException("sampleDims " + Arrays.toString(sampleDims) + " has " + shape.size()
                    + " elements, more than the largest array (" + (Integer.MAX_VALUE - 8) + ")");
        }
        return shape;
    }

    /** Floats per input sample. */
    public int inputSize() {
        return inputSize;
    }

    /** Floats per output sample (e.g. 10 logits). */
    public int outputSize() {
        return outputSize;
    }

    /** The model's output for one sample ({@link #inputSize()} floats), in a new array. */
    public float[] predict(float[] sample) {
        if (sample == null) {
            throw new IllegalArgumentException("sample must not be null");
        }
        if (sample.length != inputSize) {
            throw new IllegalArgumentException("sample must have " + inputSize + " floats (shape " + sampleShape
                    + "), had " + sample.length);
        }
        float[] out = new float[outputSize];
        predict(sample, 0, 1, out, 0);
        return out;
    }

    /**
     * Outputs of {@code batch} samples read from {@code in[inOffset ...]} ({@code batch * inputSize()} floats,
     * sample after sample) into {@code out[outOffset ...]} ({@code batch * outputSize()} floats). Allocates
     * no arrays after this thread's first call at this batch size.
     */
    public void predict(float[] in, int inOffset, int batch, float[] out, int outOffset) {
        if (in == null) {
            throw new IllegalArgumentException("in must not be null");
        }
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, was " + batch);
        }
        long inNeed = (long) batch * inputSize;
        if (inOffset < 0 || inOffset + inNeed > in.length) {
            throw new IllegalArgumentException("in must hold batch * inputSize = " + inNeed + " floats from inOffset "
                    + inOffset + ", length was " + in.length);
        }
        long outNeed = (long) batch * outputSize;
        if (outOffset < 0 || outOffset + outNeed > out.length) {
            throw new IllegalArgumentException("out must hold batch * outputSize = " + outNeed
                    + " floats from outOffset " + outOffset + ", length was " + out.length);
        }
        if (plan != null) {
            if (!frozen) {
                requireEval();
            }
            plan.run(batch, in, inOffset, out, outOffset, scratch.get());
            return;
        }
        Context c = context.get();
        try (Workspace.Scope s = c.workspace(batch).open(); GradMode.Scope g = GradMode.noGrad()) {
            Tensor y = forward(c, in, inOffset, batch);
            System.arraycopy(y.data(), y.offset(), out, outOffset, (int) outNeed);
        }
    }

    /** Outputs of a batch of shape (N, sample dims...) as a new tensor of shape (N, output dims...). */
    public Tensor predict(Tensor batch) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        Shape s = batch.shape();
        boolean ok = s.rank() == sampleShape.rank() + 1;
        for (int i = 0; ok && i < sampleShape.rank(); i++) {
            ok = s.dim(i + 1) == sampleShape.dim(i);
        }
        if (!ok) {
            throw new IllegalArgumentException("batch must have shape (N, " + dimsList(sampleShape) + "), was " + s);
        }
        int n = s.dim(0);
        int[] outDims = new int[outputSampleDims.length + 1];
        outDims[0] = n;
        System.arraycopy(outputSampleDims, 0, outDims, 1, outputSampleDims.length);
        Tensor out = Tensor.zeros(outDims);
        predict(batch.data(), batch.offset(), n, out.data(), 0);
        return out;
    }

    /** The index of the largest output of one sample (the class of a classifier). */
    public int classify(float[] sample) {
        return argmax(predict(sample), 0, outputSize);
    }

    /** The index of the largest output of each sample of a batch of shape (N, sample dims...). */
    public int[] classify(Tensor batch) {
        Tensor y = predict(batch);
        int n = y.dim(0);
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = argmax(y.data(), i * outputSize, outputSize);
        }
        return classes;
    }

    private Tensor forwardBatch(float[] in, int inOffset, int batch) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return forward(null, in, inOffset, batch);
        }
    }

    /**
     * Whether calls run on the compiled plan: a {@code Sequential} (nested ones too) of Linear, Conv2d, pooling,
     * BatchNorm, Dropout, Flatten, Softmax and activation layers. Such calls make no {@code Var} nodes and, with
     * caller-provided output, allocate nothing after a thread's first call at its largest batch size. Either
     * way the results are the bits {@code model.forward} computes in eval mode.
     */
    public boolean compiled() {
        return plan != null;
    }

    private static void collect(Module m, List<Module> into) {
        for (Module seen : into) {
            if (seen == m) {
                return; // a module registered twice is checked once
            }
        }
        into.add(m);
        for (Module child : m.children().values()) {
            collect(child, into);
        }
    }

    /**
     * Refuses a call while the model or any module under it is in training mode: such a forward would compute
     * batch statistics or dropout and write shared state (BatchNorm's running statistics) from many threads.
     */
    private void requireEval() {
        Module training = null;
        for (Module m : modules) {
            if (m.isTraining() && m != model) {
                training = m;
                break;
            }
        }
        if (training != null) {
            throw new IllegalStateException("a layer of the model (" + training + ") was switched to training mode"
                    + " while a Predictor serves it; call model.eval()");
        }
        if (model.isTraining()) {
            throw new IllegalStateException("the model was switched to training mode while a Predictor serves it;"
                    + " call model.eval() (a training-mode forward writes shared state such as BatchNorm statistics)");
        }
    }

    private Tensor forward(Context c, float[] in, int inOffset, int batch) {
        requireEval();
        Shape shape = c == null ? batchShape(batch) : c.shape(batch, this);
        return model.forward(Var.constant(Tensor.wrap(in, inOffset, shape))).value();
    }

    private Shape batchShape(int batch) {
        int[] dims = new int[sampleShape.rank() + 1];
        dims[0] = batch;
        for (int i = 0; i < sampleShape.rank(); i++) {
            dims[i + 1] = sampleShape.dim(i);
        }
        return Shape.of(dims);
    }

    private static int argmax(float[] v, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[offset + i] > v[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    private static String dimsList(Shape s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.rank(); i++) {
            b.append(i == 0 ? "" : ", ").append(s.dim(i));
        }
        return b.toString();
    }

    /** One thread's workspaces and batch shapes; the last batch size is kept at hand (the common case). */
    private static final class Context {
        private final HashMap<Integer, Workspace> spaces = new HashMap<>();
        private final HashMap<Integer, Shape> shapes = new HashMap<>();
        private int lastBatch = -1;
        private Workspace lastSpace;
        private Shape lastShape;

        Workspace workspace(int batch) {
            if (batch != lastBatch) {
                lastSpace = spaces.computeIfAbsent(batch, b -> new Workspace());
                lastShape = null;
                lastBatch = batch;
            }
            return lastSpace;
        }

        Shape shape(int batch, Predictor p) {
            if (lastShape == null || batch != lastBatch) {
                lastShape = shapes.computeIfAbsent(batch, p::batchShape);
            }
            return lastShape;
        }
    }
}
