package vecnet.nn.autograd;

/**
 * The elementwise primitives: activations of the course table and the math ops the composed layers
 * and losses need. {@code f} is the value, {@code df} the derivative given input x, output y and the
 * op's parameter p. Computed in double, stored as float.
 */
enum Unary {
    /** [x > 0]; its derivative is 0 everywhere (taken as 0 at the jump), so it does not train. */
    STEP,
    IDENTITY,
    SIGMOID,
    TANH,
    RELU,
    /** max(p·x, x) for 0 <= p < 1. */
    LEAKY_RELU,
    /** x if x >= 0 else p·(e^x − 1). */
    ELU,
    SELU,
    /** Swish with β = 1: x·σ(x). */
    SILU,
    /** The tanh approximation 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))); the JDK has no erf. */
    GELU,
    /** ln(1 + e^x), linear above 20 as in PyTorch (same value to float precision, no overflow). */
    SOFTPLUS,
    /** clamp(x/6 + 1/2, 0, 1), PyTorch's definition. */
    HARD_SIGMOID,
    ABS,
    EXP,
    LOG,
    SQRT,
    /** x^p. */
    POW;

    static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double GELU_C = Math.sqrt(2.0 / Math.PI);
    private static final double GELU_K = 0.044715;

    double f(double x, double p) {
        switch (this) {
            case STEP: return x > 0 ? 1 : 0;
            case IDENTITY: return x;
            case SIGMOID: return sigmoid(x);
            case TANH: return Math.tanh(x);
            case RELU: return x > 0 ? x : 0;
            case LEAKY_RELU: return x > 0 ? x : p * x;
            case ELU: return x >= 0 ? x : p * Math.expm1(x);
            case SELU: return SELU_LAMBDA * (x >= 0 ? x : SELU_ALPHA * Math.expm1(x));
            case SILU: return x * sigmoid(x);
            case GELU: return 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_K * x * x * x)));
            case SOFTPLUS: return x > 20 ? x : Math.log1p(Math.exp(x));
            case HARD_SIGMOID: return Math.max(0, Math.min(1, x / 6 + 0.5));
            case ABS: return Math.abs(x);
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case SQRT: return Math.sqrt(x);
            case POW: return Math.pow(x, p);
            default: throw new AssertionError(this);
        }
    }

    double df(double x, double y, double p) {
        switch (this) {
            case STEP: return 0;
            case IDENTITY: return 1;
            case SIGMOID: return y * (1 - y);
            case TANH: return 1 - y * y;
            case RELU: return x > 0 ? 1 : 0;
            case LEAKY_RELU: return x > 0 ? 1 : p;
            case ELU: return x >= 0 ? 1 : y + p;
            case SELU: return x >= 0 ? SELU_LAMBDA : y + SELU_LAMBDA * SELU_ALPHA;
            case SILU: {
                double s = sigmoid(x);
                return s * (1 + x * (1 - s));
            }
            case GELU: {
                double t = Math.tanh(GELU_C * (x + GELU_K * x * x * x));
                return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * x * x);
            }
            case SOFTPLUS: return x > 20 ? 1 : sigmoid(x);
            case HARD_SIGMOID: return x > -3 && x < 3 ? 1.0 / 6 : 0;
            case ABS: return x > 0 ? 1 : x < 0 ? -1 : 0;
            case EXP: return y;
            case LOG: return 1 / x;
            case SQRT: return 0.5 / y;
            case POW: return p * Math.pow(x, p - 1);
            default: throw new AssertionError(this);
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
