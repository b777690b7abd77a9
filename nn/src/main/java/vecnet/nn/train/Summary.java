package vecnet.nn.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.AvgPool2d;
import vecnet.nn.BatchNorm1d;
import vecnet.nn.BatchNorm2d;
import vecnet.nn.Conv2d;
import vecnet.nn.Dropout;
import vecnet.nn.ELU;
import vecnet.nn.Flatten;
import vecnet.nn.GELU;
import vecnet.nn.GlobalAvgPool2d;
import vecnet.nn.HardSigmoid;
import vecnet.nn.Identity;
import vecnet.nn.LeakyReLU;
import vecnet.nn.Linear;
import vecnet.nn.MaxPool2d;
import vecnet.nn.Maxout;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.SELU;
import vecnet.nn.Sequential;
import vecnet.nn.SiLU;
import vecnet.nn.Sigmoid;
import vecnet.nn.Softmax;
import vecnet.nn.Softplus;
import vecnet.nn.Step;
import vecnet.nn.Tanh;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;

/**
 * A Keras-style model summary: per layer its output shape, parameter count and forward FLOPs per
 * sample, with totals. A {@link Sequential} contributes one row per child in order (nested ones
 * recursively, with dotted names such as {@code 2.0}); any other module is one row.
 *
 * <p>Shapes are measured by running the model on one all-zero sample, in eval mode and without
 * recording the tape; every module's training flag is restored afterwards. FLOPs per sample follow
 * the usual convention that a multiply-add is 2 FLOPs:
 * <ul>
 * <li>Linear (in → out): 2·in·out, + out with a bias (per row of input);
 * <li>Conv2d: 2·kh·kw·cin per output element (cout·oh·ow of them, padding included), + 1 per output
 *     element with a bias; kernel and channels are read from the weight's shape (out, kh, kw, in);
 * <li>MaxPool2d / AvgPool2d: kh·kw per output element (comparisons or adds). The layers have no
 *     getters, so their window is measured by pooling a ramp (value = row index) once;
 * <li>GlobalAvgPool2d: 1 add per input element;
 * <li>Maxout: its Linear, + k comparisons per output unit (k pieces);
 * <li>BatchNorm1d / 2d (eval): 4 per element (subtract the mean, multiply by 1/σ, scale, shift);
 * <li>elementwise activations (ReLU, LeakyReLU, ELU, SELU, GELU, SiLU, Sigmoid, Tanh, Softplus,
 *     HardSigmoid, Step): 1 per element, whatever the function costs; Softmax: 3 per element
 *     (subtract the max, exponentiate, divide);
 * <li>Flatten, Identity, Dropout (the identity in eval): 0;
 * <li>any other module: unknown, reported as {@link #UNKNOWN} (printed "?") and left out of the total.
 * </ul>
 * A training step (forward, backward to the inputs and to the weights) costs about 3× the forward.
 *
 * <p>Thread safety: a summary is immutable. {@link #of} runs a forward pass and switches the model to eval mode
 * and back: no other thread may train the model or switch its mode meanwhile.
 */
public final class Summary {
    /** The FLOPs of a row whose module type Summary does not know. */
    public static final long UNKNOWN = -1;

    /**
     * One layer.
     *
     * @param name        position in the model ("3", or "1.0" inside a nested Sequential; "" for a
     *                    model that is not a Sequential)
     * @param layer       description, the module's {@code toString()} (pooling: with its measured window)
     * @param outputShape output shape of one sample (without the batch dimension)
     * @param parameters  elements in the module's parameters, its children's included
     * @param flops       forward FLOPs per sample, or {@link #UNKNOWN}
     */
    public record Row(String name, String layer, Shape outputShape, long parameters, long flops) {
    }

    private final Shape inputShape;
    private final Shape outputShape;
    private final List<Row> rows;
    private final long totalParameters;
    private final long trainableParameters;
    private final long bufferElements;

    private Summary(Shape inputShape, Shape outputShape, List<Row> rows, long totalParameters,
                    long trainableParameters, long bufferElements) {
        this.inputShape = inputShape;
        this.outputShape = outputShape;
        this.rows = Collections.unmodifiableList(rows);
        this.totalParameters = totalParameters;
        this.trainableParameters = trainableParameters;
        this.bufferElements = bufferElements;
    }

    /**
     * Summarizes {@code model} for inputs of one sample's shape {@code inputShape} (no batch
     * dimension: {@code 28, 28, 1} for NHWC MNIST images, {@code 784} for flat ones).
     */
    @SuppressWarnings("try") // the no-grad scope is used for its effect
    public static Summary of(Module model, int... inputShape) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (inputShape == null || inputShape.length == 0) {
            throw new IllegalArgumentException("inputShape must list at least one dimension, was "
                    + Arrays.toString(inputShape));
        }
        int[] dims = new int[inputShape.length + 1];
        dims[0] = 1;
        for (int i = 0; i < inputShape.length; i++) {
            if (inputShape[i] < 1) {
                throw new IllegalArgumentException("inputShape[" + i + "] must be >= 1, was " + inputShape[i]
                        + " in " + Arrays.toString(inputShape));
            }
            dims[i + 1] = inputShape[i];
        }
        Shape batch = Shape.of(dims);
        List<Module> modules = new ArrayList<>();
        preorder(model, modules);
        boolean[] training = new boolean[modules.size()];
        for (int i = 0; i < training.length; i++) {
            training[i] = modules.get(i).isTraining();
        }
        List<Row> rows = new ArrayList<>();
        Var out;
        try (GradMode.Scope s = GradMode.noGrad()) {
            model.eval();
            out = walk(model, "", Var.constant(Tensor.zeros(batch.dims())), inputShape, rows);
        } finally {
            // parents first: train(mode) recurses, so each child's own flag is set after its parent's
            for (int i = 0; i < training.length; i++) {
                modules.get(i).train(training[i]);
            }
        }
        long total = 0;
        long trainable = 0;
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        for (Var p : model.parameters()) {
            if (seen.put(p.value(), Boolean.TRUE) == null) {
                total += p.size();
                if (p.requiresGrad()) {
                    trainable += p.size();
                }
            }
        }
        long buffers = 0;
        for (Tensor t : model.stateDict().values()) {
            if (seen.put(t, Boolean.TRUE) == null) {
                buffers += t.size();
            }
        }
        return new Summary(Shape.of(inputShape), perSample(out.shape()), rows, total, trainable, buffers);
    }

    private static void preorder(Module m, List<Module> out) {
        out.add(m);
        for (Module c : m.children().values()) {
            preorder(c, out);
        }
    }

    private static Var walk(Module m, String name, Var x, int[] inputShape, List<Row> rows) {
        if (m instanceof Sequential seq) {
            Var y = x;
            for (int i = 0; i < seq.size(); i++) {
                y = walk(seq.get(i), name.isEmpty() ? Integer.toString(i) : name + "." + i, y, inputShape, rows);
            }
            return y;
        }
        Var y;
        try {
            y = m.forward(x);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("inputShape " + Arrays.toString(inputShape) + " does not fit the model: "
                    + (name.isEmpty() ? "" : "layer " + name + " ") + describe(m) + " rejects input of shape "
                    + x.shape() + " (" + e.getMessage() + ")", e);
        }
        long params = 0;
        for (Var p : m.parameters()) {
            params += p.size();
        }
        Shape in = x.shape();
        Shape out = y.shape();
        String layer;
        long flops;
        if (m instanceof MaxPool2d || m instanceof AvgPool2d) {
            int[] window = poolWindow(m, in);
            layer = m.getClass().getSimpleName() + "(kernel=" + window[0]
                    + (window[1] > 0 ? ", stride=" + window[1] : "") + ")";
            flops = (long) window[0] * window[0] * out.size();
        } else {
            layer = describe(m);
            flops = flops(m, in, out);
        }
        rows.add(new Row(name, layer, perSample(out), params, flops));
        return y;
    }

    private static String describe(Module m) {
        String s = m.toString();
        if (s == null || s.isEmpty()) {
            s = m.getClass().getName();
        }
        return s;
    }

    /** The shape without its leading batch dimension. */
    private static Shape perSample(Shape s) {
        if (s.rank() == 0) {
            return s;
        }
        int[] d = s.dims();
        return Shape.of(Arrays.copyOfRange(d, 1, d.length));
    }

    /** Forward FLOPs of one sample through {@code m}, input {@code in} and output {@code out} (batch 1). */
    private static long flops(Module m, Shape in, Shape out) {
        if (m instanceof Linear l) {
            return linearFlops(l, out.size() / l.weight().shape().dim(0));
        }
        if (m instanceof Conv2d c) {
            Shape w = c.weight().shape();
            long perOutput = 2L * w.dim(1) * w.dim(2) * w.dim(3) + (c.bias() != null ? 1 : 0);
            return perOutput * out.size();
        }
        if (m instanceof Maxout mo) {
            long units = out.size();
            int outDim = out.dim(-1);
            long rows = units / outDim;
            int pieces = mo.linear().weight().shape().dim(0) / outDim;
            return linearFlops(mo.linear(), rows) + units * pieces;
        }
        if (m instanceof GlobalAvgPool2d) {
            return in.size();
        }
        if (m instanceof BatchNorm1d || m instanceof BatchNorm2d) {
            return 4L * out.size();
        }
        if (m instanceof ReLU || m instanceof LeakyReLU || m instanceof ELU || m instanceof SELU || m instanceof GELU
                || m instanceof SiLU || m instanceof Sigmoid || m instanceof Tanh || m instanceof Softplus
                || m instanceof HardSigmoid || m instanceof Step) {
            return out.size();
        }
        if (m instanceof Softmax) {
            return 3L * out.size();
        }
        if (m instanceof Flatten || m instanceof Identity || m instanceof Dropout) {
            return 0;
        }
        return UNKNOWN;
    }

    private static long linearFlops(Linear l, long rows) {
        Shape w = l.weight().shape();
        return rows * (2L * w.dim(0) * w.dim(1) + (l.bias() != null ? w.dim(0) : 0));
    }

    /**
     * The (kernel, stride) of a square pooling layer, measured on input {@code in} (N, H, W, C): pooling
     * a 2-channel ramp, channel 0 = row index and channel 1 = column index, puts at output (0, 0) the
     * window's largest row k − 1 (max) or its mean row (k − 1)/2 (average), and the next output along an
     * axis is one stride further. The stride is 0 when there is one output in both axes (it does not
     * matter then).
     */
    private static int[] poolWindow(Module pool, Shape in) {
        int h = in.dim(1);
        int w = in.dim(2);
        Tensor ramp = Tensor.zeros(1, h, w, 2);
        float[] r = ramp.data();
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                r[(i * w + j) * 2] = i;
                r[(i * w + j) * 2 + 1] = j;
            }
        }
        Tensor y = pool.forward(Var.constant(ramp)).value();
        float[] d = y.data();
        int off = y.offset();
        int oh = y.dim(1);
        int ow = y.dim(2);
        float first = d[off];
        int kernel = pool instanceof MaxPool2d ? Math.round(first) + 1 : Math.round(2 * first) + 1;
        int stride = 0;
        if (oh >= 2) {
            stride = Math.round(d[off + ow * 2] - first);
        } else if (ow >= 2) {
            stride = Math.round(d[off + 2 + 1] - d[off + 1]);
        }
        return new int[] {kernel, stride};
    }

    /** Shape of one input sample (no batch dimension). */
    public Shape inputShape() {
        return inputShape;
    }

    /** Shape of one output sample (no batch dimension). */
    public Shape outputShape() {
        return outputShape;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Elements in the model's parameters (each shared tensor once). */
    public long totalParameters() {
        return totalParameters;
    }

    /** Elements in parameters that take gradients. */
    public long trainableParameters() {
        return trainableParameters;
    }

    /** Elements in buffers (running statistics and other state that is saved but not trained). */
    public long bufferElements() {
        return bufferElements;
    }

    /** Forward FLOPs per sample, summed over the rows whose cost is known. */
    public long forwardFlops() {
        long f = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).flops() != UNKNOWN) {
                f += rows.get(i).flops();
            }
        }
        return f;
    }

    /** The usual estimate of a training step per sample: forward + backward ≈ 3 × forward. */
    public long trainingFlopsEstimate() {
        return 3 * forwardFlops();
    }

    /** Whether every row's FLOPs are known, so {@link #forwardFlops()} covers the whole model. */
    public boolean flopsComplete() {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).flops() == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /** The table: layer, output shape (batch as N), parameters and FLOPs per sample, then the totals. */
    @Override
    public String toString() {
        String[] head = {"Layer (type)", "Output shape", "Param #", "FLOPs"};
        String[][] cells = new String[rows.size()][];
        int[] width = new int[head.length];
        for (int j = 0; j < head.length; j++) {
            width[j] = head[j].length();
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            cells[i] = new String[] {r.name().isEmpty() ? r.layer() : r.name() + ": " + r.layer(),
                batchShape(r.outputShape()), grouped(r.parameters()), r.flops() == UNKNOWN ? "?" : grouped(r.flops())};
            for (int j = 0; j < head.length; j++) {
                width[j] = Math.max(width[j], cells[i][j].length());
            }
        }
        int lineWidth = width[0] + width[1] + width[2] + width[3] + 3 * 3;
        StringBuilder b = new StringBuilder();
        b.append("Input shape: ").append(batchShape(inputShape)).append('\n');
        b.append("=".repeat(lineWidth)).append('\n');
        line(b, head, width);
        b.append("=".repeat(lineWidth)).append('\n');
        for (int i = 0; i < cells.length; i++) {
            line(b, cells[i], width);
        }
        b.append("=".repeat(lineWidth)).append('\n');
        b.append("Total params: ").append(grouped(totalParameters)).append('\n');
        b.append("Trainable params: ").append(grouped(trainableParameters)).append('\n');
        b.append("Non-trainable params: ").append(grouped(totalParameters - trainableParameters)).append('\n');
        b.append("Buffer elements (not trained): ").append(grouped(bufferElements)).append('\n');
        b.append("-".repeat(lineWidth)).append('\n');
        long f = forwardFlops();
        b.append("Forward FLOPs per sample: ").append(grouped(f)).append(" (").append(scaled(f)).append(")\n");
        b.append("Training FLOPs per sample (~3x forward): ").append(grouped(3 * f)).append(" (")
                .append(scaled(3 * f)).append(")\n");
        b.append("(a multiply-add counts as 2 FLOPs");
        if (!flopsComplete()) {
            b.append("; rows marked ? are modules of unknown cost, left out of the totals");
        }
        b.append(")\n");
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] width) {
        for (int j = 0; j < cells.length; j++) {
            boolean right = j >= 2;
            if (j > 0) {
                b.append("   ");
            }
            int padding = width[j] - cells[j].length();
            if (right) {
                b.append(" ".repeat(padding)).append(cells[j]);
            } else if (j < cells.length - 1) {
                b.append(cells[j]).append(" ".repeat(padding));
            } else {
                b.append(cells[j]);
            }
        }
        b.append('\n');
    }

    private static String batchShape(Shape s) {
        StringBuilder b = new StringBuilder("(N");
        for (int i = 0; i < s.rank(); i++) {
            b.append(", ").append(s.dim(i));
        }
        return b.append(')').toString();
    }

    private static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String scaled(long v) {
        if (v >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f GFLOPs", v / 1e9);
        }
        if (v >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f MFLOPs", v / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f kFLOPs", v / 1e3);
    }
}
