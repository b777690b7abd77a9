package vecnet.nn.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
import vecnet.nn.autograd.Ops;
import vecnet.simd.Activation;
import vecnet.simd.Simd;
import vecnet.simd.Window2d;

/**
 * A {@link Sequential} model's eval-mode forward pass as a fixed list of kernel calls on flat arrays: no
 * {@code Var} or {@code Tensor} per call, activations in two per-thread buffers that grow with the batch and
 * are then reused, so a call allocates nothing. Each step makes the same {@link Simd} calls with the same
 * arguments, in the same order, as the layer's {@code forward} (and the elementwise arithmetic the layer does
 * itself in the same order), so the results are the same bits; {@code PlanTest} checks every supported layer.
 * A live plan reads the weights from the layers at every call, never copied: a loaded state dict is served at
 * once. A frozen plan copies them when it is compiled and never reads the model again; its Linear layers also
 * keep their weight packed for the batch-1 product ({@link Simd#sgemvPacked}, the same bits as the sgemm it
 * replaces) and its convolutions keep their weight already transposed.
 * Models with any other layer, or not a {@code Sequential}, get no plan ({@link #compile} returns null).
 */
final class Plan {
    private final Stage[] steps;
    private final int inputSize;
    private final int outputSize;
    private final int maxActivation;
    private final int maxWeightT;
    private final int maxArgmax;
    private final int maxFeatures;
    private final int maxWorkPerSample;

    private Plan(Stage[] steps, int inputSize) {
        this.steps = steps;
        this.inputSize = inputSize;
        int out = inputSize;
        int act = 0;
        int wt = 0;
        int arg = 0;
        int feat = 0;
        int work = 0;
        for (Stage s : steps) {
            act = Math.max(act, s.outSize);
            wt = Math.max(wt, s.weightTSize());
            arg = Math.max(arg, s.argmaxPerSample());
            feat = Math.max(feat, s.features());
            work = Math.max(work, s.workPerSample());
            out = s.outSize;
        }
        this.outputSize = out;
        this.maxActivation = act;
        this.maxWeightT = wt;
        this.maxArgmax = arg;
        this.maxFeatures = feat;
        this.maxWorkPerSample = work;
    }

    /**
     * The plan of {@code model} for samples of {@code sampleDims}, or null if the model is not a
     * {@code Sequential} (nested ones are flattened) of supported layers. The caller has already run the
     * model's own forward on this sample shape, so the shapes are known to fit.
     */
    static Plan compile(Module model, int[] sampleDims, boolean frozen) {
        List<Module> layers = new ArrayList<>();
        if (!flatten(model, layers)) {
            return null;
        }
        List<Stage> steps = new ArrayList<>();
        int[] dims = sampleDims.clone();
        for (Module m : layers) {
            Stage s = step(m, dims, frozen);
            if (s == null) {
                return null;
            }
            if (s != SKIP) {
                steps.add(s);
                dims = s.outDims;
            } else if (m instanceof Flatten) {
                dims = new int[] {size(dims)};
            }
        }
        int in = size(sampleDims);
        return new Plan(steps.toArray(new Stage[0]), in);
    }

    private static boolean flatten(Module m, List<Module> out) {
        if (!(m instanceof Sequential)) {
            return false;
        }
        for (Module c : m.children().values()) {
            if (c instanceof Sequential) {
                if (!flatten(c, out)) {
                    return false;
                }
            } else {
                out.add(c);
            }
        }
        return true;
    }

    /** Layers that are the identity in eval mode on flat NHWC data. */
    private static final Stage SKIP = new Stage(new int[] {1}) {
        @Override
        void run(int batch, float[] x, int xo, float[] y, int yo, Scratch s) {
            throw new AssertionError("not run");
        }
    };

    /** The activation layers without a parameter (all final classes, so the class is the kind). */
    private static final Map<Class<? extends Module>, Activation> PLAIN_ACTIVATIONS = Map.of(ReLU.class,
            Activation.RELU, Sigmoid.class, Activation.SIGMOID, Tanh.class, Activation.TANH, SiLU.class, Activation.SILU,
            SELU.class, Activation.SELU, Softplus.class, Activation.SOFTPLUS, HardSigmoid.class, Activation.HARD_SIGMOID,
            Step.class, Activation.STEP, Identity.class, Activation.IDENTITY);

    private static Stage step(Module m, int[] dims, boolean frozen) {
        if (m instanceof Dropout || m instanceof Flatten) {
            return SKIP;
        }
        if (m instanceof Linear l) {
            return dims.length == 1 ? new LinearStage(l, frozen) : null;
        }
        if (m instanceof Conv2d c) {
            return dims.length == 3 && dims[2] == c.inChannels() ? new ConvStage(c, dims, frozen) : null;
        }
        if (m instanceof MaxPool2d p) {
            return dims.length == 3 ? new PoolStage(true, p.kernelSize(), p.stride(), dims) : null;
        }
        if (m instanceof AvgPool2d p) {
            return dims.length == 3 ? new PoolStage(false, p.kernelSize(), p.stride(), dims) : null;
        }
        if (m instanceof GlobalAvgPool2d) {
            return dims.length == 3 ? new GlobalAvgStage(dims) : null;
        }
        if (m instanceof BatchNorm1d b) {
            return dims.length == 1 ? new BatchNormStage(b.features(), b.eps(), held(b.runningMean(), frozen),
                    held(b.runningVar(), frozen), held(b.weight().value(), frozen), held(b.bias().value(), frozen),
                    dims) : null;
        }
        if (m instanceof BatchNorm2d b) {
            return dims.length == 3 ? new BatchNormStage(b.features(), b.eps(), held(b.runningMean(), frozen),
                    held(b.runningVar(), frozen), held(b.weight().value(), frozen), held(b.bias().value(), frozen),
                    dims) : null;
        }
        if (m instanceof Softmax) {
            return new SoftmaxStage(dims);
        }
        if (m instanceof LeakyReLU r) {
            return new ActivationStage(Activation.LEAKY_RELU, (float) r.slope(), dims);
        }
        if (m instanceof ELU e) {
            return new ActivationStage(Activation.ELU, (float) e.alpha(), dims);
        }
        if (m instanceof GELU g) {
            return new ActivationStage(g.approximate().equals("tanh") ? Activation.GELU_TANH : Activation.GELU, 0f, dims);
        }
        Activation f = PLAIN_ACTIVATIONS.get(m.getClass());
        return f == null ? null : new ActivationStage(f, 0f, dims);
    }

    /** The layer's tensor itself (a live plan) or a copy taken now (a frozen one); null stays null. */
    private static Tensor held(Tensor t, boolean frozen) {
        return t == null || !frozen ? t : t.copy();
    }

    int inputSize() {
        return inputSize;
    }

    int outputSize() {
        return outputSize;
    }

    /** Steps, for tests and the description; 0 means the model is the identity in eval mode. */
    int steps() {
        return steps.length;
    }

    /** Runs the plan: {@code batch} samples from {@code in[inOff..]} to {@code out[outOff..]}. */
    void run(int batch, float[] in, int inOff, float[] out, int outOff, Scratch s) {
        if (steps.length == 0) {
            System.arraycopy(in, inOff, out, outOff, batch * inputSize);
            return;
        }
        s.ensure(this, batch);
        float[] x = in;
        int xo = inOff;
        for (int i = 0; i < steps.length; i++) {
            float[] y = i % 2 == 0 ? s.a : s.b;
            steps[i].run(batch, x, xo, y, 0, s);
            x = y;
            xo = 0;
        }
        // copied, not written in place: the caller's out may overlap its in
        System.arraycopy(x, 0, out, outOff, batch * outputSize);
    }

    private static int size(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** One thread's buffers for one plan; sized for the largest batch seen, so a call allocates only when it grows. */
    static final class Scratch {
        private int batch;
        float[] a = new float[0];
        float[] b = new float[0];
        float[] weightT = new float[0];
        float[] work = new float[0];
        int[] argmax = new int[0];
        float[] mean = new float[0];
        float[] scale = new float[0]; // BatchNorm's per-channel scale

        void ensure(Plan p, int n) {
            if (n <= batch) {
                return;
            }
            a = new float[Math.multiplyExact(p.maxActivation, n)];
            b = new float[a.length];
            weightT = new float[p.maxWeightT];
            work = new float[Math.multiplyExact(p.maxWorkPerSample, n)];
            argmax = new int[Math.multiplyExact(p.maxArgmax, n)];
            mean = new float[p.maxFeatures];
            scale = new float[p.maxFeatures];
            batch = n;
        }
    }

    /** One layer: {@code batch} samples of {@code inSize} floats at x[xo..] to {@code outSize} floats each at y[yo..]. */
    abstract static class Stage {
        final int[] outDims;
        final int outSize;

        Stage(int[] outDims) {
            this.outDims = outDims;
            this.outSize = size(outDims);
        }

        abstract void run(int batch, float[] x, int xo, float[] y, int yo, Scratch s);

        int weightTSize() {
            return 0;
        }

        int argmaxPerSample() {
            return 0;
        }

        int features() {
            return 0;
        }

        int workPerSample() {
            return 0;
        }
    }

    /**
     * {@code Ops.linear}: X·Wᵀ by sgemm's transpose flag, then the bias added row by row. Frozen, a batch of
     * one runs on the weight packed once ({@link Simd#sgemvPacked}: the same bits, W read as one stream).
     */
    private static final class LinearStage extends Stage {
        private final Tensor weight;
        private final Tensor bias;
        private final int in;
        /** The frozen weight packed for batch 1, or null (a live plan). */
        private final float[] packed;

        LinearStage(Linear l, boolean frozen) {
            super(new int[] {l.weight().value().dim(0)});
            this.weight = held(l.weight().value(), frozen);
            this.bias = l.bias() == null ? null : held(l.bias().value(), frozen);
            this.in = weight.dim(1);
            if (frozen) {
                packed = new float[Simd.packedGemvSize(outSize, in)];
                Simd.packGemv(outSize, in, weight.data(), weight.offset(), in, packed, 0);
            } else {
                packed = null;
            }
        }

        @Override
        void run(int batch, float[] x, int xo, float[] y, int yo, Scratch s) {
            int out = outSize;
            if (batch == 1 && packed != null) {
                Simd.sgemvPacked(out, in, 1f, packed, 0, x, xo, 0f, y, yo);
            } else {
                Simd.sgemm(false, true, batch, out, in, 1f, x, xo, in, weight.data(), weight.offset(), in, 0f, y, yo,
                        out);
            }
            if (bias != null) {
                float[] bd = bias.data();
                int bo = bias.offset();
                for (int i = 0, end = batch * out; i < end; i += out) {
                    for (int j = 0; j < out; j++) {
                        y[yo + i + j] += bd[bo + j];
                    }
                }
            }
        }
    }

    /** {@code Ops.conv2d}: the weight transposed to (KH·KW·C, O) into scratch, then {@link Simd#conv2d}. */
    private static final class ConvStage extends Stage {
        private final Tensor weight;
        private final Tensor bias;
        private final Window2d win;
        private final int h;
        private final int w;
        private final int c;
        private final int k;
        /** The frozen weight already transposed to (KH·KW·C, O), or null (a live plan transposes per call). */
        private final float[] frozenT;

        ConvStage(Conv2d conv, int[] dims, boolean frozen) {
            super(convOut(conv, dims));
            this.weight = conv.weight().value();
            this.bias = conv.bias() == null ? null : held(conv.bias().value(), frozen);
            this.win = window(conv);
            this.h = dims[0];
            this.w = dims[1];
            this.c = dims[2];
            this.k = conv.kernelHeight() * conv.kernelWidth() * c;
            if (frozen) {
                frozenT = new float[k * outDims[2]];
                transpose(frozenT);
            } else {
                frozenT = null;
            }
        }

        /** The weight (O, KH·KW·C) into wt as (KH·KW·C, O). */
        private void transpose(float[] wt) {
            int o = outDims[2];
            float[] wd = weight.data();
            int wo = weight.offset();
            for (int r = 0; r < o; r++) {
                for (int j = 0; j < k; j++) {
                    wt[j * o + r] = wd[wo + r * k + j];
                }
            }
        }

        private static Window2d window(Conv2d conv) {
            return new Window2d(conv.kernelHeight(), conv.kernelWidth(), conv.stride(), conv.stride(), conv.padding(),
                    conv.padding(), 1, 1);
        }

        private static int[] convOut(Conv2d conv, int[] dims) {
            Window2d win = window(conv);
            return new int[] {win.outH(dims[0]), win.outW(dims[1]), conv.outChannels()};
        }

        @Override
        int weightTSize() {
            return frozenT != null ? 0 : k * outDims[2];
        }

        @Override
        int workPerSample() {
            return Simd.conv2dWorkSize(1, h, w, c, win);
        }

        @Override
        void run(int batch, float[] x, int xo, float[] y, int yo, Scratch s) {
            int o = outDims[2];
            float[] wt = frozenT;
            if (wt == null) {
                wt = s.weightT;
                transpose(wt);
            }
            int workSize = Simd.conv2dWorkSize(batch, h, w, c, win);
            Simd.conv2d(batch, h, w, c, o, win, x, xo, wt, 0, bias == null ? null : bias.data(),
                    bias == null ? 0 : bias.offset(), y, yo, workSize == 0 ? null : s.work, 0);
        }
    }

    /** {@code Ops.maxPool2d} / {@code Ops.avgPool2d} (padding 0, count_include_pad as the layer passes it). */
    private static final class PoolStage extends Stage {
        private final boolean max;
        private final Window2d win;
        private final int h;
        private final int w;
        private final int c;

        PoolStage(boolean max, int kernel, int stride, int[] dims) {
            super(poolOut(kernel, stride, dims));
            this.max = max;
            this.win = new Window2d(kernel, kernel, stride, stride, 0, 0, 1, 1);
            this.h = dims[0];
            this.w = dims[1];
            this.c = dims[2];
        }

        private static int[] poolOut(int kernel, int stride, int[] dims) {
            Window2d win = new Window2d(kernel, kernel, stride, stride, 0, 0, 1, 1);
            return new int[] {win.outH(dims[0]), win.outW(dims[1]), dims[2]};
        }

        @Override
        int argmaxPerSample() {
            return max ? outSize : 0;
        }

        @Override
        void run(int batch, float[] x, int xo, float[] y, int yo, Scratch s) {
            if (max) {
                Simd.maxPool2d(batch, h, w, c, win, x, xo, y, yo, s.argmax, 0);
            } else {
                Simd.avgPool2d(batch, h, w, c, win, true, x, xo, y, yo);
            }
        }
    }

    private static final class GlobalAvgStage extends Stage {
        private final int h;
        private final int w;
        private final int c;

        GlobalAvgStage(int[] dims) {
            super(new int[] {dims[2]});
            this.h = dims[0];
            this.w = dims[1];
            this.c = dims[2];
        }

        @Override
        void run(int batch, float[] x, int xo, float[] y, int yo, Scratch s) {
            Simd.globalAvgPool2d(batch, h, w, c, x, xo, y, yo);
        }
    }

    /**
     * {@code BatchNorm}'s eval branch ({@link Ops#batchNormEval}): {@code (x − mean)·scale + β} over the last axis
     * on {@link Simd#batchNormApply}, with the layer's scale ({@link Ops#batchNormScale} of 1/√(running_var + eps)),
     * so the same bits.
     */
    private static final class BatchNormStage extends Stage {
        private final int features;
        private final double eps;
        private final Tensor runningMean;
        private final Tensor runningVar;
        private final Tensor gamma;
        private final Tensor beta;

        BatchNormStage(int features, double eps, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                      int[] dims) {
            super(dims.clone());
            this.features = features;
            this.eps = eps;
            this.runningMean = runningMean;
            this.runningVar = runningVar;
            this.gamma = gamma;
            this.beta = beta;
        }

        @Override
        int features() {
            return features;
        }

        @Override
        void run(int batch, float[] x, int xo, float[] y, int yo, Scratch s) {
            float[] mean = s.mean;
            float[] scale = s.scale;
            for (int j = 0; j < features; j++) {
                mean[j] = runningMean.data()[runningMean.offset() + j];
                scale[j] = Ops.batchNormScale(1 / Math.sqrt(runningVar.data()[runningVar.offset() + j] + eps),
                        gamma.data()[gamma.offset() + j]);
            }
            Simd.batchNormApply(batch * outSize / features, features, x, xo, mean, 0, scale, 0, beta.data(),
                    beta.offset(), y, yo);
        }
    }

    /** {@code Ops.softmax} over the last axis. */
    private static final class SoftmaxStage extends Stage {
        private final int cols;

        SoftmaxStage(int[] dims) {
            super(dims.clone());
            this.cols = dims[dims.length - 1];
        }

        @Override
        void run(int batch, float[] x, int xo, float[] y, int yo, Scratch s) {
            Simd.softmaxRows(batch * (outSize / cols), cols, x, xo, y, yo);
        }
    }

    /** {@code Ops}' activations: one {@link Simd#activate} call with the layer's parameter as α. */
    private static final class ActivationStage extends Stage {
        private final Activation f;
        private final float alpha;

        ActivationStage(Activation f, float alpha, int[] dims) {
            super(dims.clone());
            this.f = f;
            this.alpha = alpha;
        }

        @Override
        void run(int batch, float[] x, int xo, float[] y, int yo, Scratch s) {
            Simd.activate(f, alpha, x, xo, y, yo, batch * outSize);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Plan[");
        for (int i = 0; i < steps.length; i++) {
            b.append(i == 0 ? "" : ", ").append(steps[i].getClass().getSimpleName().replace("Stage", ""))
                    .append(Arrays.toString(steps[i].outDims));
        }
        return b.append(']').toString();
    }
}
