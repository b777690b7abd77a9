package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * Soft Dice loss for segmentation, per sample: 1 − (2·Σ p·t + s) / (Σ p + Σ t + s) over all of a
 * sample's elements, then reduced over the batch. Input: probabilities (N, ...); target: masks in
 * [0, 1] of the same shape; s (smoothing, default 1) keeps empty masks finite.
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class DiceLoss extends Loss {
    private final double smooth;

    public DiceLoss() {
        this(1.0, Reduction.MEAN);
    }

    public DiceLoss(double smooth, Reduction reduction) {
        super(reduction);
        if (!(smooth >= 0 && smooth < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("smooth must be finite and >= 0, was " + smooth);
        }
        this.smooth = smooth;
    }

    @Override
    public Var forward(Var input, Tensor target) {
        requireShape("target", target, input);
        if (input.shape().rank() < 1 || input.shape().dim(0) == 0) {
            throw new IllegalArgumentException("input must be (N, ...) with N >= 1, shape was " + input.shape());
        }
        requireRange("target", target, 0, 1);
        int n = input.shape().dim(0);
        Var p = Ops.reshape(input, n, -1);
        Var t = Var.constant(target.reshape(n, -1));
        Var overlap = Ops.sumLastAxis(Ops.mul(p, t));
        Var total = Ops.add(Ops.sumLastAxis(p), Ops.sumLastAxis(t));
        Var dice = Ops.div(Ops.addScalar(Ops.scale(overlap, 2), smooth), Ops.addScalar(total, smooth));
        return reduce(Ops.addScalar(Ops.neg(dice), 1));
    }
}
