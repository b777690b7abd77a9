package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SplitMix64Test {
    @Test
    void sameNumbersAsSplittableRandomAndResumable() {
        for (long seed : new long[] {0, 1, 5, -7, Long.MAX_VALUE}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            SplitMix64 ours = new SplitMix64(seed);
            long mid = 0;
            double[] tail = new double[1000];
            for (int i = 0; i < 100_000; i++) {
                if (i == 50_000) {
                    mid = ours.state();
                }
                double d = jdk.nextDouble();
                assertEquals(d, ours.nextDouble(), 0.0, "seed " + seed + " draw " + i);
                if (i >= 50_000 && i < 51_000) {
                    tail[i - 50_000] = d;
                }
            }
            SplitMix64 resumed = new SplitMix64(12345);
            resumed.setState(mid);
            for (double d : tail) {
                assertEquals(d, resumed.nextDouble(), 0.0, "resumed at draw 50000, seed " + seed);
            }
        }
    }
}
