package vecnet.bench;

import java.util.Arrays;

/**
 * Wall-clock sampling for the comparison runner: warm up, then samples of at least a minimum duration
 * each, interleaved across the contenders of one row so that machine noise hits them alike. Figures
 * are medians; only ratios within one run are meant to be compared.
 */
final class Measure {
    private Measure() {
    }

    /** Something to time; {@code work} is the number of units (flops, bytes) one call performs. */
    record Contender(String name, Runnable call, double work) {
    }

    /**
     * Runs every contender for {@code warmupSeconds}, then takes {@code samples} rounds, each timing
     * every contender once for at least {@code minSampleSeconds}; returns the median units per
     * nanosecond (GFLOP/s for flops) of each contender, in order.
     */
    static double[] medians(Contender[] cs, int samples, double minSampleSeconds, double warmupSeconds) {
        for (Contender c : cs) {
            runFor(c.call(), warmupSeconds);
        }
        double[][] rates = new double[cs.length][samples];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < cs.length; i++) {
                long t0 = System.nanoTime();
                long reps = runFor(cs[i].call(), minSampleSeconds);
                long t = System.nanoTime() - t0;
                rates[i][s] = cs[i].work() * reps / t;
            }
        }
        double[] med = new double[cs.length];
        for (int i = 0; i < cs.length; i++) {
            med[i] = median(rates[i]);
        }
        return med;
    }

    /** Calls {@code r} until {@code seconds} have passed (at least once); returns the call count. */
    static long runFor(Runnable r, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long reps = 0;
        do {
            r.run();
            reps++;
        } while (System.nanoTime() < end);
        return reps;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
