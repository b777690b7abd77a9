package vecnet.nn.autograd;

import java.util.Arrays;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.simd.Activation;
import vecnet.simd.Simd;
import vecnet.simd.Window2d;

/**
 * The autograd primitives, PyTorch's {@code torch.nn.functional} in Java: each op computes its result
 * and, right beside it, the closure that pushes the output gradient back to its inputs (accumulating
 * with {@code +=}). Layers, losses and penalties are composed from these and need no backward of their
 * own. Nothing is broadcast silently: binary ops take equal shapes, a rank-1 right operand matching the
 * last dimension (per-feature or, in NHWC, per-channel), or a rank-0 scalar.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads, each on its own graph; outputs come
 * from the calling thread's open {@link Workspace} or are fresh arrays. Backward accumulates into the inputs'
 * gradients, so a graph, and the parameters it reaches, belongs to one thread.
 */
public final class Ops {
    private static final Shape SCALAR = Shape.of();

    private Ops() {
    }

    // ---------------------------------------------------------------- matrix products

    /** (m, k) · (k, n) → (m, n) through {@link Simd#sgemm}. */
    public static Var matmul(Var a, Var b) {
        requireNonNull("a", a);
        requireNonNull("b", b);
        requireRank("a", a, 2);
        requireRank("b", b, 2);
        int m = a.shape().dim(0);
        int k = a.shape().dim(1);
        int n = b.shape().dim(1);
        if (b.shape().dim(0) != k) {
            throw new IllegalArgumentException("b must have " + k + " rows (columns of a " + a.shape() + "), shape was "
                    + b.shape());
        }
        Tensor av = a.value();
        Tensor bv = b.value();
        Tensor y = Workspace.empty(m, n);
        Simd.sgemm(false, false, m, n, k, 1f, av.data(), av.offset(), k, bv.data(), bv.offset(), n, 0f, y.data(), 0, n);
        return Var.result(y, g -> {
            if (a.requiresGrad()) { // dA += dY · Bᵀ
                Tensor ga = a.gradBuffer();
                Simd.sgemm(false, true, m, k, n, 1f, g.data(), g.offset(), n, bv.data(), bv.offset(), n,
                        1f, ga.data(), ga.offset(), k);
            }
            if (b.requiresGrad()) { // dB += Aᵀ · dY
                Tensor gb = b.gradBuffer();
                Simd.sgemm(true, false, k, n, m, 1f, av.data(), av.offset(), k, g.data(), g.offset(), n,
                        1f, gb.data(), gb.offset(), n);
            }
        }, a, b);
    }

    /**
     * The dense layer Y = X·Wᵀ + b with X (batch, in), W (out, in) as in PyTorch and b (out) or null.
     * One GEMM forward, two backward; Wᵀ is absorbed by sgemm's transpose flag, never copied.
     */
    public static Var linear(Var x, Var weight, Var bias) {
        Var w = weight;
        Var b = bias;
        requireNonNull("x", x);
        requireNonNull("weight", w);
        requireRank("x", x, 2);
        requireRank("weight", w, 2);
        int m = x.shape().dim(0);
        int in = x.shape().dim(1);
        int out = w.shape().dim(0);
        if (w.shape().dim(1) != in) {
            throw new IllegalArgumentException("x must have " + w.shape().dim(1) + " features (weight " + w.shape()
                    + "), shape was " + x.shape());
        }
        if (b != null && (b.shape().rank() != 1 || b.shape().dim(0) != out)) {
            throw new IllegalArgumentException("bias must have shape (" + out + ",), was " + b.shape());
        }
        Tensor xv = x.value();
        Tensor wv = w.value();
        Tensor y = Workspace.empty(m, out);
        Simd.sgemm(false, true, m, out, in, 1f, xv.data(), xv.offset(), in, wv.data(), wv.offset(), in,
                0f, y.data(), 0, out);
        if (b != null) {
            addRowVector(y, b.value());
        }
        return Var.result(y, g -> {
            if (x.requiresGrad()) { // dX += dY · W
                Tensor gx = x.gradBuffer();
                Simd.sgemm(false, false, m, in, out, 1f, g.data(), g.offset(), out, wv.data(), wv.offset(), in,
                        1f, gx.data(), gx.offset(), in);
            }
            if (w.requiresGrad()) { // dW += dYᵀ · X
                Tensor gw = w.gradBuffer();
                Simd.sgemm(true, false, out, in, m, 1f, g.data(), g.offset(), out, xv.data(), xv.offset(), in,
                        1f, gw.data(), gw.offset(), in);
            }
            if (b != null && b.requiresGrad()) { // dB += Σ_rows dY, as the convolution's bias
                Tensor sink = b.gradSink();
                Simd.sumRows(m, out, g.data(), g.offset(), sink.data(), sink.offset());
                b.addGrad(sink);
            }
        }, x, w, b);
    }

    // ---------------------------------------------------------------- elementwise binary

    /** The four elementwise binary ops; each forward and backward is its own loop, no per-element switch. */
    private enum Binary { ADD, SUB, MUL, DIV }

    /** a + b (b: same shape, rank-1 over the last dimension, or rank-0). */
    public static Var add(Var a, Var b) {
        return binary(Binary.ADD, a, b);
    }

    /** a − b (b: same shape, rank-1 over the last dimension, or rank-0). */
    public static Var sub(Var a, Var b) {
        return binary(Binary.SUB, a, b);
    }

    /** a ⊙ b (b: same shape, rank-1 over the last dimension, or rank-0). */
    public static Var mul(Var a, Var b) {
        return binary(Binary.MUL, a, b);
    }

    /** a / b (b: same shape, rank-1 over the last dimension, or rank-0). */
    public static Var div(Var a, Var b) {
        return binary(Binary.DIV, a, b);
    }

    /** The period of b's index as a runs over its elements: b's size (1 for a scalar). */
    private static int broadcastPeriod(Var a, Var b) {
        Shape as = a.shape();
        Shape bs = b.shape();
        if (as.equals(bs)) {
            return as.size();
        }
        if (bs.rank() == 0) {
            return 1;
        }
        if (bs.rank() == 1 && as.rank() >= 1 && bs.dim(0) == as.dim(-1)) {
            return bs.dim(0);
        }
        throw new IllegalArgumentException("b must have shape " + as + ", (" + (as.rank() == 0 ? 1 : as.dim(-1))
                + ",) or () to combine with a, was " + bs);
    }

    /**
     * y = a op b, with b's index repeating every {@code period} elements of a; backward
     * da += g (add, sub), g ⊙ b (mul), g / b (div) and db += Σ g, −g, g ⊙ a, −g ⊙ a / b² over the periods.
     */
    private static Var binary(Binary op, Var a, Var b) {
        requireNonNull("a", a);
        requireNonNull("b", b);
        int period = broadcastPeriod(a, b);
        Tensor av = a.value();
        Tensor bv = b.value();
        float[] x = av.data();
        float[] z = bv.data();
        int xo = av.offset();
        int zo = bv.offset();
        int n = av.size();
        Tensor y = Workspace.empty(av.shape()); // every element is written below
        binaryForward(op, n, period, x, xo, z, zo, y.data());
        return Var.result(y, g -> {
            if (a.requiresGrad()) {
                Tensor ga = a.gradBuffer();
                binaryBackwardA(op, n, period, g.data(), g.offset(), z, zo, ga.data(), ga.offset());
            }
            if (b.requiresGrad()) {
                Tensor gb = b.gradBuffer();
                binaryBackwardB(op, n, period, g.data(), g.offset(), x, xo, z, zo, gb.data(), gb.offset());
            }
        }, a, b);
    }

    // The three loops of binary, one loop nest per op: the switch outside the rows leaves C2 plain inner loops to
    // vectorize. Each element's operations and, for b's gradient, each column's order over the rows are those of
    // the one-loop form they replace.

    /** r = x op z, z repeating every {@code period} elements of x. */
    private static void binaryForward(Binary op, int n, int period, float[] x, int xo, float[] z, int zo, float[] r) {
        switch (op) {
            case ADD -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, xb = xo + base; j < period; j++) {
                        r[base + j] = x[xb + j] + z[zo + j];
                    }
                }
            }
            case SUB -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, xb = xo + base; j < period; j++) {
                        r[base + j] = x[xb + j] - z[zo + j];
                    }
                }
            }
            case MUL -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, xb = xo + base; j < period; j++) {
                        r[base + j] = x[xb + j] * z[zo + j];
                    }
                }
            }
            case DIV -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, xb = xo + base; j < period; j++) {
                        r[base + j] = x[xb + j] / z[zo + j];
                    }
                }
            }
        }
    }

    /** d (a's gradient, n elements) += ∂(a op b)/∂a · g. */
    private static void binaryBackwardA(Binary op, int n, int period, float[] gd, int go, float[] z, int zo, float[] d,
                                        int o) {
        switch (op) {
            case ADD, SUB -> {
                for (int i = 0; i < n; i++) {
                    d[o + i] += gd[go + i];
                }
            }
            case MUL -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, db = o + base, gb = go + base; j < period; j++) {
                        d[db + j] += gd[gb + j] * z[zo + j];
                    }
                }
            }
            case DIV -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, db = o + base, gb = go + base; j < period; j++) {
                        d[db + j] += gd[gb + j] / z[zo + j];
                    }
                }
            }
        }
    }

    /** d (b's gradient, period elements) += Σ over the rows of ∂(a op b)/∂b · g, the rows in order. */
    private static void binaryBackwardB(Binary op, int n, int period, float[] gd, int go, float[] x, int xo, float[] z,
                                        int zo, float[] d, int o) {
        switch (op) {
            case ADD -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, gb = go + base; j < period; j++) {
                        d[o + j] += gd[gb + j];
                    }
                }
            }
            case SUB -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, gb = go + base; j < period; j++) {
                        d[o + j] += -gd[gb + j];
                    }
                }
            }
            case MUL -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, gb = go + base, xb = xo + base; j < period; j++) {
                        d[o + j] += gd[gb + j] * x[xb + j];
                    }
                }
            }
            case DIV -> {
                for (int base = 0; base < n; base += period) {
                    for (int j = 0, gb = go + base, xb = xo + base; j < period; j++) {
                        float v = z[zo + j];
                        d[o + j] += -gd[gb + j] * x[xb + j] / (v * v);
                    }
                }
            }
        }
    }

    /** s · a. */
    public static Var scale(Var a, double s) {
        requireNonNull("a", a);
        float f = (float) s;
        Tensor av = a.value();
        Tensor y = Workspace.zeros(av.shape());
        float[] x = av.data();
        int xo = av.offset();
        float[] r = y.data();
        for (int i = 0; i < r.length; i++) {
            r[i] = f * x[xo + i];
        }
        return Var.result(y, g -> {
            Tensor ga = a.gradBuffer();
            float[] d = ga.data();
            float[] gd = g.data();
            for (int i = 0; i < r.length; i++) {
                d[ga.offset() + i] += f * gd[g.offset() + i];
            }
        }, a);
    }

    /** a + s. */
    public static Var addScalar(Var a, double s) {
        requireNonNull("a", a);
        float f = (float) s;
        Tensor av = a.value();
        Tensor y = Workspace.zeros(av.shape());
        float[] x = av.data();
        int xo = av.offset();
        float[] r = y.data();
        for (int i = 0; i < r.length; i++) {
            r[i] = x[xo + i] + f;
        }
        return Var.result(y, g -> Var.addInto(a.gradBuffer(), g), a);
    }

    /** −a. */
    public static Var neg(Var a) {
        return scale(a, -1);
    }

    // ---------------------------------------------------------------- reductions and views

    /** The sum of all elements, as a rank-0 tensor. Accumulated in double. */
    public static Var sum(Var a) {
        requireNonNull("a", a);
        Tensor av = a.value();
        double s = 0;
        for (int i = 0; i < av.size(); i++) {
            s += av.data()[av.offset() + i];
        }
        Tensor y = Workspace.zeros(SCALAR);
        y.data()[0] = (float) s;
        return Var.result(y, g -> addConstant(a.gradBuffer(), g.data()[g.offset()]), a);
    }

    /** The mean of all elements, as a rank-0 tensor. */
    public static Var mean(Var a) {
        requireNonNull("a", a);
        if (a.size() == 0) {
            throw new IllegalArgumentException("mean of an empty tensor, shape " + a.shape());
        }
        return scale(sum(a), 1.0 / a.size());
    }

    /** Sums over every axis but the last: (..., C) → (C). Per-feature / per-channel (NHWC) statistics. */
    public static Var sumLeading(Var a) {
        requireNonNull("a", a);
        if (a.shape().rank() < 1) {
            throw new IllegalArgumentException("a must have rank >= 1, shape was " + a.shape());
        }
        int c = a.shape().dim(-1);
        int rows = c == 0 ? 0 : a.size() / c;
        Tensor y = Workspace.empty(c);
        Tensor av = a.value();
        Simd.sumRows(rows, c, av.data(), av.offset(), y.data(), 0);
        return Var.result(y, g -> {
            Tensor ga = a.gradBuffer();
            float[] d = ga.data();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < c; j++) {
                    d[ga.offset() + r * c + j] += g.data()[g.offset() + j];
                }
            }
        }, a);
    }

    /** Sums over the last axis: (..., C) → (...). Per-sample totals. */
    public static Var sumLastAxis(Var a) {
        requireNonNull("a", a);
        int[] dims = a.shape().dims();
        if (dims.length < 1) {
            throw new IllegalArgumentException("a must have rank >= 1, shape was " + a.shape());
        }
        int c = dims[dims.length - 1];
        Tensor y = Workspace.zeros(Arrays.copyOf(dims, dims.length - 1));
        int rows = y.size();
        Tensor av = a.value();
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += av.data()[av.offset() + r * c + j];
            }
            y.data()[r] = (float) s;
        }
        return Var.result(y, g -> {
            Tensor ga = a.gradBuffer();
            float[] d = ga.data();
            for (int r = 0; r < rows; r++) {
                float gr = g.data()[g.offset() + r];
                for (int j = 0; j < c; j++) {
                    d[ga.offset() + r * c + j] += gr;
                }
            }
        }, a);
    }

    /** The same elements under other dimensions (one may be −1); shares the value's data. */
    public static Var reshape(Var a, int... dims) {
        requireNonNull("a", a);
        requireNonNull("dims", dims);
        Tensor y = a.value().reshape(dims);
        return Var.result(y, g -> Var.addInto(a.gradBuffer(), g), a);
    }

    /** (N, ...) → (N, rest). */
    public static Var flatten(Var a) {
        requireNonNull("a", a);
        if (a.shape().rank() < 1) {
            throw new IllegalArgumentException("flatten needs rank >= 1, shape was " + a.shape());
        }
        int n = a.shape().dim(0);
        return reshape(a, n, n == 0 ? 0 : a.size() / n);
    }

    // ---------------------------------------------------------------- elementwise unary

    public static Var step(Var a) {
        return unary(Unary.STEP, 0, a);
    }

    public static Var identity(Var a) {
        return unary(Unary.IDENTITY, 0, a);
    }

    public static Var sigmoid(Var a) {
        return unary(Unary.SIGMOID, 0, a);
    }

    public static Var tanh(Var a) {
        return unary(Unary.TANH, 0, a);
    }

    public static Var relu(Var a) {
        return unary(Unary.RELU, 0, a);
    }

    /** max(slope·x, x); PyTorch's default slope is 0.01, the course notes use 0.1. */
    public static Var leakyRelu(Var a, double slope) {
        requireNonNull("a", a);
        return unary(Unary.LEAKY_RELU, requireLeakyReluSlope(slope), a);
    }

    /**
     * The slope rule of {@link #leakyRelu}, 0 <= slope < 1 (so max(slope·x, x) is the leaky branch), in
     * one place for the op and for the layer, which checks it when it is built; returns the slope.
     */
    public static double requireLeakyReluSlope(double slope) {
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("slope must be in [0, 1), was " + slope);
        }
        return slope;
    }

    public static Var elu(Var a, double alpha) {
        requireNonNull("a", a);
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite, was " + alpha);
        }
        return unary(Unary.ELU, alpha, a);
    }

    /** λ·ELU(x; α) with λ ≈ 1.0507, α ≈ 1.6733 (Klambauer et al. 2017). */
    public static Var selu(Var a) {
        return unary(Unary.SELU, 0, a);
    }

    /** SiLU (swish with β = 1): x·σ(x). */
    public static Var silu(Var a) {
        return unary(Unary.SILU, 0, a);
    }

    /** Exact GELU, x·Φ(x) (PyTorch's default {@code approximate='none'}). */
    public static Var gelu(Var a) {
        return unary(Unary.GELU, 0, a);
    }

    /** GELU in its tanh approximation (PyTorch's {@code approximate='tanh'}). */
    public static Var geluTanh(Var a) {
        return unary(Unary.GELU_TANH, 0, a);
    }

    public static Var softplus(Var a) {
        return unary(Unary.SOFTPLUS, 0, a);
    }

    /** clamp(x/6 + 1/2, 0, 1), as PyTorch's Hardsigmoid. */
    public static Var hardSigmoid(Var a) {
        return unary(Unary.HARD_SIGMOID, 0, a);
    }

    public static Var abs(Var a) {
        return unary(Unary.ABS, 0, a);
    }

    public static Var exp(Var a) {
        return unary(Unary.EXP, 0, a);
    }

    public static Var log(Var a) {
        return unary(Unary.LOG, 0, a);
    }

    public static Var sqrt(Var a) {
        return unary(Unary.SQRT, 0, a);
    }

    /** x^p elementwise. */
    public static Var pow(Var a, double p) {
        return unary(Unary.POW, p, a);
    }

    public static Var square(Var a) {
        return mul(a, a);
    }

    private static Var unary(Unary op, double p, Var a) {
        requireNonNull("a", a);
        Tensor av = a.value();
        float[] x = av.data();
        int xo = av.offset();
        Tensor y = Workspace.empty(av.shape());
        float[] yd = y.data();
        int n = y.size();
        Activation f = op.kernel();
        if (f != null) {
            float alpha = (float) p;
            Simd.activate(f, alpha, x, xo, yd, 0, n);
            return Var.result(y, g -> {
                Tensor sink = a.gradSink();
                Simd.activateBackward(f, alpha, x, xo, g.data(), g.offset(), sink.data(), sink.offset(), n);
                a.addGrad(sink);
            }, a);
        }
        for (int i = 0; i < n; i++) {
            yd[i] = (float) op.f(x[xo + i], p);
        }
        return Var.result(y, g -> {
            Tensor ga = a.gradBuffer();
            float[] d = ga.data();
            float[] gd = g.data();
            for (int i = 0; i < n; i++) {
                d[ga.offset() + i] += (float) (gd[g.offset() + i] * op.df(x[xo + i], yd[i], p));
            }
        }, a);
    }

    // ---------------------------------------------------------------- softmax family

    /** Softmax over the last axis (max-shifted, so large logits cannot overflow): {@link Simd#softmaxRows}. */
    public static Var softmax(Var a) {
        int c = lastDim("a", a);
        int rows = c == 0 ? 0 : a.size() / c;
        Tensor av = a.value();
        Tensor y = Workspace.empty(a.shape());
        Simd.softmaxRows(rows, c, av.data(), av.offset(), y.data(), 0);
        return Var.result(y, g -> { // dx = y ⊙ (g − Σ g·y)
            Tensor sink = a.gradSink();
            Simd.softmaxRowsBackward(rows, c, y.data(), 0, g.data(), g.offset(), sink.data(), sink.offset());
            a.addGrad(sink);
        }, a);
    }

    /** log softmax over the last axis, x − max − log Σ e^(x − max): {@link Simd#logSoftmaxRows}. */
    public static Var logSoftmax(Var a) {
        int c = lastDim("a", a);
        int rows = c == 0 ? 0 : a.size() / c;
        Tensor av = a.value();
        Tensor y = Workspace.empty(a.shape());
        Simd.logSoftmaxRows(rows, c, av.data(), av.offset(), y.data(), 0);
        return Var.result(y, g -> { // dx = g − softmax · Σ g
            Tensor sink = a.gradSink();
            Simd.logSoftmaxRowsBackward(rows, c, y.data(), 0, g.data(), g.offset(), sink.data(), sink.offset());
            a.addGrad(sink);
        }, a);
    }

    /**
     * Fused log-softmax + negative log-likelihood on integer labels: logits (N, C), labels in [0, C) →
     * per-sample losses (N). Backward is softmax − one-hot, never through a log of a probability.
     */
    public static Var crossEntropy(Var logits, int[] labels) {
        requireNonNull("logits", logits);
        requireNonNull("labels", labels);
        requireRank("logits", logits, 2);
        int n = logits.shape().dim(0);
        int c = logits.shape().dim(1);
        if (labels.length != n) {
            throw new IllegalArgumentException("labels must have length " + n + " (rows of logits " + logits.shape()
                    + "), was " + labels.length);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + c + "), was " + labels[i]);
            }
        }
        int[] lab = Workspace.ints(n); // a copy: the caller may reuse its array before backward
        System.arraycopy(labels, 0, lab, 0, n);
        Tensor logp = Workspace.empty(n, c);
        Simd.logSoftmaxRows(n, c, logits.value().data(), logits.value().offset(), logp.data(), 0);
        Tensor y = Workspace.zeros(n);
        for (int i = 0; i < n; i++) {
            y.data()[i] = -logp.data()[i * c + lab[i]];
        }
        return Var.result(y, g -> {
            Tensor ga = logits.gradBuffer();
            for (int i = 0; i < n; i++) {
                float gi = g.data()[g.offset() + i];
                for (int j = 0; j < c; j++) {
                    double p = Math.exp(logp.data()[i * c + j]);
                    ga.data()[ga.offset() + i * c + j] += (float) (gi * (p - (j == lab[i] ? 1 : 0)));
                }
            }
        }, logits);
    }

    /**
     * Fused cross-entropy with probability (or one-hot) targets: logits (N, C), targets (N, C) with
     * entries in [0, 1] → per-sample losses −Σ t·log softmax(x) (N).
     */
    public static Var crossEntropy(Var logits, Tensor targets) {
        requireNonNull("logits", logits);
        requireNonNull("targets", targets);
        requireRank("logits", logits, 2);
        requireSameShape("targets", targets, logits.shape());
        int n = logits.shape().dim(0);
        int c = logits.shape().dim(1);
        // read in place (no copy per step): targets are constants of the step, like PyTorch's
        float[] t = targets.data();
        int to = targets.offset();
        for (int i = 0; i < n * c; i++) {
            if (!(t[to + i] >= 0f && t[to + i] <= 1f)) {
                throw new IllegalArgumentException("targets must be probabilities in [0, 1], element " + i + " was "
                        + t[to + i]);
            }
        }
        Tensor logp = Workspace.empty(n, c);
        Simd.logSoftmaxRows(n, c, logits.value().data(), logits.value().offset(), logp.data(), 0);
        Tensor y = Workspace.zeros(n);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                if (t[to + i * c + j] != 0f) { // 0·(−inf) must not become NaN
                    s -= t[to + i * c + j] * logp.data()[i * c + j];
                }
            }
            y.data()[i] = (float) s;
        }
        return Var.result(y, g -> { // dx = g · (softmax · Σt − t)
            Tensor ga = logits.gradBuffer();
            for (int i = 0; i < n; i++) {
                double ts = 0;
                for (int j = 0; j < c; j++) {
                    ts += t[to + i * c + j];
                }
                float gi = g.data()[g.offset() + i];
                for (int j = 0; j < c; j++) {
                    double p = Math.exp(logp.data()[i * c + j]);
                    ga.data()[ga.offset() + i * c + j] += (float) (gi * (p * ts - t[to + i * c + j]));
                }
            }
        }, logits);
    }

    /**
     * Unreduced elementwise loss terms of {@code input} against a fixed {@code target} of the same
     * shape; p and q are the kind's parameters (see {@link PointwiseLoss}). Callers validate targets.
     */
    public static Var pointwiseLoss(PointwiseLoss kind, Var input, Tensor target, double p, double q) {
        requireNonNull("kind", kind);
        requireNonNull("input", input);
        requireNonNull("target", target);
        requireSameShape("target", target, input.shape());
        Tensor xv = input.value();
        float[] t = target.data();
        int to = target.offset();
        int n = target.size();
        Tensor y = Workspace.zeros(xv.shape());
        for (int i = 0; i < n; i++) {
            y.data()[i] = (float) kind.value(xv.data()[xv.offset() + i], t[to + i], p, q);
        }
        return Var.result(y, g -> {
            Tensor ga = input.gradBuffer();
            for (int i = 0; i < n; i++) {
                ga.data()[ga.offset() + i] += (float) (g.data()[g.offset() + i]
                        * kind.derivative(xv.data()[xv.offset() + i], t[to + i], p, q));
            }
        }, input);
    }

    /**
     * Max over consecutive groups of k along the last axis: (..., k·m) → (..., m). Maxout's reduction, on
     * {@link Simd#maxout} with one unit per row (each group is one row of k pieces); the first of equal
     * maxima wins and a NaN wins, so NaN propagates.
     */
    public static Var maxGroups(Var a, int k) {
        int d = lastDim("a", a);
        if (k < 1 || d % k != 0) {
            throw new IllegalArgumentException("k must be >= 1 and divide the last dimension " + d + ", was " + k);
        }
        int[] dims = a.shape().dims();
        dims[dims.length - 1] = d / k;
        Tensor y = Workspace.zeros(dims);
        int m = y.size();
        int[] arg = Workspace.ints(m);
        Tensor av = a.value();
        Simd.maxout(m, 1, k, av.data(), av.offset(), y.data(), 0, arg, 0);
        return Var.result(y, g -> {
            Tensor sink = a.gradSink();
            Simd.maxoutBackward(m, 1, k, g.data(), g.offset(), arg, 0, sink.data(), sink.offset());
            a.addGrad(sink);
        }, a);
    }

    // ---------------------------------------------------------------- convolution and pooling (NHWC)

    /**
     * 2-D cross-correlation on channels-last input x (N, H, W, C) with weight (O, KH, KW, C) and bias
     * (O) or null → (N, OH, OW, O), on {@link Simd#conv2d} (im2col chunk by chunk + GEMM, bias in the same
     * pass) and its backward kernels. Those take the weight as the (KH·KW·C, O) matrix, our (O, KH·KW·C)
     * transposed: the transpose and the kernels' work buffer are scratch of the call (from the open
     * {@link Workspace}, else new), so concurrent inference shares nothing.
     */
    public static Var conv2d(Var x, Var weight, Var bias, int strideH, int strideW, int padH, int padW) {
        Var w = weight;
        Var b = bias;
        requireNonNull("x", x);
        requireNonNull("weight", w);
        requireImage(x);
        requireRank("weight", w, 4);
        int n = x.shape().dim(0);
        int h = x.shape().dim(1);
        int wd = x.shape().dim(2);
        int c = x.shape().dim(3);
        int o = w.shape().dim(0);
        int kh = w.shape().dim(1);
        int kw = w.shape().dim(2);
        if (w.shape().dim(3) != c) {
            throw new IllegalArgumentException("x must have " + w.shape().dim(3) + " channels (weight " + w.shape()
                    + " is (out, kh, kw, in)), shape was " + x.shape());
        }
        if (b != null && (b.shape().rank() != 1 || b.shape().dim(0) != o)) {
            throw new IllegalArgumentException("bias must have shape (" + o + ",), was " + b.shape());
        }
        // stride and padding are checked by Window2d, the kernel against the padded input by Simd
        Window2d win = new Window2d(kh, kw, strideH, strideW, padH, padW, 1, 1);
        int workSize = Simd.conv2dWorkSize(n, h, wd, c, win);
        int k = kh * kw * c;
        Tensor xv = x.value();
        Tensor wv = w.value();
        float[] wt = Workspace.emptyFloats(k * o);
        transpose(o, k, wv.data(), wv.offset(), wt);
        float[] work = workSize == 0 ? null : Workspace.emptyFloats(workSize);
        Tensor y = Workspace.empty(n, win.outH(h), win.outW(wd), o);
        Tensor bv = b == null ? null : b.value();
        Simd.conv2d(n, h, wd, c, o, win, xv.data(), xv.offset(), wt, 0, bv == null ? null : bv.data(),
                bv == null ? 0 : bv.offset(), y.data(), 0, work, 0);
        return Var.result(y, g -> {
            if (w.requiresGrad()) { // dW += (colᵀ · dY)ᵀ
                float[] dwt = Workspace.emptyFloats(k * o);
                Simd.conv2dBackwardWeight(n, h, wd, c, o, win, xv.data(), xv.offset(), g.data(), g.offset(), dwt, 0,
                        work, 0);
                Tensor gw = w.gradBuffer();
                addTransposed(k, o, dwt, gw.data(), gw.offset());
            }
            if (b != null && b.requiresGrad()) {
                Tensor sink = b.gradSink();
                Simd.conv2dBackwardBias(n, h, wd, o, win, g.data(), g.offset(), sink.data(), sink.offset());
                b.addGrad(sink);
            }
            if (x.requiresGrad()) { // dX += col2im(dY · Wᵀ)
                Tensor sink = x.gradSink();
                Simd.conv2dBackwardInput(n, h, wd, c, o, win, g.data(), g.offset(), wt, 0, sink.data(), sink.offset(),
                        work, 0);
                x.addGrad(sink);
            }
        }, x, w, b);
    }

    /**
     * Training-mode batch normalization of x, channels last: (N, C), or NHWC (N, H, W, C) over N·H·W rows:
     * {@code y = γ·(x − mean)·invStd + β} with the batch's per-channel mean and biased variance and
     * {@code invStd = 1 / √(var + eps)} (in double, rounded once). Fused on {@link Simd#batchNormStats},
     * {@link Simd#batchNormApply} and {@link Simd#batchNormBackward}: three passes over x forward, two backward,
     * split over threads, where the same function composed from primitives made about twenty on one thread. The
     * batch mean and biased variance are also copied to {@code batchMean} and {@code batchVar} (c floats each from
     * their offsets), for the caller's running statistics; the backward pass keeps its own copies.
     */
    public static Var batchNorm(Var x, Var weight, Var bias, double eps, Tensor batchMean, Tensor batchVar) {
        requireNonNull("batchMean", batchMean);
        requireNonNull("batchVar", batchVar);
        int c = requireBatchNorm(x, weight, bias, eps, "batchMean", batchMean, "batchVar", batchVar);
        int rows = x.size() / c;
        if (rows < 1) {
            throw new IllegalArgumentException("x must have at least one row (the batch statistics of nothing are "
                    + "undefined), shape was " + x.shape());
        }
        Tensor xv = x.value();
        Tensor wv = weight.value();
        Tensor bv = bias.value();
        float[] mean = Workspace.emptyFloats(c);
        float[] var = Workspace.emptyFloats(c);
        Simd.batchNormStats(rows, c, xv.data(), xv.offset(), mean, 0, var, 0);
        float[] inv = Workspace.emptyFloats(c);
        float[] scale = Workspace.emptyFloats(c);
        for (int j = 0; j < c; j++) {
            inv[j] = (float) (1 / Math.sqrt(var[j] + eps));
            scale[j] = batchNormScale(inv[j], wv.data()[wv.offset() + j]); // the float invStd the backward uses
        }
        Tensor y = Workspace.empty(x.shape());
        Simd.batchNormApply(rows, c, xv.data(), xv.offset(), mean, 0, scale, 0, bv.data(), bv.offset(), y.data(), 0);
        System.arraycopy(mean, 0, batchMean.data(), batchMean.offset(), c);
        System.arraycopy(var, 0, batchVar.data(), batchVar.offset(), c);
        return Var.result(y, g -> {
            Tensor dx = x.requiresGrad() ? x.gradSink() : null;
            Tensor dw = weight.requiresGrad() ? weight.gradSink() : Workspace.empty(c);
            Tensor db = bias.requiresGrad() ? bias.gradSink() : Workspace.empty(c);
            Simd.batchNormBackward(rows, c, xv.data(), xv.offset(), g.data(), g.offset(), mean, 0, inv, 0, wv.data(),
                    wv.offset(), dx == null ? null : dx.data(), dx == null ? 0 : dx.offset(), dw.data(), dw.offset(),
                    db.data(), db.offset());
            if (dx != null) {
                x.addGrad(dx);
            }
            if (weight.requiresGrad()) {
                weight.addGrad(dw);
            }
            if (bias.requiresGrad()) {
                bias.addGrad(db);
            }
        }, x, weight, bias);
    }

    /**
     * Evaluation-mode batch normalization of x, channels last (as {@link #batchNorm}), on fixed statistics (the running ones):
     * {@code y = (x − mean)·scale + β} with {@code scale = γ / √(var + eps)} computed in double and rounded once
     * (as {@link #batchNormScale}), on {@link Simd#batchNormApply}; the inference plan runs the same kernel on the
     * same scale, so the two give the same bits. The statistics are constants: x, γ and β get gradients.
     */
    public static Var batchNormEval(Var x, Tensor mean, Tensor var, Var weight, Var bias, double eps) {
        requireNonNull("mean", mean);
        requireNonNull("var", var);
        int c = requireBatchNorm(x, weight, bias, eps, "mean", mean, "var", var);
        int rows = x.size() / c;
        Tensor xv = x.value();
        Tensor wv = weight.value();
        Tensor bv = bias.value();
        // per-call copies: concurrent evaluation never reads a buffer a training step is writing
        float[] m = Workspace.emptyFloats(c);
        float[] inv = Workspace.emptyFloats(c);
        float[] scale = Workspace.emptyFloats(c);
        System.arraycopy(mean.data(), mean.offset(), m, 0, c);
        for (int j = 0; j < c; j++) {
            double is = 1 / Math.sqrt(var.data()[var.offset() + j] + eps);
            inv[j] = (float) is;
            scale[j] = batchNormScale(is, wv.data()[wv.offset() + j]);
        }
        Tensor y = Workspace.empty(x.shape());
        Simd.batchNormApply(rows, c, xv.data(), xv.offset(), m, 0, scale, 0, bv.data(), bv.offset(), y.data(), 0);
        return Var.result(y, g -> {
            if (weight.requiresGrad() || bias.requiresGrad()) { // dγ = Σ g·(x − mean)·inv, dβ = Σ g
                Tensor dw = weight.requiresGrad() ? weight.gradSink() : Workspace.empty(c);
                Tensor db = bias.requiresGrad() ? bias.gradSink() : Workspace.empty(c);
                Simd.batchNormBackward(rows, c, xv.data(), xv.offset(), g.data(), g.offset(), m, 0, inv, 0, wv.data(),
                        wv.offset(), null, 0, dw.data(), dw.offset(), db.data(), db.offset());
                if (weight.requiresGrad()) {
                    weight.addGrad(dw);
                }
                if (bias.requiresGrad()) {
                    bias.addGrad(db);
                }
            }
            if (x.requiresGrad()) { // dx = g·scale: (g − 0)·scale + 0
                Tensor dx = x.gradSink();
                float[] zeros = Workspace.floats(c);
                Simd.batchNormApply(rows, c, g.data(), g.offset(), zeros, 0, scale, 0, zeros, 0, dx.data(), dx.offset());
                x.addGrad(dx);
            }
        }, x, weight, bias);
    }

    /** γ·invStd rounded once to float: the per-channel scale of the normalization, training and evaluation alike. */
    public static float batchNormScale(double invStd, float gamma) {
        return (float) (invStd * gamma);
    }

    /** t (cols x rows) = a (rows x cols)ᵀ, both dense row-major. */
    private static void transpose(int rows, int cols, float[] a, int aOff, float[] t) {
        for (int r = 0; r < rows; r++) {
            int src = aOff + r * cols;
            for (int j = 0; j < cols; j++) {
                t[j * rows + r] = a[src + j];
            }
        }
    }

    /** d (cols x rows) += a (rows x cols)ᵀ, both dense row-major. */
    private static void addTransposed(int rows, int cols, float[] a, float[] d, int dOff) {
        for (int j = 0; j < cols; j++) {
            int dst = dOff + j * rows;
            for (int r = 0; r < rows; r++) {
                d[dst + r] += a[r * cols + j];
            }
        }
    }

    /**
     * Max pooling over NHWC input, no padding: (N, H, W, C) → (N, OH, OW, C), through
     * {@link Simd#maxPool2d}, which records each winner (the first of equal maxima) for the backward pass.
     */
    public static Var maxPool2d(Var x, int kh, int kw, int strideH, int strideW) {
        Window2d win = poolWindow(x, kh, kw, strideH, strideW);
        int n = x.shape().dim(0);
        int h = x.shape().dim(1);
        int w = x.shape().dim(2);
        int c = x.shape().dim(3);
        Tensor xv = x.value();
        Tensor y = Workspace.empty(n, win.outH(h), win.outW(w), c);
        int[] arg = Workspace.ints(y.size());
        Simd.maxPool2d(n, h, w, c, win, xv.data(), xv.offset(), y.data(), 0, arg, 0);
        return Var.result(y, g -> {
            Tensor sink = x.gradSink();
            Simd.maxPool2dBackward(n, h, w, c, win, g.data(), g.offset(), arg, 0, sink.data(), sink.offset());
            x.addGrad(sink);
        }, x);
    }

    /** Average pooling over NHWC input, no padding: (N, H, W, C) → (N, OH, OW, C), {@link Simd#avgPool2d}. */
    public static Var avgPool2d(Var x, int kh, int kw, int strideH, int strideW) {
        Window2d win = poolWindow(x, kh, kw, strideH, strideW);
        int n = x.shape().dim(0);
        int h = x.shape().dim(1);
        int w = x.shape().dim(2);
        int c = x.shape().dim(3);
        Tensor xv = x.value();
        Tensor y = Workspace.empty(n, win.outH(h), win.outW(w), c);
        Simd.avgPool2d(n, h, w, c, win, true, xv.data(), xv.offset(), y.data(), 0);
        return Var.result(y, g -> {
            Tensor sink = x.gradSink();
            Simd.avgPool2dBackward(n, h, w, c, win, true, g.data(), g.offset(), sink.data(), sink.offset());
            x.addGrad(sink);
        }, x);
    }

    /** Mean over H and W: (N, H, W, C) → (N, C), {@link Simd#globalAvgPool2d}. */
    public static Var globalAvgPool2d(Var x) {
        requireImage(x);
        int n = x.shape().dim(0);
        int h = x.shape().dim(1);
        int w = x.shape().dim(2);
        int c = x.shape().dim(3);
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("x must have height and width >= 1, shape was " + x.shape());
        }
        Tensor xv = x.value();
        Tensor y = Workspace.empty(n, c);
        Simd.globalAvgPool2d(n, h, w, c, xv.data(), xv.offset(), y.data(), 0);
        return Var.result(y, g -> {
            Tensor sink = x.gradSink();
            Simd.globalAvgPool2dBackward(n, h, w, c, g.data(), g.offset(), sink.data(), sink.offset());
            x.addGrad(sink);
        }, x);
    }

    private static Window2d poolWindow(Var x, int kh, int kw, int sh, int sw) {
        requireImage(x);
        // Named as the pooling ops name them (Window2d would say kernelH, strideH).
        requirePositive("kh", kh);
        requirePositive("kw", kw);
        requirePositive("strideH", sh);
        requirePositive("strideW", sw);
        int h = x.shape().dim(1);
        int w = x.shape().dim(2);
        Window2d win = new Window2d(kh, kw, sh, sw, 0, 0, 1, 1); // checks kernel and stride >= 1
        try {
            win.requireFits(h, w); // before the output is allocated: Simd would say the same, too late
        } catch (IllegalArgumentException e) { // the window's message knows h and w, not that they are x's
            throw new IllegalArgumentException("x " + x.shape() + ": " + e.getMessage(), e);
        }
        return win;
    }

    // ---------------------------------------------------------------- helpers

    /** An NHWC input: rank 4 with a non-empty image (simd would refuse h = 0 as "h", not as x's). */
    private static void requireImage(Var x) {
        requireRank("x", x, 4);
        if (x.shape().dim(1) < 1 || x.shape().dim(2) < 1) {
            throw new IllegalArgumentException("x must have height and width >= 1 (NHWC), shape was " + x.shape());
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }

    /**
     * y[r, j] += b[j] on {@link Simd#addRowVector}. Not the convolution's bias path: that preloads the bias into
     * the GEMM's C (beta = 1), which rounds differently once the GEMM depth spans more than one block.
     */
    private static void addRowVector(Tensor y, Tensor b) {
        int c = b.size();
        if (c > 0) {
            Simd.addRowVector(y.size() / c, c, b.data(), b.offset(), y.data(), y.offset());
        }
    }

    private static void addConstant(Tensor t, float v) {
        for (int i = 0; i < t.size(); i++) {
            t.data()[t.offset() + i] += v;
        }
    }

    private static int lastDim(String name, Var a) {
        requireNonNull(name, a);
        if (a.shape().rank() < 1) {
            throw new IllegalArgumentException(name + " must have rank >= 1, shape was " + a.shape());
        }
        return a.shape().dim(-1);
    }

    /** The null check every public op makes first, before any shape check. */
    static void requireNonNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }

    /**
     * Batch norm's arguments: x of rank 2 or more with c >= 1 channels in the last axis, γ and β of shape (c),
     * a positive finite eps, and the two per-channel tensors (named s and t) of c elements; returns c.
     */
    private static int requireBatchNorm(Var x, Var weight, Var bias, double eps, String s, Tensor sv, String t,
                                        Tensor tv) {
        requireNonNull("x", x);
        requireNonNull("weight", weight);
        requireNonNull("bias", bias);
        if (x.shape().rank() < 2 || x.shape().dim(-1) < 1) {
            throw new IllegalArgumentException("x must have rank >= 2 and >= 1 channel (channels last), shape was "
                    + x.shape());
        }
        int c = x.shape().dim(-1);
        for (Var p : new Var[] {weight, bias}) {
            if (p.shape().rank() != 1 || p.shape().dim(0) != c) {
                throw new IllegalArgumentException((p == weight ? "weight" : "bias") + " must have shape (" + c
                        + ",), was " + p.shape());
            }
        }
        if (!(eps > 0 && eps < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("eps must be > 0 and finite, was " + eps);
        }
        if (sv.size() != c || tv.size() != c) {
            throw new IllegalArgumentException(s + " and " + t + " must have " + c + " elements, had " + sv.size()
                    + " and " + tv.size());
        }
        return c;
    }

    static void requireRank(String name, Var v, int rank) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (v.shape().rank() != rank) {
            throw new IllegalArgumentException(name + " must have rank " + rank + ", shape was " + v.shape());
        }
    }

    static void requireSameShape(String name, Tensor t, Shape expected) {
        if (t == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (!t.shape().equals(expected)) {
            throw new IllegalArgumentException(name + " must have shape " + expected + ", was " + t.shape());
        }
    }
}
