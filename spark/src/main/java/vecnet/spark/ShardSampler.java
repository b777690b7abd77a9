package vecnet.spark;

import java.util.SplittableRandom;

/**
 * Which samples of its shard a partition uses at each step: epoch {@code e} visits the shard in a
 * permutation that depends only on (seed, epoch, partition), or in shard order without shuffling; step
 * {@code i} of the epoch takes positions {@code [i * b, (i + 1) * b)} of it. Public so a single-machine
 * run can replay exactly the batches a Spark run used.
 */
public final class ShardSampler {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private ShardSampler() {
    }

    /** The visiting order of a shard of {@code size} samples in {@code epoch} (0-based). */
    public static int[] order(int size, boolean shuffle, long seed, int epoch, int partition) {
        if (size < 0 || epoch < 0 || partition < 0) {
            throw new IllegalArgumentException("size, epoch and partition must be >= 0, were " + size + ", " + epoch
                    + ", " + partition);
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            // mixed, not added: nearby SplittableRandom seeds give related sequences
            long s = mix64(mix64(mix64(seed) + GOLDEN_GAMMA * (epoch + 1L)) + GOLDEN_GAMMA * (partition + 1L));
            SplittableRandom rng = new SplittableRandom(s);
            for (int i = size - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The SplitMix64 finalizer. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
