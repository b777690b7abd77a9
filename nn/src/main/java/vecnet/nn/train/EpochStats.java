package vecnet.nn.train;

/**
 * What one epoch of training measured. Fields that do not apply are {@code NaN}: accuracies for a
 * non-classification loss, the validation figures when there is no validation set.
 *
 * <p>Thread safety: immutable: safe to share between threads.
 *
 * @param epoch            1-based epoch number
 * @param steps            optimizer steps taken since training started, this epoch included
 * @param trainLoss        mean training loss over the epoch's samples (as computed during training)
 * @param trainAccuracy    fraction of training samples classified right during the epoch
 * @param valLoss          mean validation loss after the epoch (model in eval mode)
 * @param valAccuracy      validation accuracy after the epoch
 * @param lr               learning rate of the first parameter group during the epoch
 * @param seconds          wall time of the epoch's training (validation excluded)
 * @param samplesPerSecond training samples per second of wall time in the epoch
 */
public record EpochStats(int epoch, long steps, double trainLoss, double trainAccuracy, double valLoss,
                         double valAccuracy, double lr, double seconds, double samplesPerSecond) {
}
