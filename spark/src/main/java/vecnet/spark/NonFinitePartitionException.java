package vecnet.spark;

/**
 * A NaN or infinite loss, gradient or weight in one partition of a Spark training step: the message
 * names the partition, the global step and what was not finite (the batch's inputs, the loss or a
 * parameter's gradient by its dotted name).
 */
public final class NonFinitePartitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final long step;

    NonFinitePartitionException(String message, int partition, long step) {
        super(message);
        this.partition = partition;
        this.step = step;
    }

    /** The partition whose result was not finite. */
    public int partition() {
        return partition;
    }

    /** The global step (1-based, counted from the start of training) at which it happened. */
    public long step() {
        return step;
    }
}
