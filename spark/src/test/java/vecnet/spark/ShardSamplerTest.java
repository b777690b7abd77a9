package vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The visiting order of a shard: a permutation of (seed, epoch, partition), or shard order. */
class ShardSamplerTest {
    @Test
    void withoutShuffleTheOrderIsTheShardOrder() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, ShardSampler.order(5, false, 7, 3, 1));
        assertArrayEquals(new int[0], ShardSampler.order(0, true, 7, 0, 0));
    }

    @Test
    void shuffledOrdersArePermutationsThatDependOnSeedEpochAndPartitionOnly() {
        int[] a = ShardSampler.order(100, true, 1, 0, 0);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(ShardSampler.order(100, false, 0, 0, 0), sorted, "a permutation");
        assertArrayEquals(a, ShardSampler.order(100, true, 1, 0, 0), "reproducible");
        assertFalse(Arrays.equals(a, ShardSampler.order(100, true, 2, 0, 0)), "seed");
        assertFalse(Arrays.equals(a, ShardSampler.order(100, true, 1, 1, 0)), "epoch");
        assertFalse(Arrays.equals(a, ShardSampler.order(100, true, 1, 0, 1)), "partition");
    }

    @Test
    void negativeArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShardSampler.order(4, true, 0, -1, 0));
        assertEquals("size, epoch and partition must be >= 0, were 4, -1, 0", e.getMessage());
    }
}
