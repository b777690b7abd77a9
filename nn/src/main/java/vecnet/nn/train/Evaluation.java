package vecnet.nn.train;

/**
 * A model's figures on a data set in eval mode.
 *
 * <p>Thread safety: the fields are final, but {@link ConfusionMatrix} is mutable and not thread-safe: share an
 * evaluation between threads only for reading.
 *
 * @param loss      mean loss per sample
 * @param accuracy  fraction classified right ({@code NaN} when the data set has no classes)
 * @param samples   samples evaluated
 * @param confusion counts of (actual, predicted) classes, or {@code null} when the data set has no classes
 */
public record Evaluation(double loss, double accuracy, int samples, ConfusionMatrix confusion) {
}
