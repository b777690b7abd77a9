package vecnet.nn.loss;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;

/**
 * Cross-entropy on logits (N, C), fused with log-softmax so any logits stay finite (PyTorch's
 * CrossEntropyLoss). The target is chosen by its shape, as PyTorch 1.13 does:
 * <ul>
 * <li>the input's shape (N, C): class probabilities, each in [0, 1] (rows need not sum to 1, as in
 *     PyTorch); the loss of a sample is −Σ_j t_j·log softmax(x)_j;</li>
 * <li>(N): class indices stored as floats, each an integer in [0, C); the loss is −log softmax(x)_y.
 *     {@link #forward(Var, int[])} takes them as ints.</li>
 * </ul>
 * Any other target shape is an error. With label smoothing ε (PyTorch's {@code label_smoothing},
 * default 0) the target becomes (1 − ε)·t + ε/C, t the probabilities or the one-hot rows of the indices.
 * MEAN averages over the N samples. Class weights and {@code ignore_index} are not offered.
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class CrossEntropyLoss extends Loss {
    private final double labelSmoothing;

    public CrossEntropyLoss() {
        this(0, Reduction.MEAN);
    }

    public CrossEntropyLoss(Reduction reduction) {
        this(0, reduction);
    }

    public CrossEntropyLoss(double labelSmoothing, Reduction reduction) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1], was " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    /** Logits (N, C) against class probabilities (N, C) or class indices (N) as floats. */
    @Override
    public Var forward(Var input, Tensor target) {
        int c = ClassIndices.classes("input", input);
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        int n = input.shape().dim(0);
        if (target.shape().equals(input.shape())) {
            requireRange("target", target, 0, 1);
            if (labelSmoothing == 0) {
                return reduce(Ops.crossEntropy(input, target));
            }
            return reduce(Ops.crossEntropy(input, smoothed(target, n, c)));
        }
        if (target.shape().equals(Shape.of(n))) {
            if (labelSmoothing == 0) {
                return reduce(Ops.crossEntropy(input, ClassIndices.toInts(target, c)));
            }
            ClassIndices.check(target, c);
            return reduce(Ops.crossEntropy(input, spread(null, target, n, c)));
        }
        throw new IllegalArgumentException("target must be class probabilities of the input's shape " + input.shape()
                + " or class indices of shape " + Shape.of(n) + ", was " + target.shape());
    }

    /** Logits (N, C) against class indices in [0, C), one per sample. */
    public Var forward(Var logits, int[] labels) {
        int c = ClassIndices.classes("logits", logits);
        int n = logits.shape().dim(0);
        if (labelSmoothing == 0) {
            return reduce(Ops.crossEntropy(logits, labels)); // checks the labels
        }
        ClassIndices.check(labels, n, c);
        return reduce(Ops.crossEntropy(logits, spread(labels, null, n, c)));
    }

    /** One-hot rows smoothed: 1 − ε + ε/C at the class, ε/C elsewhere. */
    private Tensor spread(int[] labels, Tensor target, int n, int c) {
        float rest = (float) (labelSmoothing / c);
        float hit = (float) (1 - labelSmoothing + labelSmoothing / c);
        return ClassIndices.spread(labels, target, n, c, hit, rest);
    }

    /** (1 − ε)·t + ε/C, in workspace memory. */
    private Tensor smoothed(Tensor target, int n, int c) {
        Tensor out = Workspace.zeros(Shape.of(n, c));
        float[] d = out.data();
        float[] t = target.data();
        int o = target.offset();
        double keep = 1 - labelSmoothing;
        double add = labelSmoothing / c;
        for (int i = 0; i < n * c; i++) {
            d[i] = (float) (keep * t[o + i] + add);
        }
        return out;
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss(reduction=" + reduction() + ", labelSmoothing=" + labelSmoothing + ")";
    }
}
