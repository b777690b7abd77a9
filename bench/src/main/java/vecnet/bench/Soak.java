package vecnet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

import vecnet.core.Parallel;
import vecnet.simd.Simd;

/**
 * The service issue's soak: {@code steps} training steps of {@link TrainingStep#trainerEpoch} (the Trainer over
 * 16 shuffled batches per call) on one model, printing every tenth of the run the heap in use after a GC, the
 * bytes the training thread allocated per step, and the steps per second; ends with the heap growth from the
 * first checkpoint to the last (flat means no leak: workspaces, optimizer state and the tape are reused).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar vecnet.bench.Soak mlp 64 20000</pre>
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "mlp";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        if (args.length > 3) {
            Parallel.setParallelism(Integer.parseInt(args[3]));
        }
        if (!model.equals("mlp") && !model.equals("lenet5") && !model.equals("lstm")) {
            throw new IllegalArgumentException("model must be mlp, lenet5 or lstm, was '" + model + "'");
        }
        if (steps < TrainingStep.TRAINER_BATCHES * 10) {
            throw new IllegalArgumentException("steps must be >= " + TrainingStep.TRAINER_BATCHES * 10 + ", was " + steps);
        }
        Runnable epoch = TrainingStep.trainerEpoch(model, batch);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        int calls = steps / TrainingStep.TRAINER_BATCHES;
        int every = calls / 10;
        System.out.printf(Locale.ROOT, "soak: %s batch %d, %d steps (Trainer.fit over %d batches per call), kernels %s, "
                + "%d thread(s)%n", model, batch, calls * TrainingStep.TRAINER_BATCHES, TrainingStep.TRAINER_BATCHES,
                Simd.implementation(), Parallel.parallelism());
        long firstHeap = -1;
        long lastHeap = 0;
        long bytes0 = threads.getThreadAllocatedBytes(id);
        long t0 = System.nanoTime();
        for (int c = 1; c <= calls; c++) {
            epoch.run();
            if (c % every == 0) {
                long bytes = threads.getThreadAllocatedBytes(id);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.gc();
                long heap = memory.getHeapMemoryUsage().getUsed();
                if (firstHeap < 0) {
                    firstHeap = heap;
                }
                lastHeap = heap;
                System.out.printf(Locale.ROOT, "step %6d: heap after GC %6.1f MiB, %,8.0f B/step, %,7.0f steps/s%n",
                        c * TrainingStep.TRAINER_BATCHES, heap / 1048576.0,
                        (bytes - bytes0) / (double) (every * TrainingStep.TRAINER_BATCHES),
                        every * TrainingStep.TRAINER_BATCHES / seconds);
                bytes0 = threads.getThreadAllocatedBytes(id);
                t0 = System.nanoTime();
            }
        }
        System.out.printf(Locale.ROOT, "heap after GC: first checkpoint %.1f MiB, last %.1f MiB (%+.1f MiB)%n",
                firstHeap / 1048576.0, lastHeap / 1048576.0, (lastHeap - firstHeap) / 1048576.0);
    }
}
