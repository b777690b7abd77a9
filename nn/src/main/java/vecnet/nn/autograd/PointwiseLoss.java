package vecnet.nn.autograd;

/**
 * Per-element loss terms l(x, t) of an input x (which takes the gradient) and a fixed target t, with
 * their derivative dl/dx beside them. Parameters p, q are named per kind. Formulas follow PyTorch where
 * PyTorch has the loss; all are written to stay finite for extreme inputs.
 *
 * <p>Thread safety: immutable: safe to share between threads.
 */
public enum PointwiseLoss {
    /** (x − t)². */
    SQUARED_ERROR,
    /** |x − t|. */
    ABSOLUTE_ERROR,
    /** p = δ: ½d² if |d| < δ else δ(|d| − ½δ), d = x − t. */
    HUBER,
    /** log(cosh(x − t)), computed as |d| + log1p(e^(−2|d|)) − ln 2 so large d cannot overflow. */
    LOG_COSH,
    /** x is a probability: −[t·log x + (1 − t)·log(1 − x)], logs clamped at −100 as in PyTorch. */
    BINARY_CROSS_ENTROPY,
    /** x is a logit: max(x, 0) − x·t + log1p(e^(−|x|)), stable for any x. */
    BINARY_CROSS_ENTROPY_WITH_LOGITS,
    /** x is a probability: −t·log x (log clamped at −100), one term of categorical cross-entropy. */
    CROSS_ENTROPY_TERM,
    /** t ∈ {−1, +1}: max(0, 1 − t·x). */
    HINGE,
    /** x = log q, t = p (probabilities): t·(log t − x), 0 where t = 0 (PyTorch's KLDivLoss). */
    KL_DIVERGENCE,
    /**
     * x is a logit, p = γ, q = α (α < 0 disables weighting): α_t·(1 − p_t)^γ·BCEWithLogits(x, t) with
     * p_t = σ(x)·t + (1 − σ(x))(1 − t), α_t = α·t + (1 − α)(1 − t) (Lin et al. 2017, torchvision's form).
     */
    FOCAL,
    /**
     * x = distance d ≥ 0 between a pair, t = 1 for a similar pair, 0 for a dissimilar one, p = margin:
     * t·d² + (1 − t)·max(0, margin − d)² (Hadsell, Chopra, LeCun 2006, without the ½).
     */
    CONTRASTIVE;

    private static final double LN2 = Math.log(2);
    private static final double LOG_CLAMP = -100;
    private static final double BCE_EPS = 1e-12;

    double value(double x, double t, double p, double q) {
        switch (this) {
            case SQUARED_ERROR: return (x - t) * (x - t);
            case ABSOLUTE_ERROR: return Math.abs(x - t);
            case HUBER: {
                double a = Math.abs(x - t);
                return a < p ? 0.5 * a * a : p * (a - 0.5 * p);
            }
            case LOG_COSH: {
                double a = Math.abs(x - t);
                return a + Math.log1p(Math.exp(-2 * a)) - LN2;
            }
            case BINARY_CROSS_ENTROPY: {
                double lx = Math.max(Math.log(x), LOG_CLAMP);
                double l1x = Math.max(Math.log1p(-x), LOG_CLAMP);
                return -(t * lx + (1 - t) * l1x);
            }
            case BINARY_CROSS_ENTROPY_WITH_LOGITS: return bceLogits(x, t);
            case CROSS_ENTROPY_TERM: return t == 0 ? 0 : -t * Math.max(Math.log(x), LOG_CLAMP);
            case HINGE: return Math.max(0, 1 - t * x);
            case KL_DIVERGENCE: return t > 0 ? t * (Math.log(t) - x) : 0;
            case FOCAL: {
                double s = Unary.sigmoid(x);
                double pt = s * t + (1 - s) * (1 - t);
                double w = q < 0 ? 1 : q * t + (1 - q) * (1 - t);
                return w * Math.pow(1 - pt, p) * bceLogits(x, t);
            }
            case CONTRASTIVE: {
                double m = Math.max(0, p - x);
                return t * x * x + (1 - t) * m * m;
            }
            default: throw new AssertionError(this);
        }
    }

    double derivative(double x, double t, double p, double q) {
        switch (this) {
            case SQUARED_ERROR: return 2 * (x - t);
            case ABSOLUTE_ERROR: return Math.signum(x - t);
            case HUBER: {
                double d = x - t;
                return Math.abs(d) < p ? d : p * Math.signum(d);
            }
            case LOG_COSH: return Math.tanh(x - t);
            case BINARY_CROSS_ENTROPY: return (x - t) / Math.max(x * (1 - x), BCE_EPS);
            case BINARY_CROSS_ENTROPY_WITH_LOGITS: return Unary.sigmoid(x) - t;
            case CROSS_ENTROPY_TERM: return -t / Math.max(x, BCE_EPS);
            case HINGE: return 1 - t * x > 0 ? -t : 0;
            case KL_DIVERGENCE: return -t;
            case FOCAL: {
                double s = Unary.sigmoid(x);
                double pt = s * t + (1 - s) * (1 - t);
                double w = q < 0 ? 1 : q * t + (1 - q) * (1 - t);
                double ce = bceLogits(x, t);
                double om = 1 - pt;
                double mod = Math.pow(om, p);
                // d(1 − p_t)^γ/dx = −γ(1 − p_t)^(γ−1)·(2t − 1)·σ(1 − σ); zero when 1 − p_t = 0 (the limit for γ ≥ 1)
                double dmod = p == 0 || om <= 0 ? 0 : -p * Math.pow(om, p - 1) * (2 * t - 1) * s * (1 - s);
                return w * ((s - t) * mod + ce * dmod);
            }
            case CONTRASTIVE: {
                double m = Math.max(0, p - x);
                return 2 * t * x - 2 * (1 - t) * m;
            }
            default: throw new AssertionError(this);
        }
    }

    private static double bceLogits(double x, double t) {
        return Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
