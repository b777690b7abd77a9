package vecnet.simd;

/**
 * The elementwise activation functions of {@link Simd#activate} and {@link Simd#activateBackward}. The
 * {@code param} argument of those methods is α for {@link #LEAKY_RELU} and {@link #ELU} and is ignored by
 * every other function. Derivatives at kinks follow PyTorch (stated per constant). Every forward
 * function maps NaN to NaN.
 *
 * <p>Softmax, log-softmax and maxout are not elementwise: see {@link Simd#softmaxRows},
 * {@link Simd#logSoftmaxRows} and {@link Simd#maxout}.
 *
 * <p>Thread safety: immutable: safe to share between threads.
 */
public enum Activation {
    /** {@code [x > 0]} (1 or 0). Derivative 0 everywhere: the step passes no gradient. */
    STEP,
    /** {@code x}. Derivative 1. */
    IDENTITY,
    /** {@code 1 / (1 + e^-x)}. Derivative {@code s (1 - s)}. */
    SIGMOID,
    /** {@code tanh x}. Derivative {@code 1 - tanh² x}. */
    TANH,
    /** {@code max(0, x)}. Derivative {@code [x > 0]} (0 at 0). */
    RELU,
    /** {@code x > 0 ? x : α x} (PyTorch default α = 0.01). Derivative {@code x > 0 ? 1 : α} (α at 0). */
    LEAKY_RELU,
    /** {@code x > 0 ? x : α (e^x - 1)}, computed with expm1. Derivative {@code x > 0 ? 1 : α e^x} (α at 0). */
    ELU,
    /** {@code λ ELU(x; α)} with the fixed constants {@link #SELU_LAMBDA} and {@link #SELU_ALPHA}. */
    SELU,
    /** SiLU (swish with β = 1): {@code x σ(x)}. Derivative {@code σ(x) (1 + x (1 - σ(x)))}. */
    SILU,
    /**
     * GELU, exact (PyTorch's default, {@code approximate='none'}): {@code x Φ(x)} with Φ the standard normal
     * distribution function, {@code Φ(x) = erfc(-x / √2) / 2}. Derivative {@code Φ(x) + x φ(x)}. The JDK has no
     * erf: the scalar path computes erfc in double (series and continued fraction), the vector path in float
     * from {@code exp(-z² + P(t))} (relative error about 1e-7 over the whole range, tails included).
     */
    GELU,
    /**
     * GELU in its tanh form (PyTorch {@code approximate='tanh'}):
     * {@code 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))}; it differs from {@link #GELU} by at most about 3e-4.
     */
    GELU_TANH,
    /**
     * {@code ln(1 + e^x)}, evaluated as {@code max(x, 0) + log1p(e^-|x|)} so it neither overflows for
     * large x nor loses precision for large negative x. Derivative {@code σ(x)}.
     */
    SOFTPLUS,
    /** PyTorch's hard sigmoid {@code clamp(x / 6 + 1/2, 0, 1)}. Derivative {@code -3 < x < 3 ? 1/6 : 0}. */
    HARD_SIGMOID;

    /** SELU's λ (Klambauer et al. 2017), as in PyTorch. */
    public static final float SELU_LAMBDA = 1.0507009873554804934193349852946f;
    /** SELU's α (Klambauer et al. 2017), as in PyTorch. */
    public static final float SELU_ALPHA = 1.6732632423543772848170429916717f;
}
