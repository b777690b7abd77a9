package vecnet.nn.train;

/**
 * What one optimizer step measured.
 *
 * <p>Thread safety: immutable: safe to share between threads.
 *
 * @param epoch           1-based epoch number
 * @param batch           1-based batch number within the epoch
 * @param batchesPerEpoch batches in the epoch
 * @param step            optimizer steps since training started, this one included
 * @param loss            this batch's loss (per sample, whatever the loss's reduction)
 * @param size            samples in this batch
 * @param epochSamples    samples trained on in this epoch so far, this batch included
 * @param epochNanos      wall time of this epoch so far
 */
public record BatchStats(int epoch, int batch, int batchesPerEpoch, long step, double loss, int size,
                         long epochSamples, long epochNanos) {
    /** Training samples per second of wall time in this epoch so far. */
    public double samplesPerSecond() {
        return epochNanos > 0 ? epochSamples * 1e9 / epochNanos : 0;
    }
}
