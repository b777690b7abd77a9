package vecnet.nn.train;

/**
 * Hooks into {@link Trainer#fit}: the start, the end of every batch, the end of every epoch (with the
 * validation figures) and the end. Every method has an empty default. A listener may call
 * {@link Trainer#requestStop()} to end training after the current batch. Listeners run on the training
 * thread, between steps: keep them cheap (the progress bar prints at most a few times a second).
 *
 * <p>Thread safety: implementations need not be thread-safe: {@link Trainer#fit} calls them on its own thread, one
 * call at a time; a listener that shares state with other threads synchronises it itself.
 */
public interface TrainingListener {
    /** Before the first batch; {@code plan} says what the trainer is about to do. */
    default void onTrainStart(Plan plan) {
    }

    /** After every optimizer step. */
    default void onBatchEnd(BatchStats batch) {
    }

    /** After every epoch and its validation. */
    default void onEpochEnd(EpochStats epoch) {
    }

    /** After the last epoch, or when training stopped early; {@code reason} says why it ended. */
    default void onTrainEnd(History history, StopReason reason) {
    }

    /**
     * What {@link Trainer#fit} will run.
     *
     * @param epochs          the epoch budget
     * @param batchesPerEpoch batches in one training epoch
     * @param samplesPerEpoch training samples in one epoch
     * @param maxSteps        the step budget ({@link Long#MAX_VALUE} if none)
     * @param hasValidation   whether a validation set is evaluated after each epoch
     */
    record Plan(int epochs, int batchesPerEpoch, long samplesPerEpoch, long maxSteps, boolean hasValidation) {
    }
}
