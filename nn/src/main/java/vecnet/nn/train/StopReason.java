package vecnet.nn.train;

/**
 * Why {@link Trainer#fit} returned.
 *
 * <p>Thread safety: immutable: safe to share between threads.
 */
public enum StopReason {
    /** Every epoch of the budget ran. */
    EPOCHS_DONE,
    /** The step budget ({@link Trainer#maxSteps}) was reached. */
    MAX_STEPS,
    /** An epoch's training loss fell below {@link Trainer#stopWhenLossBelow}. */
    LOSS_THRESHOLD,
    /** The monitored validation figure stopped improving ({@link Trainer#earlyStopping}). */
    EARLY_STOPPING,
    /** A listener called {@link Trainer#requestStop()}. */
    REQUESTED,
    /** A loss or gradient was NaN or infinite and the policy was {@link NonFinitePolicy#STOP}. */
    NON_FINITE
}
