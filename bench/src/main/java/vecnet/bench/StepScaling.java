package vecnet.bench;

import java.util.Arrays;
import java.util.Locale;

import vecnet.core.Parallel;

/**
 * How a training step scales from 1 to 2 threads, measured in one JVM: after a 4 s warm-up it alternates
 * parallelism 1 and 2 on the same {@link TrainingStep#step}, {@code rounds} windows of 0.3 s each, and prints the
 * medians and the per-round ratio. Fresh JVMs on a shared 2-core machine differ by up to 2x from one another, so
 * a ratio of two JVMs says little; alternating in one JVM cancels that.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar vecnet.bench.StepScaling mlp 256 15</pre>
 */
public final class StepScaling {
    private static final long WARMUP_NANOS = 4_000_000_000L;
    private static final long WINDOW_NANOS = 300_000_000L;

    private StepScaling() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "mlp";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
        }
        Runnable step = TrainingStep.step(model, batch);
        int previous = Parallel.parallelism();
        long end = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < end) {
            step.run();
        }
        double[][] perSecond = new double[2][rounds];
        double[] ratio = new double[rounds];
        try {
            for (int i = 0; i < rounds; i++) {
                for (int t = 1; t <= 2; t++) {
                    Parallel.setParallelism(t);
                    step.run(); // the first step on a new thread count pays the hand-off set-up
                    int n = 0;
                    long s = System.nanoTime();
                    long e;
                    do {
                        step.run();
                        n++;
                        e = System.nanoTime();
                    } while (e - s < WINDOW_NANOS);
                    perSecond[t - 1][i] = n * (double) batch / ((e - s) / 1e9);
                }
                ratio[i] = perSecond[1][i] / perSecond[0][i];
            }
        } finally {
            Parallel.setParallelism(previous);
        }
        for (int t = 0; t < 2; t++) {
            double[] c = perSecond[t].clone();
            Arrays.sort(c);
            System.out.printf(Locale.ROOT, "%s b%d %d thread(s): median %.0f samples/s (min %.0f, max %.0f)%n", model,
                    batch, t + 1, c[rounds / 2], c[0], c[rounds - 1]);
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "%s b%d 2T/1T per round: median %.2f (min %.2f, max %.2f)%n", model, batch,
                ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
    }
}
