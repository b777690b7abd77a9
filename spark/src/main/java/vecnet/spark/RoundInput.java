package vecnet.spark;

import java.io.Serializable;

/**
 * What one synchronisation broadcasts: the driver's flat state (parameters and buffers), the optimizer
 * state for local steps ({@code null} in synchronous mode), and which global steps the round covers.
 */
record RoundInput(float[] state, OptimizerSnapshot optimizer, long firstStep, int steps, int stepsPerEpoch,
                  int localBatch, boolean shuffle, long seed) implements Serializable {
}
