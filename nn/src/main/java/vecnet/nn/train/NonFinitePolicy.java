package vecnet.nn.train;

/**
 * What {@link Trainer#fit} does when a loss or a gradient is NaN or infinite.
 *
 * <p>Thread safety: immutable: safe to share between threads.
 */
public enum NonFinitePolicy {
    /**
     * Throw {@link NonFiniteException}; nothing of the failing step is applied: the parameters are those
     * before it, and buffers its forward pass changed (batch-norm statistics) are put back.
     */
    THROW,
    /**
     * Stop training and restore the weights (and buffers, such as batch-norm statistics) of the last
     * completed epoch whose weights were finite, or the initial weights if no epoch completed.
     */
    STOP
}
