package vecnet.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import vecnet.core.Parallel;
import vecnet.simd.Simd;

/**
 * What a fresh JVM's first seconds of training look like: runs {@link TrainingStep#step} of a model from
 * the JVM's start for a number of seconds and prints, per half second, the steps' samples/s and the bytes
 * the training thread allocated per step (the Vector API's Java fallback allocates a vector object per
 * operation until C2 compiles a kernel). Ends with the time from JVM start until the rate first reached
 * 90% of the last second's, and the step from which allocation stayed under 64 KB per step.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar vecnet.bench.ColdStart lenet5 64 20</pre>
 */
public final class ColdStart {
    /** A step counts as allocation-free (steady state: only the tape's small objects) below this. */
    static final long STEADY_BYTES = 64 * 1024;

    private ColdStart() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "lenet5";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        if (args.length > 3) {
            Parallel.setParallelism(Integer.parseInt(args[3]));
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        Runnable step = TrainingStep.step(model, batch);
        double startUptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        long start = System.nanoTime();
        long windowStart = start;
        long windowAlloc = mx.getThreadAllocatedBytes(tid);
        int windowSteps = 0;
        long steps = 0;
        long lastHeavyStep = 0;
        int windows = (int) Math.ceil(seconds * 2);
        double[] rate = new double[windows];
        double[] at = new double[windows];
        int w = 0;
        System.out.println("kernels=" + Simd.implementation() + " threads=" + Parallel.parallelism() + " model=" + model
                + " batch=" + batch + "; JVM uptime at the first step " + Math.round(startUptime * 1000) + " ms");
        System.out.println("   t(s)  samples/s  KB/step");
        while (w < windows) {
            long a0 = mx.getThreadAllocatedBytes(tid);
            step.run();
            long a1 = mx.getThreadAllocatedBytes(tid);
            steps++;
            windowSteps++;
            if (a1 - a0 > STEADY_BYTES) {
                lastHeavyStep = steps;
            }
            long now = System.nanoTime();
            if (now - windowStart >= 500_000_000L) {
                rate[w] = windowSteps * (double) batch * 1e9 / (now - windowStart);
                at[w] = (now - start) / 1e9;
                System.out.printf(Locale.ROOT, "%7.1f %10.0f %8.0f%n", at[w], rate[w],
                        (a1 - windowAlloc) / 1024.0 / windowSteps);
                windowStart = now;
                windowAlloc = a1;
                windowSteps = 0;
                w++;
            }
        }
        double last = (rate[windows - 1] + rate[windows - 2]) / 2;
        double reached = Double.NaN;
        for (int i = 0; i < windows; i++) {
            if (rate[i] >= 0.9 * last) {
                reached = at[i];
                break;
            }
        }
        System.out.printf(Locale.ROOT, "final %.0f samples/s; 90%% of it first at %.1f s of training (%.1f s after JVM"
                        + " start); steps allocating > 64 KB: the last was step %d of %d%n", last, reached,
                reached + startUptime,
                lastHeavyStep, steps);
    }
}
