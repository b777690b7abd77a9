package vecnet.bench;

import java.util.SplittableRandom;

import vecnet.core.Parallel;
import vecnet.core.Tensor;
import vecnet.nn.Module;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;
import vecnet.nn.inference.Predictor;

/**
 * The runner's inference table: {@link Predictor#of} and {@link Predictor#frozen} (weights copied, Linear
 * weights packed for batch 1) on the MLP 784-256-128-10, LeNet-5 and the CNN, on 1 and 2 threads: batch-1
 * latency (µs per call), batch-256 throughput (samples/s), and bytes the calling thread allocates per call once
 * warm, beside a plain eval-mode {@code model.forward} (fresh arrays per call) for the same input.
 */
final class InferenceTable {
    /** PyTorch 1.13, one thread, AVX-512 machine (the service issue's figures): batch-1 µs, batch-256 samples/s. */
    private static final String PYTORCH_MLP = "31-42 µs / 190k";

    private InferenceTable() {
    }

    @SuppressWarnings("try")
    static void run(int samples, double sampleSeconds, double warmupSeconds, KernelTables.Recorder record) {
        int previous = Parallel.parallelism();
        Parallel.setParallelism(1);
        try {
            System.out.println();
            System.out.println("inference, median of " + samples + ": Predictor.of (compiled plan, caller's "
                    + "output buffer), Predictor.frozen (the same on packed weights) and plain model.forward in eval mode");
            System.out.printf("%-8s %6s %3s %14s %14s %14s %12s %12s %12s %16s%n", "model", "batch", "thr", "Predictor",
                    "frozen", "forward", "Pred B/call", "frz B/call", "fwd B/call", "PyTorch 1T *");
            for (String model : new String[] {"mlp", "lenet5", "cnn"}) {
                SplittableRandom r = new SplittableRandom(5);
                Module net = TrainingStep.model(model, r);
                int[] sample = TrainingStep.sampleShape(model);
                Predictor p = Predictor.of(net, sample);
                Predictor frozen = Predictor.frozen(net, sample);
                if (!p.compiled()) {
                    System.out.println(model + ": no compiled plan, the Predictor runs model.forward");
                }
                for (int batch : new int[] {1, 256}) {
                    float[] in = new float[batch * p.inputSize()];
                    for (int i = 0; i < in.length; i++) {
                        in[i] = (float) r.nextDouble();
                    }
                    float[] out = new float[batch * p.outputSize()];
                    int[] dims = new int[sample.length + 1];
                    dims[0] = batch;
                    System.arraycopy(sample, 0, dims, 1, sample.length);
                    Tensor x = Tensor.of(in, dims);
                    Runnable predict = () -> p.predict(in, 0, batch, out, 0);
                    Runnable predictFrozen = () -> frozen.predict(in, 0, batch, out, 0);
                    Runnable forward = () -> {
                        try (GradMode.Scope s = GradMode.noGrad()) {
                            net.forward(Var.constant(x));
                        }
                    };
                    // batch 1 is latency, batch 256 throughput; each also with a second thread splitting the
                    // large products (a service's choice: Parallel.setParallelism)
                    for (int threads : new int[] {1, 2}) {
                        Parallel.setParallelism(threads);
                        double[] rate = Measure.medians(new Measure.Contender[] {
                            new Measure.Contender(model + " predictor", predict, batch),
                            new Measure.Contender(model + " frozen", predictFrozen, batch),
                            new Measure.Contender(model + " forward", forward, batch)}, samples, sampleSeconds,
                                warmupSeconds);
                        double bp = Compare.allocatedBytesPerCall(predict);
                        double bz = Compare.allocatedBytesPerCall(predictFrozen);
                        double bf = Compare.allocatedBytesPerCall(forward);
                        String shape = "batch" + batch;
                        String peer = model.equals("mlp") ? PYTORCH_MLP.split(" / ")[batch == 1 ? 0 : 1] : "-";
                        if (batch == 1) {
                            double usP = 1e-3 / rate[0];
                            double usZ = 1e-3 / rate[1];
                            double usF = 1e-3 / rate[2];
                            record.record("infer", model, "predictor", shape, threads, "us_per_call", usP);
                            record.record("infer", model, "frozen", shape, threads, "us_per_call", usZ);
                            record.record("infer", model, "forward", shape, threads, "us_per_call", usF);
                            System.out.printf("%-8s %6d %3d %11.1f µs %11.1f µs %11.1f µs %12.0f %12.0f %12.0f %16s%n",
                                    model, batch, threads, usP, usZ, usF, bp, bz, bf, threads == 1 ? peer : "-");
                        } else {
                            record.record("infer", model, "predictor", shape, threads, "samples_per_s", rate[0] * 1e9);
                            record.record("infer", model, "frozen", shape, threads, "samples_per_s", rate[1] * 1e9);
                            record.record("infer", model, "forward", shape, threads, "samples_per_s", rate[2] * 1e9);
                            System.out.printf("%-8s %6d %3d %14.0f %14.0f %14.0f %12.0f %12.0f %12.0f %16s%n", model,
                                    batch, threads, rate[0] * 1e9, rate[1] * 1e9, rate[2] * 1e9, bp, bz, bf,
                                    threads == 1 ? peer : "-");
                        }
                        record.record("infer", model, "predictor", shape, threads, "alloc_bytes_per_call", bp);
                        record.record("infer", model, "frozen", shape, threads, "alloc_bytes_per_call", bz);
                        record.record("infer", model, "forward", shape, threads, "alloc_bytes_per_call", bf);
                    }
                    Parallel.setParallelism(1);
                }
            }
            System.out.println("batch 1: µs per call; batch 256: samples/s. * the service issue's PyTorch 1.13 figures"
                    + " (one Zen 4 core): another machine, for orientation only");
        } finally {
            Parallel.setParallelism(previous);
        }
    }
}
