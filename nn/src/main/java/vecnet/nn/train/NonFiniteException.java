package vecnet.nn.train;

/**
 * A NaN or infinite loss or gradient in training. The message names the epoch, the step and the first
 * parameter (by its dotted name, e.g. {@code 0.weight}) whose values or gradient are not finite, or says
 * that the batch's inputs were.
 *
 * <p>Thread safety: its fields are final: safe to read from any thread.
 */
public final class NonFiniteException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final long step;
    private final String parameter;

    NonFiniteException(String message, int epoch, long step, String parameter) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.parameter = parameter;
    }

    /** 1-based epoch of the failing step. */
    public int epoch() {
        return epoch;
    }

    /** The failing step (1-based, counted from the start of training). */
    public long step() {
        return step;
    }

    /** The first parameter found with non-finite values or gradient, or {@code null} if none was. */
    public String parameter() {
        return parameter;
    }
}
