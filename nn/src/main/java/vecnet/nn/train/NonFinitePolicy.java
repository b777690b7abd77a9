package vecnet.nn.train;

/** What {@link Trainer#fit} does when a loss or a gradient is NaN or infinite. */
public enum NonFinitePolicy {
    /** Throw {@link NonFiniteException}; the model keeps the weights of the failing step. */
    THROW,
    /**
     * Stop training and restore the weights (and buffers, such as batch-norm statistics) of the last
     * completed epoch whose weights were finite, or the initial weights if no epoch completed.
     */
    STOP
}
