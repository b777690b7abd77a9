package vecnet.nn.autograd;

import vecnet.simd.Activation;

/**
 * The elementwise primitives: activations of the course table and the math ops the composed layers
 * and losses need. The activations run on the simd module's kernels ({@link #kernel()}, with the op's
 * parameter p as the kernel's α); the math ops on {@code f} (the value) and {@code df} (the derivative
 * given input x, output y and parameter p), computed in double and stored as float.
 */
enum Unary {
    /** [x > 0]; its derivative is 0 everywhere (taken as 0 at the jump), so it does not train. */
    STEP(Activation.STEP),
    IDENTITY(Activation.IDENTITY),
    SIGMOID(Activation.SIGMOID),
    TANH(Activation.TANH),
    RELU(Activation.RELU),
    /** max(p·x, x) for 0 <= p < 1; derivative p at 0. */
    LEAKY_RELU(Activation.LEAKY_RELU),
    /** x if x > 0 else p·(e^x − 1); derivative p at 0, as in PyTorch. */
    ELU(Activation.ELU),
    /** λ·ELU(x; α) with PyTorch's constants; derivative λ·α at 0. */
    SELU(Activation.SELU),
    /** SiLU (swish with β = 1): x·σ(x). */
    SILU(Activation.SILU),
    /** The tanh approximation 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))); the JDK has no erf. */
    GELU(Activation.GELU),
    /** ln(1 + e^x), computed as max(x, 0) + log1p(e^−|x|) (no overflow, no loss for large −x). */
    SOFTPLUS(Activation.SOFTPLUS),
    /** clamp(x/6 + 1/2, 0, 1), PyTorch's definition. */
    HARD_SIGMOID(Activation.HARD_SIGMOID),
    ABS(null),
    EXP(null),
    LOG(null),
    SQRT(null),
    /** x^p. */
    POW(null);

    private final Activation kernel;

    Unary(Activation kernel) {
        this.kernel = kernel;
    }

    /** The simd activation computing this op, or null for the math ops computed by {@link #f}/{@link #df}. */
    Activation kernel() {
        return kernel;
    }

    double f(double x, double p) {
        switch (this) {
            case ABS: return Math.abs(x);
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case SQRT: return Math.sqrt(x);
            case POW: return Math.pow(x, p);
            default: throw new AssertionError(this + " runs on Simd.activate");
        }
    }

    double df(double x, double y, double p) {
        switch (this) {
            case ABS: return x > 0 ? 1 : x < 0 ? -1 : 0;
            case EXP: return y;
            case LOG: return 1 / x;
            case SQRT: return 0.5 / y;
            case POW: return p * Math.pow(x, p - 1);
            default: throw new AssertionError(this + " runs on Simd.activateBackward");
        }
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
