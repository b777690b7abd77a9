package vecnet.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import vecnet.core.Parallel;
import vecnet.nn.Module;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;
import vecnet.nn.train.BatchStats;
import vecnet.nn.train.Trainer;
import vecnet.nn.train.TrainingListener;
import vecnet.simd.Simd;

/**
 * Times the training examples' step (the same model, batch, loss, optimizer and {@link Trainer}) on random
 * inputs of the right shape, after {@link #WARMUP_STEPS} untimed steps. The examples run it in a child JVM
 * forced to the scalar kernels ({@code -Dvecnet.simd.impl=scalar}) to compare with their vector figure.
 */
public final class StepTimer {
    static final int WARMUP_STEPS = 3;

    private StepTimer() {
    }

    /** {@code model batch threads steps}; prints {@code kernels=... samples_per_s=...}. */
    public static void main(String[] args) {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: StepTimer MODEL BATCH THREADS STEPS, was " + args.length
                    + " arguments");
        }
        String model = args[0];
        int batch = Integer.parseInt(args[1]);
        Parallel.setParallelism(Integer.parseInt(args[2]));
        int steps = Integer.parseInt(args[3]);
        System.out.println("kernels=" + Simd.implementation() + " samples_per_s=" + samplesPerSecond(model, batch, steps));
    }

    static double samplesPerSecond(String name, int batch, int steps) {
        SplittableRandom r = new SplittableRandom(11);
        Module model = Models.byName(name, r);
        int[] shape = Models.sampleShape(name);
        int per = 1;
        for (int d : shape) {
            per *= d;
        }
        int n = (WARMUP_STEPS + steps) * batch;
        float[] x = new float[n * per];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        long[] at = new long[2];
        TrainingListener clock = new TrainingListener() {
            @Override
            public void onBatchEnd(BatchStats b) {
                if (b.step() == WARMUP_STEPS) {
                    at[0] = System.nanoTime();
                } else if (b.step() == WARMUP_STEPS + steps) {
                    at[1] = System.nanoTime();
                }
            }
        };
        new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3)).progress(false).listener(clock)
                .fit(new DataLoader(Dataset.ofClasses(x, shape, labels, 10), batch, false, 0, true));
        return (double) steps * batch * 1e9 / (at[1] - at[0]);
    }

    /** Runs {@link #main} in a child JVM on the scalar kernels and returns its samples/s. */
    static double scalarInChildJvm(String model, int batch, int threads, int steps)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
                "-Dvecnet.simd.impl=scalar", "-cp", System.getProperty("java.class.path"), StepTimer.class.getName(),
                model, Integer.toString(batch), Integer.toString(threads), Integer.toString(steps)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        int at = out.indexOf("samples_per_s=");
        if (code != 0 || at < 0 || !out.contains("kernels=scalar")) {
            throw new IllegalStateException("scalar comparison run failed (exit " + code + "):\n" + out);
        }
        return Double.parseDouble(out.substring(at + "samples_per_s=".length()).trim().split("\\s")[0]);
    }
}
