package vecnet.spark;

/**
 * Where a Spark training run's time went: per synchronisation round, the wall time of the Spark job
 * (broadcast, scheduling, tasks, results) and the compute time of its slowest partition; their
 * difference is the synchronisation overhead that local steps amortise.
 */
public record RoundTiming(long rounds, long steps, double wallSeconds, double computeSeconds) {
    /** Wall time per round minus compute time per round, in milliseconds. */
    public double overheadMillisPerRound() {
        return rounds == 0 ? Double.NaN : 1e3 * (wallSeconds - computeSeconds) / rounds;
    }

    /** Compute time of the slowest partition per step, in milliseconds. */
    public double computeMillisPerStep() {
        return steps == 0 ? Double.NaN : 1e3 * computeSeconds / steps;
    }

    RoundTiming plus(long steps, long wallNanos, long computeNanos) {
        return new RoundTiming(rounds + 1, this.steps + steps, wallSeconds + wallNanos / 1e9,
                computeSeconds + computeNanos / 1e9);
    }
}
