package vecnet.spark;

import java.io.Serializable;

/**
 * What one partition returns from a round: the gradient of its batch (synchronous mode) or its
 * parameters after the local steps, its buffers, its optimizer state (local steps only), the summed
 * loss and correct predictions of its steps, its compute time, and, when a value was not finite, the
 * reason and the global step (1-based) instead of the numbers.
 */
record PartitionResult(int partition, float[] vector, float[] buffers, OptimizerSnapshot optimizer, double lossSum,
                       long correct, long computeNanos, String nonFinite, long nonFiniteStep)
        implements Serializable {
    static PartitionResult failed(int partition, long step, String reason, long nanos) {
        return new PartitionResult(partition, null, null, null, Double.NaN, 0, nanos, reason, step);
    }
}
