package vecnet.nn.loss;

/**
 * How per-element (or per-sample) losses become the result, as PyTorch's {@code reduction}.
 *
 * <p>Thread safety: immutable: safe to share between threads.
 */
public enum Reduction {
    /** The average: over all elements for elementwise losses, over samples for per-sample ones. */
    MEAN,
    SUM,
    /**
     * The sum divided by the batch size (the first dimension), PyTorch's {@code 'batchmean'}: for
     * {@link KLDivLoss} the true mean KL divergence per sample, which MEAN (over every element) is not.
     */
    BATCH_MEAN,
    /** The unreduced losses. */
    NONE
}
