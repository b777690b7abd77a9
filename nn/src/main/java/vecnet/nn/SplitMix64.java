package vecnet.nn;

/**
 * The sequence of {@code new SplittableRandom(seed).nextDouble()}, with its state readable and settable, so a
 * checkpoint can resume a layer's random stream where it stopped ({@code SplittableRandom} hides its state).
 * SplitMix64 with the golden gamma and Stafford's mix13, as the JDK's class; {@code SplitMix64Test} checks that
 * both give the same numbers.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    double nextDouble() {
        return (mix64(state += GOLDEN_GAMMA) >>> 11) * DOUBLE_UNIT;
    }

    long state() {
        return state;
    }

    void setState(long state) {
        this.state = state;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
