package vecnet.nn.loss;

/** How per-element (or per-sample) losses become the result, as PyTorch's {@code reduction}. */
public enum Reduction {
    /** The average: over all elements for elementwise losses, over samples for per-sample ones. */
    MEAN,
    SUM,
    /** The unreduced losses. */
    NONE
}
