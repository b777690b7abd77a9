package vecnet.nn.loss;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;

/**
 * Contrastive loss for pairs (Hadsell, Chopra, LeCun 2006): with d the Euclidean distance of a pair's
 * embeddings and label 1 for similar, 0 for dissimilar, y·d² + (1 − y)·max(0, margin − d)² (without the
 * ½). Similar pairs are pulled together, dissimilar ones pushed beyond the margin (default 1).
 * PyTorch has no loss of this form (its HingeEmbeddingLoss and CosineEmbeddingLoss differ).
 *
 * <p>Thread safety: immutable (final configuration only): one instance may serve any number of threads.
 */
public final class ContrastiveLoss extends ElementwiseLoss {
    /** Inside the square root so identical embeddings have a finite gradient (zero). */
    private static final double DIST_EPS = 1e-12;

    public ContrastiveLoss() {
        this(1.0, Reduction.MEAN);
    }

    public ContrastiveLoss(double margin, Reduction reduction) {
        super(PointwiseLoss.CONTRASTIVE, margin, 0, reduction);
        if (!(margin > 0 && margin < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("margin must be finite and > 0, was " + margin);
        }
    }

    @Override
    String targetName() {
        return "target (labels)";
    }

    /** {@link #forward(Var, Tensor)} takes distances (N) >= 0 of the pairs against labels (N) in {0, 1}. */
    @Override
    void requireValues(Var input, Tensor target) {
        requireEither(targetName(), target, 0f, 1f);
        requireRange("input (distances)", input.value(), 0, Double.POSITIVE_INFINITY);
    }

    /** Embeddings (N, D) of the pairs' two sides and labels (N) in {0, 1}; d is their Euclidean distance. */
    public Var forward(Var a, Var b, Tensor labels) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("a and b must not be null, were " + a + " and " + b);
        }
        if (a.shape().rank() != 2 || !a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("a and b must both be (N, D) of the same shape, were " + a.shape()
                    + " and " + b.shape());
        }
        // Checked here under this method's name: forward(d, labels) would call them the target.
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (labels.rank() != 1 || labels.dim(0) != a.shape().dim(0)) {
            throw new IllegalArgumentException("labels must have shape (" + a.shape().dim(0) + ",), was "
                    + labels.shape());
        }
        Var d = Ops.sqrt(Ops.addScalar(Ops.sumLastAxis(Ops.square(Ops.sub(a, b))), DIST_EPS));
        return forward(d, labels);
    }
}
