package vecnet.nn;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/**
 * Batch normalization over the last (feature / NHWC channel) axis, shared by {@link BatchNorm1d} and
 * {@link BatchNorm2d}: one fused op, on the batch statistics in training ({@link Ops#batchNorm}) and on the
 * running ones in evaluation ({@link Ops#batchNormEval}). Running statistics use PyTorch's momentum convention and the
 * unbiased batch variance.
 */
abstract class BatchNorm extends Module {
    private final int features;
    private final double eps;
    private final double momentum;
    private final Var weight;
    private final Var bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    /** The last training batch's mean and biased variance, for the running statistics. */
    private final Tensor batchMean;
    private final Tensor batchVar;
    /** PyTorch's counter, kept so state dicts carry the same keys (float: exact up to 2^24 batches). */
    private final Tensor numBatchesTracked;

    BatchNorm(int features, double eps, double momentum) {
        Args.requirePositive("features", features);
        // eps is added in float32: it must stay a positive finite float there, or var + eps can be 0 or inf
        if (!((float) eps > 0 && (float) eps < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("eps must be > 0 and finite (as a float), was " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], was " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        Tensor ones = Tensor.zeros(features);
        ones.fill(1f);
        this.weight = registerParameter("weight", ones);
        this.bias = registerParameter("bias", Tensor.zeros(features));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(features));
        Tensor rv = Tensor.zeros(features);
        rv.fill(1f);
        this.runningVar = registerBuffer("running_var", rv);
        this.batchMean = Tensor.zeros(features);
        this.batchVar = Tensor.zeros(features);
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros());
    }

    abstract int expectedRank();

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    /** Features (BatchNorm1d) or channels (BatchNorm2d): the size of the last axis. */
    public int features() {
        return features;
    }

    public double eps() {
        return eps;
    }

    public double momentum() {
        return momentum;
    }

    /** γ, the per-feature scale. */
    public Var weight() {
        return weight;
    }

    /** β, the per-feature shift. */
    public Var bias() {
        return bias;
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        if (x.shape().rank() != expectedRank() || x.shape().dim(-1) != features) {
            throw new IllegalArgumentException("x must have rank " + expectedRank() + " with " + features
                    + " features in the last axis, shape was " + x.shape());
        }
        int rows = x.size() / features;
        Var y; // the ops take the channels-last tensor as it is: a reshape would copy the gradient back
        if (isTraining()) {
            if (rows < 2) {
                throw new IllegalArgumentException("BatchNorm in training needs more than one value per feature, shape was "
                        + x.shape());
            }
            y = Ops.batchNorm(x, weight, bias, eps, batchMean, batchVar);
            numBatchesTracked.data()[0] += 1;
            float unbias = (float) rows / (rows - 1);
            float m = (float) momentum;
            for (int j = 0; j < features; j++) {
                runningMean.data()[j] = (1 - m) * runningMean.data()[j] + m * batchMean.data()[j];
                runningVar.data()[j] = (1 - m) * runningVar.data()[j] + m * batchVar.data()[j] * unbias;
            }
        } else {
            y = Ops.batchNormEval(x, runningMean, runningVar, weight, bias, eps);
        }
        return y;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + features + ", eps=" + eps + ", momentum=" + momentum + ")";
    }
}
