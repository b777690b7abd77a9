package vecnet.nn.autograd;

import java.util.Arrays;
import java.util.List;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.simd.Simd;

/**
 * The sequence primitives: recurrent networks (Elman RNN, LSTM, GRU; multi-layer, bidirectional) with
 * backpropagation through time, the swap of the batch and time axes, and embedding lookup. A whole
 * recurrent stack is one tape node: per layer and direction the input projection of all time steps is
 * one GEMM, each step is one hidden GEMM and one fused {@link Simd} cell kernel, and the backward pass
 * runs the steps in reverse with one GEMM and one fused kernel per step, then the weight gradients of
 * all steps as one GEMM each. From {@link #PACKED_MIN_BATCH} samples on, W_hh is packed once per layer
 * and direction for each pass ({@link Simd#packB}), not by every step's GEMM. Every buffer comes from
 * the open {@link Workspace}.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads, each on its own graph; buffers come
 * from the calling thread's workspace or are fresh. Backward accumulates into the weights' gradients: one thread
 * per graph.
 */
public final class SequenceOps {
    /**
     * From this batch size on, W_hh is packed once per pass for the steps' GEMMs. Below it, sgemm's
     * small-M path (up to 4 rows, as batch-1 inference) reads W_hh in place without packing, which beats
     * the packed kernel's 12-row (AVX-512) or 5-row panels that would be mostly padding.
     */
    static final int PACKED_MIN_BATCH = 5;

    private SequenceOps() {
    }

    /** The cell of a recurrent layer, with PyTorch's gate order. */
    public enum Cell {
        /** h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
        RNN_TANH(1),
        /** h' = relu(W_ih x + b_ih + W_hh h + b_hh). */
        RNN_RELU(1),
        /** Gates (i, f, g, o). */
        LSTM(4),
        /** Gates (r, z, n), n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)). */
        GRU(3);

        private final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        /** The number of gate blocks in the weights' first dimension (weight_ih is (gates·hidden, in)). */
        public int gates() {
            return gates;
        }
    }

    /**
     * Runs a recurrent stack over a seq-first input x (T, N, F), as PyTorch's {@code nn.RNN/LSTM/GRU}
     * with {@code batch_first=False}. {@code weights} holds, per layer and per direction (forward, then
     * reverse), {@code weight_ih} (gates·H, in), {@code weight_hh} (gates·H, H) and, with {@code bias},
     * {@code bias_ih}, {@code bias_hh} (gates·H): PyTorch's parameter order; layer 0's in is F, the others'
     * D·H. h0 (and c0, LSTM only) is (layers·D, N, H) or null for zeros.
     *
     * @return {output (T, N, D·H), h_n (layers·D, N, H), c_n (layers·D, N, H) or null unless LSTM}: views
     *         of one tape node, so gradients from any of them flow back
     */
    public static Var[] recurrent(Cell cell, Var x, Var h0, Var c0, List<Var> weights, int numLayers,
                                  boolean bidirectional, boolean bias) {
        Ops.requireNonNull("cell", cell);
        Ops.requireNonNull("x", x);
        Ops.requireNonNull("weights", weights);
        Ops.requireRank("x", x, 3);
        if (numLayers < 1) {
            throw new IllegalArgumentException("numLayers must be >= 1, was " + numLayers);
        }
        int dirs = bidirectional ? 2 : 1;
        int per = bias ? 4 : 2;
        if (weights.size() != numLayers * dirs * per) {
            throw new IllegalArgumentException("weights must hold " + numLayers * dirs * per + " tensors (" + per
                    + " per layer and direction), was " + weights.size());
        }
        for (int i = 0; i < weights.size(); i++) {
            if (weights.get(i) == null) {
                throw new IllegalArgumentException("weights[" + i + "] must not be null");
            }
        }
        int t = x.shape().dim(0);
        int n = x.shape().dim(1);
        int f = x.shape().dim(2);
        if (t < 1 || n < 1) {
            throw new IllegalArgumentException("x must have at least one time step and one sample (T, N, F), shape was "
                    + x.shape());
        }
        int g = cell.gates;
        Var whh0 = weights.get(1);
        Ops.requireRank("weights[1] (weight_hh_l0)", whh0, 2);
        int hidden = whh0.shape().dim(1);
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? f : dirs * hidden;
            for (int d = 0; d < dirs; d++) {
                int base = (l * dirs + d) * per;
                requireShape(weights, base, Shape.of(g * hidden, in), "weight_ih", l, d);
                requireShape(weights, base + 1, Shape.of(g * hidden, hidden), "weight_hh", l, d);
                if (bias) {
                    requireShape(weights, base + 2, Shape.of(g * hidden), "bias_ih", l, d);
                    requireShape(weights, base + 3, Shape.of(g * hidden), "bias_hh", l, d);
                }
            }
        }
        Shape state = Shape.of(numLayers * dirs, n, hidden);
        if (h0 != null && !h0.shape().equals(state)) {
            throw new IllegalArgumentException("h0 must have shape " + state + " (layers * directions, N, H), was "
                    + h0.shape());
        }
        boolean lstm = cell == Cell.LSTM;
        if (c0 != null && !lstm) {
            throw new IllegalArgumentException("c0 must be null for " + cell + " (only LSTM has a cell state)");
        }
        if (c0 != null && !c0.shape().equals(state)) {
            throw new IllegalArgumentException("c0 must have shape " + state + " (layers * directions, N, H), was "
                    + c0.shape());
        }
        Stack s = new Stack(cell, t, n, f, hidden, numLayers, dirs, bias);
        Var[] parents = new Var[3 + weights.size()];
        parents[0] = x;
        parents[1] = h0;
        parents[2] = c0;
        for (int i = 0; i < weights.size(); i++) {
            parents[3 + i] = weights.get(i);
        }
        Tensor packed = s.forward(x.value(), h0 == null ? null : h0.value(), c0 == null ? null : c0.value(), parents);
        Var node = Var.result(packed, grad -> s.backward(grad, parents), parents);
        Var out = view(node, 0, t, n, dirs * hidden);
        Var hn = view(node, s.outSize, numLayers * dirs, n, hidden);
        Var cn = lstm ? view(node, s.outSize + s.stateSize, numLayers * dirs, n, hidden) : null;
        return new Var[] {out, hn, cn};
    }

    private static void requireShape(List<Var> weights, int i, Shape expected, String what, int l, int d) {
        Shape got = weights.get(i).shape();
        if (!got.equals(expected)) {
            throw new IllegalArgumentException("weights[" + i + "] (" + what + "_l" + l + (d == 1 ? "_reverse" : "")
                    + ") must have shape " + expected + ", was " + got);
        }
    }

    /** A view of part of a flat node (shares its data); the gradient is added back at the same place. */
    private static Var view(Var flat, int offset, int... dims) {
        Tensor y = Tensor.wrap(flat.value().data(), flat.value().offset() + offset, Shape.of(dims));
        int size = y.size();
        return Var.result(y, g -> {
            Tensor gf = flat.gradBuffer();
            float[] d = gf.data();
            float[] s = g.data();
            int dOff = gf.offset() + offset;
            int sOff = g.offset();
            for (int i = 0; i < size; i++) {
                d[dOff + i] += s[sOff + i];
            }
        }, flat);
    }

    /** (A, B, F) → (B, A, F): swaps the first two axes, e.g. batch-first (N, T, F) and seq-first (T, N, F). */
    public static Var swapBatchTime(Var x) {
        Ops.requireRank("x", x, 3);
        int a = x.shape().dim(0);
        int b = x.shape().dim(1);
        int f = x.shape().dim(2);
        Tensor xv = x.value();
        Tensor y = Workspace.empty(b, a, f);
        swapInto(a, b, f, xv.data(), xv.offset(), y.data(), 0, false);
        return Var.result(y, g -> {
            Tensor gx = x.gradBuffer();
            swapInto(b, a, f, g.data(), g.offset(), gx.data(), gx.offset(), true);
        }, x);
    }

    /** dst (B, A, F) = (or +=) src (A, B, F) with the first two axes swapped. */
    private static void swapInto(int a, int b, int f, float[] src, int sOff, float[] dst, int dOff, boolean add) {
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                int si = sOff + (i * b + j) * f;
                int di = dOff + (j * a + i) * f;
                if (add) {
                    for (int k = 0; k < f; k++) {
                        dst[di + k] += src[si + k];
                    }
                } else {
                    System.arraycopy(src, si, dst, di, f);
                }
            }
        }
    }

    /**
     * Embedding lookup, PyTorch's {@code F.embedding}: row {@code indices[i]} of weight (num, dim) for
     * each index, the result shaped (shape..., dim) (shape's product must be indices.length). The row
     * {@code paddingIdx} (ignored when negative) receives no gradient. The indices are copied, so the
     * caller may reuse its array before backward.
     */
    public static Var embedding(Var weight, int[] indices, int[] shape, int paddingIdx) {
        Ops.requireNonNull("weight", weight);
        Ops.requireNonNull("indices", indices);
        Ops.requireNonNull("shape", shape);
        Ops.requireRank("weight", weight, 2);
        int num = weight.shape().dim(0);
        int dim = weight.shape().dim(1);
        long count = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("shape must not have negative dimensions, was "
                        + Arrays.toString(shape));
            }
            count *= s;
        }
        if (count != indices.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " must hold " + indices.length
                    + " indices, holds " + count);
        }
        if (paddingIdx >= num) {
            throw new IllegalArgumentException("paddingIdx must be < " + num + " (rows of weight), was " + paddingIdx);
        }
        int m = indices.length;
        int[] idx = Workspace.ints(m);
        for (int i = 0; i < m; i++) {
            if (indices[i] < 0 || indices[i] >= num) {
                throw new IllegalArgumentException("indices[" + i + "] must be in [0, " + num + "), was " + indices[i]);
            }
            idx[i] = indices[i];
        }
        int[] dims = Arrays.copyOf(shape, shape.length + 1);
        dims[shape.length] = dim;
        Tensor wv = weight.value();
        Tensor y = Workspace.empty(dims);
        for (int i = 0; i < m; i++) {
            System.arraycopy(wv.data(), wv.offset() + idx[i] * dim, y.data(), i * dim, dim);
        }
        return Var.result(y, g -> {
            Tensor gw = weight.gradBuffer();
            float[] d = gw.data();
            float[] gd = g.data();
            for (int i = 0; i < m; i++) {
                if (idx[i] == paddingIdx) {
                    continue;
                }
                int dst = gw.offset() + idx[i] * dim;
                int src = g.offset() + i * dim;
                for (int k = 0; k < dim; k++) {
                    d[dst + k] += gd[src + k];
                }
            }
        }, weight);
    }

    /**
     * The buffers and loops of one recurrent call. Time steps are indexed by t (the input's order); step s
     * of direction d processes t = s (forward) or T − 1 − s (reverse). The output of a layer is (T, N, D·H),
     * direction d in columns [d·H, (d+1)·H): the forward pass writes each step's h there and reads the
     * previous step's h back from it, so the hidden states are stored once.
     */
    private static final class Stack {
        final Cell cell;
        final int t;
        final int n;
        final int f;
        final int hidden;
        final int layers;
        final int dirs;
        final boolean bias;
        final int gh; // gates * hidden: one row of the pre-activations
        final int dh; // dirs * hidden: one row of a layer's output
        final int outSize;
        final int stateSize;
        /** Per layer: its output (the last layer's is the node's value, at offset 0). */
        final float[][] out;
        /** Per layer and direction: the gate activations of every step (T·N, gates·H). */
        final float[][] gates;
        /** LSTM: the cell states (T + 1, N, H) by step, c0 first. GRU: W_hn h + b_hn (T, N, H) by t. */
        final float[][] aux;
        float[] zeros; // a zero bias (without bias) and zero initial states
        Tensor x;
        Tensor h0;
        Tensor packed;

        Stack(Cell cell, int t, int n, int f, int hidden, int layers, int dirs, boolean bias) {
            this.cell = cell;
            this.t = t;
            this.n = n;
            this.f = f;
            this.hidden = hidden;
            this.layers = layers;
            this.dirs = dirs;
            this.bias = bias;
            this.gh = cell.gates * hidden;
            this.dh = dirs * hidden;
            this.outSize = t * n * dh;
            this.stateSize = layers * dirs * n * hidden;
            this.out = new float[layers][];
            this.gates = new float[layers * dirs][];
            this.aux = new float[layers * dirs][];
        }

        private int per() {
            return bias ? 4 : 2;
        }

        private int time(int d, int s) {
            return d == 0 ? s : t - 1 - s;
        }

        Tensor forward(Tensor xv, Tensor h0v, Tensor c0v, Var[] parents) {
            this.x = xv;
            this.h0 = h0v;
            boolean lstm = cell == Cell.LSTM;
            packed = Workspace.empty(Shape.of(outSize + (lstm ? 2 : 1) * stateSize));
            float[] pk = packed.data();
            zeros = Workspace.floats(Math.max(gh, n * hidden));
            float[] hg = Workspace.emptyFloats(n * gh);
            // W_hh^T (hidden x gh) packed once per layer and direction: every step multiplies by it
            float[] whhPacked = n >= PACKED_MIN_BATCH ? Workspace.emptyFloats(Simd.packedBSize(hidden, gh)) : null;
            for (int l = 0; l < layers; l++) {
                out[l] = l == layers - 1 ? pk : Workspace.emptyFloats(outSize);
                float[] in = l == 0 ? xv.data() : out[l - 1];
                int inOff = l == 0 ? xv.offset() : 0;
                int inCols = l == 0 ? f : dh;
                float[] y = out[l];
                for (int d = 0; d < dirs; d++) {
                    int k = l * dirs + d;
                    int base = 3 + k * per();
                    Tensor wih = parents[base].value();
                    Tensor whh = parents[base + 1].value();
                    float[] bih = bias ? parents[base + 2].value().data() : zeros;
                    int bihOff = bias ? parents[base + 2].value().offset() : 0;
                    float[] bhh = bias ? parents[base + 3].value().data() : zeros;
                    int bhhOff = bias ? parents[base + 3].value().offset() : 0;
                    float[] gt = Workspace.emptyFloats(t * n * gh);
                    gates[k] = gt;
                    // the input projection of all time steps: one GEMM
                    Simd.sgemm(false, true, t * n, gh, inCols, 1f, in, inOff, inCols, wih.data(), wih.offset(),
                            inCols, 0f, gt, 0, gh);
                    float[] ax = null;
                    if (lstm) {
                        ax = Workspace.emptyFloats((t + 1) * n * hidden);
                        if (c0v != null) {
                            System.arraycopy(c0v.data(), c0v.offset() + k * n * hidden, ax, 0, n * hidden);
                        } else {
                            Arrays.fill(ax, 0, n * hidden, 0f);
                        }
                    } else if (cell == Cell.GRU) {
                        ax = Workspace.emptyFloats(t * n * hidden);
                    }
                    aux[k] = ax;
                    if (whhPacked != null) {
                        Simd.packB(true, hidden, gh, whh.data(), whh.offset(), hidden, whhPacked, 0);
                    }
                    int yCol = d * hidden;
                    for (int s = 0; s < t; s++) {
                        int tt = time(d, s);
                        float[] hp;
                        int hpOff;
                        int hpLd;
                        if (s == 0) {
                            hp = h0v == null ? zeros : h0v.data();
                            hpOff = h0v == null ? 0 : h0v.offset() + k * n * hidden;
                            hpLd = hidden;
                        } else {
                            hp = y;
                            hpOff = time(d, s - 1) * n * dh + yCol;
                            hpLd = dh;
                        }
                        if (s == 0 && h0v == null) {
                            Arrays.fill(hg, 0f);
                        } else {
                            hiddenForward(hp, hpOff, hpLd, whh, whhPacked, hg);
                        }
                        int go = tt * n * gh;
                        int yo = tt * n * dh + yCol;
                        switch (cell) {
                            case LSTM -> Simd.lstmCellForward(n, hidden, gt, go, hg, 0, bih, bihOff, bhh, bhhOff, ax,
                                    s * n * hidden, gt, go, ax, (s + 1) * n * hidden, y, yo, dh);
                            case GRU -> Simd.gruCellForward(n, hidden, gt, go, hg, 0, bih, bihOff, bhh, bhhOff, hp,
                                    hpOff, hpLd, gt, go, ax, tt * n * hidden, y, yo, dh);
                            default -> Simd.rnnCellForward(n, hidden, cell == Cell.RNN_RELU, gt, go, hg, 0, bih,
                                    bihOff, bhh, bhhOff, y, yo, dh);
                        }
                    }
                    // final states: h of the last step processed, and c
                    int last = time(d, t - 1);
                    int hnOff = outSize + k * n * hidden;
                    for (int r = 0; r < n; r++) {
                        System.arraycopy(y, last * n * dh + r * dh + yCol, pk, hnOff + r * hidden, hidden);
                    }
                    if (lstm) {
                        System.arraycopy(ax, t * n * hidden, pk, outSize + stateSize + k * n * hidden, n * hidden);
                    }
                }
            }
            return packed;
        }

        void backward(Tensor grad, Var[] parents) {
            boolean lstm = cell == Cell.LSTM;
            boolean gru = cell == Cell.GRU;
            Var xVar = parents[0];
            Var h0Var = parents[1];
            Var c0Var = parents[2];
            boolean needH0 = h0Var != null && h0Var.requiresGrad();
            boolean needC0 = c0Var != null && c0Var.requiresGrad();
            float[] gd = grad.data();
            int gOff = grad.offset();
            float[] dhRec = Workspace.emptyFloats(n * hidden);
            float[] dcBuf = lstm ? Workspace.emptyFloats(n * hidden) : null;
            float[] dsum = bias ? Workspace.emptyFloats(gh) : null;
            // W_hh (gh x hidden) packed once per layer and direction for the steps' dhPrev GEMMs
            boolean pack = (t > 1 || needH0) && n >= PACKED_MIN_BATCH;
            float[] whhPacked = pack ? Workspace.emptyFloats(Simd.packedBSize(gh, hidden)) : null;
            float[][] dG = new float[dirs][];
            float[][] dHg = new float[dirs][];
            for (int d = 0; d < dirs; d++) {
                dG[d] = Workspace.emptyFloats(t * n * gh);
                dHg[d] = gru ? Workspace.emptyFloats(t * n * gh) : dG[d];
            }
            float[] dY = gd;
            int dYOff = gOff;
            for (int l = layers - 1; l >= 0; l--) {
                float[] in = l == 0 ? x.data() : out[l - 1];
                int inOff = l == 0 ? x.offset() : 0;
                int inCols = l == 0 ? f : dh;
                float[] y = l == layers - 1 ? packed.data() : out[l];
                int yBase = l == layers - 1 ? packed.offset() : 0;
                // the gradient for the layer below: dX = Σ_d dG_d · W_ih,d
                Tensor xSink = null;
                float[] dX = null;
                int dXOff = 0;
                if (l > 0) {
                    dX = Workspace.emptyFloats(outSize);
                } else if (xVar.requiresGrad()) {
                    xSink = xVar.gradSink();
                    dX = xSink.data();
                    dXOff = xSink.offset();
                }
                for (int d = 0; d < dirs; d++) {
                    int k = l * dirs + d;
                    int base = 3 + k * per();
                    Var wihVar = parents[base];
                    Var whhVar = parents[base + 1];
                    Tensor wih = wihVar.value();
                    Tensor whh = whhVar.value();
                    float[] gt = gates[k];
                    float[] ax = aux[k];
                    float[] dg = dG[d];
                    float[] dhg = dHg[d];
                    int yCol = d * hidden;
                    int dhnOff = gOff + outSize + k * n * hidden;
                    int dcnOff = gOff + outSize + stateSize + k * n * hidden;
                    if (pack) {
                        Simd.packB(false, gh, hidden, whh.data(), whh.offset(), hidden, whhPacked, 0);
                    }
                    for (int s = t - 1; s >= 0; s--) {
                        int tt = time(d, s);
                        float[] dhNext = s == t - 1 ? gd : dhRec;
                        int dhNextOff = s == t - 1 ? dhnOff : 0;
                        int go = tt * n * gh;
                        int dyo = dYOff + tt * n * dh + yCol;
                        boolean needPrev = s > 0 || needH0;
                        switch (cell) {
                            case LSTM -> {
                                float[] dc = s == t - 1 ? gd : dcBuf;
                                int dcOff = s == t - 1 ? dcnOff : 0;
                                Simd.lstmCellBackward(n, hidden, gt, go, ax, s * n * hidden, ax, (s + 1) * n * hidden,
                                        dY, dyo, dh, dhNext, dhNextOff, dc, dcOff, dg, go, dcBuf, 0);
                                if (needPrev) {
                                    hiddenBackward(dg, go, whh, whhPacked, 0f, dhRec);
                                }
                            }
                            case GRU -> {
                                float[] hp;
                                int hpOff;
                                int hpLd;
                                if (s == 0) {
                                    hp = h0 == null ? zeros : h0.data();
                                    hpOff = h0 == null ? 0 : h0.offset() + k * n * hidden;
                                    hpLd = hidden;
                                } else {
                                    hp = y;
                                    hpOff = yBase + time(d, s - 1) * n * dh + yCol;
                                    hpLd = dh;
                                }
                                Simd.gruCellBackward(n, hidden, gt, go, ax, tt * n * hidden, hp, hpOff, hpLd, dY, dyo,
                                        dh, dhNext, dhNextOff, dg, go, dhg, go, dhRec, 0);
                                if (needPrev) {
                                    hiddenBackward(dhg, go, whh, whhPacked, 1f, dhRec);
                                }
                            }
                            default -> {
                                Simd.rnnCellBackward(n, hidden, cell == Cell.RNN_RELU, y, yBase + tt * n * dh + yCol,
                                        dh, dY, dyo, dh, dhNext, dhNextOff, dg, go);
                                if (needPrev) {
                                    hiddenBackward(dg, go, whh, whhPacked, 0f, dhRec);
                                }
                            }
                        }
                    }
                    if (needH0) {
                        addSlice(h0Var.gradBuffer(), k * n * hidden, dhRec, n * hidden);
                    }
                    if (needC0) {
                        addSlice(c0Var.gradBuffer(), k * n * hidden, dcBuf, n * hidden);
                    }
                    // weight gradients of all steps at once
                    if (whhVar.requiresGrad()) {
                        Tensor gw = whhVar.gradBuffer();
                        // steps 1..T-1 read h of the step before: output rows shifted by one time step
                        int firstT = d == 0 ? 1 : 0; // the t of the dG rows whose hPrev is an output row
                        int prevT = d == 0 ? 0 : 1;
                        if (t > 1) {
                            Simd.sgemm(true, false, gh, hidden, (t - 1) * n, 1f, dhg, firstT * n * gh, gh, y,
                                    yBase + prevT * n * dh + yCol, dh, 1f, gw.data(), gw.offset(), hidden);
                        }
                        if (h0 != null) { // step 0 read h0
                            int t0 = time(d, 0);
                            Simd.sgemm(true, false, gh, hidden, n, 1f, dhg, t0 * n * gh, gh, h0.data(),
                                    h0.offset() + k * n * hidden, hidden, 1f, gw.data(), gw.offset(), hidden);
                        }
                    }
                    if (wihVar.requiresGrad()) {
                        Tensor gw = wihVar.gradBuffer();
                        Simd.sgemm(true, false, gh, inCols, t * n, 1f, dg, 0, gh, in, inOff, inCols, 1f, gw.data(),
                                gw.offset(), inCols);
                    }
                    if (bias) {
                        // LSTM and RNN: dhg is dg, so both biases get the same column sums (one pass over T·N rows)
                        boolean summed = addColumnSums(parents[base + 2], dg, dsum, false);
                        addColumnSums(parents[base + 3], dhg, dsum, summed && dhg == dg);
                    }
                    if (dX != null) {
                        Simd.sgemm(false, false, t * n, inCols, gh, 1f, dg, 0, gh, wih.data(), wih.offset(), inCols,
                                d == 0 ? 0f : 1f, dX, dXOff, inCols);
                    }
                }
                if (xSink != null) {
                    xVar.addGrad(xSink);
                }
                dY = dX;
                dYOff = 0;
            }
        }

        /** hg (n x gh) = hPrev · W_hh^T: on the packed W_hh, or (whhPacked null) through sgemm on W_hh itself. */
        private void hiddenForward(float[] hp, int hpOff, int hpLd, Tensor whh, float[] whhPacked, float[] hg) {
            if (whhPacked != null) {
                Simd.sgemmPackedB(false, n, gh, hidden, 1f, hp, hpOff, hpLd, whhPacked, 0, 0f, hg, 0, gh);
            } else {
                Simd.sgemm(false, true, n, gh, hidden, 1f, hp, hpOff, hpLd, whh.data(), whh.offset(), hidden, 0f, hg,
                        0, gh);
            }
        }

        /** dhRec (n x H) = dg(step at go) · W_hh + beta · dhRec, on the packed W_hh or (null) on W_hh itself. */
        private void hiddenBackward(float[] dg, int go, Tensor whh, float[] whhPacked, float beta, float[] dhRec) {
            if (whhPacked != null) {
                Simd.sgemmPackedB(false, n, hidden, gh, 1f, dg, go, gh, whhPacked, 0, beta, dhRec, 0, hidden);
            } else {
                Simd.sgemm(false, false, n, hidden, gh, 1f, dg, go, gh, whh.data(), whh.offset(), hidden, beta, dhRec,
                        0, hidden);
            }
        }

        /** Adds dg's column sums to b's gradient, reusing dsum when it already holds them; whether it does now. */
        private boolean addColumnSums(Var b, float[] dg, float[] dsum, boolean haveSums) {
            if (!b.requiresGrad()) {
                return haveSums;
            }
            if (!haveSums) {
                Simd.sumRows(t * n, gh, dg, 0, dsum, 0);
            }
            Tensor gb = b.gradBuffer();
            float[] d = gb.data();
            int o = gb.offset();
            for (int j = 0; j < gh; j++) {
                d[o + j] += dsum[j];
            }
            return true;
        }

        private static void addSlice(Tensor g, int offset, float[] src, int len) {
            float[] d = g.data();
            int o = g.offset() + offset;
            for (int i = 0; i < len; i++) {
                d[o + i] += src[i];
            }
        }
    }
}
