package vecnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import vecnet.core.Parallel;
import vecnet.core.Tensor;
import vecnet.examples.Models;
import vecnet.nn.Conv2d;
import vecnet.nn.Flatten;
import vecnet.nn.Linear;
import vecnet.nn.MaxPool2d;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;
import vecnet.nn.data.Batch;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.nn.train.Trainer;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;
import vecnet.simd.Simd;

/**
 * Training-step throughput (samples/s) of the reference models of {@code anchors.md} on synthetic
 * MNIST-shaped data: Adam (lr 1e-3), softmax cross-entropy, a reused {@link Workspace} (steady state).
 * Runs in-process for the active kernels; {@link #main} lets the comparison runner start the same
 * measurement in a child JVM forced to the scalar kernels, as the same-run baseline.
 */
final class TrainingStep {
    private TrainingStep() {
    }

    /**
     * The anchors' CNN (the performance issue's): conv 1→32 3x3 pad 1, conv 32→64 3x3 pad 1, max-pool 2,
     * 12544→128, 128→10, ReLU after each but the last. Input (batch, 28, 28, 1).
     */
    static Sequential cnn(SplittableRandom r) {
        return new Sequential(new Conv2d(1, 32, 3, 3, 1, 1, true, r), new ReLU(), new Conv2d(32, 64, 3, 3, 1, 1, true, r),
                new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(12544, 128, true, r), new ReLU(),
                new Linear(128, 10, true, r));
    }

    /**
     * The model by name: "mlp", "lenet5", "cnn" or "lstm"; all but the anchors' CNN are the examples' own
     * ({@link Models}: MLP 784-256-128-10, LeNet-5, LSTM(28, 128) with a 128-10 classifier).
     */
    static Module model(String model, SplittableRandom r) {
        switch (model) {
            case "mlp": return Models.mlp(r);
            case "lenet5": return Models.lenet5(r);
            case "cnn": return cnn(r);
            case "lstm": return Models.lstm(r);
            default: throw new IllegalArgumentException("model must be mlp, lenet5, cnn or lstm, was '" + model + "'");
        }
    }

    /** One sample's input shape for {@link #model}. */
    static int[] sampleShape(String model) {
        return model.equals("mlp") ? new int[] {784} : model.equals("lstm") ? new int[] {28, 28}
                : new int[] {28, 28, 1};
    }

    private static Tensor batchOf(String model, int batch) {
        int[] s = sampleShape(model);
        int[] dims = new int[s.length + 1];
        dims[0] = batch;
        System.arraycopy(s, 0, dims, 1, s.length);
        return Tensor.zeros(dims);
    }

    /**
     * One steady-state training step of {@code model} ("mlp", "lenet5" or "lstm") at {@code batch}, on
     * fixed synthetic inputs: forward, loss, backward and the Adam update inside a reused workspace scope.
     */
    @SuppressWarnings("try")
    static Runnable step(String model, int batch) {
        SplittableRandom r = new SplittableRandom(17);
        Module net = model(model, r);
        Tensor x = batchOf(model, batch);
        float[] xd = x.data();
        for (int i = 0; i < xd.length; i++) {
            xd[i] = (float) r.nextDouble();
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        Adam opt = new Adam(net.parameters(), 1e-3);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Workspace ws = new Workspace();
        Var input = Var.constant(x);
        return () -> {
            try (Workspace.Scope s = ws.open()) {
                opt.zeroGrad();
                Var loss = ce.forward(net.forward(input), labels);
                loss.backward();
                opt.step();
            }
        };
    }

    /** Batches per call of {@link #trainerEpoch} and {@link #loopEpoch}. */
    static final int TRAINER_BATCHES = 16;

    /** {@link #TRAINER_BATCHES} shuffled batches of synthetic data for {@code model}, the same for every caller. */
    private static DataLoader syntheticLoader(String model, int batch) {
        SplittableRandom r = new SplittableRandom(29);
        int[] sample = sampleShape(model);
        int n = batch * TRAINER_BATCHES;
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        return new DataLoader(Dataset.ofClasses(x, sample, labels, 10), batch, true, 3, false);
    }

    /**
     * One epoch of {@link Trainer#fit} over {@link #syntheticLoader}: the same model, loss and optimizer as
     * {@link #step}, plus what the loop adds (the loss value, accuracy, listeners, per-batch-size workspaces), with
     * the progress output off.
     */
    static Runnable trainerEpoch(String model, int batch) {
        SplittableRandom r = new SplittableRandom(17);
        Module net = model(model, r);
        Trainer trainer = new Trainer(net, new CrossEntropyLoss(), new Adam(net.parameters(), 1e-3)).progress(false);
        DataLoader loader = syntheticLoader(model, batch);
        return () -> trainer.fit(loader);
    }

    /**
     * The loop a user writes by hand over the same batches as {@link #trainerEpoch}: gather a batch, one
     * workspace scope, zero, forward, loss, backward, step. Trainer against this is the cost of the Trainer
     * alone; against {@link #step} it also includes moving 16 different batches through the cache.
     */
    @SuppressWarnings("try")
    static Runnable loopEpoch(String model, int batch) {
        SplittableRandom r = new SplittableRandom(17);
        Module net = model(model, r);
        Adam opt = new Adam(net.parameters(), 1e-3);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Workspace ws = new Workspace();
        DataLoader loader = syntheticLoader(model, batch);
        return () -> {
            for (Batch b : loader) {
                try (Workspace.Scope s = ws.open()) {
                    opt.zeroGrad();
                    Var loss = ce.forward(net.forward(Var.constant(b.x())), b.y());
                    loss.backward();
                    opt.step();
                }
            }
        };
    }

    /**
     * Median samples/s of the raw training step, of the hand-written loop and of the {@link Trainer} running the
     * same step, measured interleaved in one run on {@code threads}: {raw, loop, trainer}.
     */
    static double[] rawLoopAndTrainer(String model, int batch, int threads, int samples, double sampleSeconds,
                                      double warmupSeconds) {
        int previous = Parallel.parallelism();
        Parallel.setParallelism(threads);
        try {
            double[] rate = Measure.medians(new Measure.Contender[] {new Measure.Contender(model, step(model, batch), batch),
                    new Measure.Contender(model + " loop", loopEpoch(model, batch), batch * TRAINER_BATCHES),
                    new Measure.Contender(model + " trainer", trainerEpoch(model, batch), batch * TRAINER_BATCHES)},
                    samples, sampleSeconds, warmupSeconds);
            return new double[] {rate[0] * 1e9, rate[1] * 1e9, rate[2] * 1e9};
        } finally {
            Parallel.setParallelism(previous);
        }
    }

    /** Median samples/s of training steps of {@code model} on {@code threads}. */
    static double samplesPerSecond(String model, int batch, int threads, int samples, double sampleSeconds,
                                   double warmupSeconds) {
        int previous = Parallel.parallelism();
        Parallel.setParallelism(threads);
        try {
            Runnable step = step(model, batch);
            double[] rate = Measure.medians(new Measure.Contender[] {new Measure.Contender(model, step, batch)},
                    samples, sampleSeconds, warmupSeconds);
            return rate[0] * 1e9; // units per ns -> samples per s
        } finally {
            Parallel.setParallelism(previous);
        }
    }

    /** Child-JVM entry: {@code model batch threads samples sampleSeconds warmupSeconds}; prints one line. */
    public static void main(String[] args) {
        double sps = samplesPerSecond(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Double.parseDouble(args[4]), Double.parseDouble(args[5]));
        System.out.println("kernels=" + Simd.implementation() + " samples_per_s=" + sps);
    }

    /** Runs {@link #main} in a child JVM with the same class path and the scalar kernels forced. */
    static double scalarInChildJvm(String model, int batch, int threads, int samples, double sampleSeconds,
                                   double warmupSeconds) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("-Dvecnet.simd.impl=scalar");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TrainingStep.class.getName());
        cmd.add(model);
        cmd.add(Integer.toString(batch));
        cmd.add(Integer.toString(threads));
        cmd.add(Integer.toString(samples));
        cmd.add(Double.toString(sampleSeconds));
        cmd.add(Double.toString(warmupSeconds));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        int at = out.indexOf("samples_per_s=");
        if (code != 0 || at < 0 || !out.contains("kernels=scalar")) {
            throw new IllegalStateException("scalar baseline run failed (exit " + code + "):\n" + out);
        }
        return Double.parseDouble(out.substring(at + "samples_per_s=".length()).trim().split("\\s")[0]);
    }
}
