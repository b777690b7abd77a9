package vecnet.nn;

/** Argument checks the layers share; each names the argument, the rule and the value it got. */
final class Args {
    private Args() {
    }

    static <T> T requireNonNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    static int requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
        return value;
    }

    static double requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, was " + value);
        }
        return value;
    }

    /** The product of sizes, which must stay an int (it sizes a tensor or an index). */
    static int product(String what, int... factors) {
        long p = 1;
        for (int f : factors) {
            p *= f; // each factor is at most Integer.MAX_VALUE and p at most that squared: no long overflow
            if (p > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " exceeds Integer.MAX_VALUE");
            }
        }
        return (int) p;
    }
}
