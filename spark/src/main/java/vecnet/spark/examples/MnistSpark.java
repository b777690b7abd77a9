package vecnet.spark.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import vecnet.nn.Linear;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.Sigmoid;
import vecnet.nn.data.DataDirectory;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.nn.data.Mnist;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;
import vecnet.nn.optim.CosineAnnealingLR;
import vecnet.nn.train.Evaluation;
import vecnet.nn.train.Trainer;
import vecnet.spark.RoundTiming;
import vecnet.spark.ShardedData;
import vecnet.spark.SparkTrainer;

/**
 * The MNIST MLP 784-256-128-10 (ReLU, or sigmoid with {@code --hidden sigmoid}; Adam lr 1e-3,
 * cosine-annealed, cross-entropy) trained four ways on the same data, each evaluated on the 10k test
 * images: on one machine with the nn {@link Trainer} (batch = partitions x local batch), on Spark
 * synchronously (one job per step), on Spark with local steps (AUTO or {@code --local-steps K}), and with
 * Spark MLlib's {@code MultilayerPerceptronClassifier} of the same shape (sigmoid hidden layers, softmax
 * output, L-BFGS: what MLlib offers; see {@link MllibMlpBaseline}) as the Spark-native baseline. Before
 * the timed runs, an untimed warm-up of {@code --warmup-steps} steps on one machine and on Spark, so
 * neither side's time includes class loading and JIT compilation. Prints accuracy, training time and
 * samples/s for each, then each Spark run's samples/s against one machine and its break-even step time
 * from the measured overhead per round and compute per step.
 *
 * <p>Options: {@code --master local[2]} (ignored under spark-submit, which sets spark.master),
 * {@code --partitions 2}, {@code --local-batch 32}, {@code --epochs 10}, {@code --local-steps auto|K},
 * {@code --hidden relu|sigmoid}, {@code --modes single,sync,local,mllib}, {@code --mllib-iter 100},
 * {@code --warmup-steps 100}, {@code --train-limit 60000}, {@code --test-limit 10000}, {@code --seed 1},
 * {@code --data-dir DIR}.
 */
public final class MnistSpark {
    private static final List<String> OPTIONS = List.of("master", "partitions", "local-batch", "epochs", "local-steps",
            "hidden", "modes", "mllib-iter", "warmup-steps", "train-limit", "test-limit", "seed", "data-dir");
    /** The break-even is printed for this many machines (the smallest cluster that can beat one machine). */
    private static final int MACHINES = 2;

    /** One line of the final table: a training run's test accuracy, training time and throughput. */
    public record Result(String name, double accuracy, double seconds, double samplesPerSecond, String note) {
    }

    /** The hidden layers' activation: ReLU (vecnet's MLP example) or sigmoid (the only one MLlib's MLP has). */
    public enum Hidden {
        RELU, SIGMOID;

        Module module() {
            return this == RELU ? new ReLU() : new Sigmoid();
        }

        String label() {
            return this == RELU ? "ReLU" : "sigmoid";
        }

        static Hidden parse(String s) {
            return switch (s) {
                case "relu" -> RELU;
                case "sigmoid" -> SIGMOID;
                default -> throw new IllegalArgumentException("--hidden must be relu or sigmoid, got '" + s + "'");
            };
        }
    }

    /** A Spark training's row, with its timing and the local steps per round it ran with. */
    record SparkRun(Result result, RoundTiming timing, int localSteps) {
    }

    private MnistSpark() {
    }

    public static void main(String[] args) throws IOException {
        ExampleArgs a = ExampleArgs.parse(args, OPTIONS);
        SparkSession session = session("vecnet MnistSpark", a.get("master", "local[2]"));
        try {
            run(session, args, System.out);
        } finally {
            session.stop();
        }
    }

    /** A session on {@code master}, unless spark-submit set spark.master; no UI, warnings only. */
    static SparkSession session(String appName, String master) {
        SparkConf conf = new SparkConf().setAppName(appName).set("spark.ui.enabled", "false");
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }

    static Module mlp(long seed, Hidden hidden) {
        SplittableRandom r = new SplittableRandom(seed);
        return new Sequential(new Linear(784, 256, true, r), hidden.module(), new Linear(256, 128, true, r),
                hidden.module(), new Linear(128, 10, true, r));
    }

    /** MNIST's training or test images, at most {@code limit}, flat and normalised as vecnet's MLP example does. */
    static Dataset mnist(Path dir, boolean train, int limit) throws IOException {
        Dataset d = Mnist.load(dir, train);
        return d.subset(0, Math.min(limit, d.size())).reshape(784).normalize(Mnist.MEAN, Mnist.STD);
    }

    static Path dataDir(ExampleArgs a) {
        return DataDirectory.locate("mnist", a.has("data-dir") ? Path.of(a.get("data-dir", null)) : null);
    }

    /** Runs the comparison on {@code session}'s Spark (which it leaves running); returns the table. */
    public static List<Result> run(SparkSession session, String[] args, PrintStream out) throws IOException {
        ExampleArgs a = ExampleArgs.parse(args, OPTIONS);
        int partitions = a.intAtLeast("partitions", 2, 1);
        int localBatch = a.intAtLeast("local-batch", 32, 1);
        int epochs = a.intAtLeast("epochs", 10, 1);
        String ls = a.get("local-steps", "auto");
        int localSteps = ls.equals("auto") ? SparkTrainer.AUTO : a.intAtLeast("local-steps", 1, 1);
        Hidden hidden = Hidden.parse(a.get("hidden", "relu"));
        List<String> modes = List.of(a.get("modes", "single,sync,local,mllib").split(","));
        int mllibIter = a.intAtLeast("mllib-iter", 100, 1);
        int warmup = a.intAtLeast("warmup-steps", 100, 0);
        long seed = a.longValue("seed", 1);
        Path dir = dataDir(a);
        Dataset train = mnist(dir, true, a.intAtLeast("train-limit", 60_000, 1));
        Dataset test = mnist(dir, false, a.intAtLeast("test-limit", 10_000, 1));
        DataLoader testLoader = new DataLoader(test, 1000, false, 0, false);
        int global = partitions * localBatch;
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
        out.printf(Locale.ROOT, "MNIST MLP 784-256-128-10 (%s): %d training images, %d test images, %d epochs; Spark"
                + " master %s, %d partitions x local batch %d = global batch %d%n", hidden.label(), train.size(),
                test.size(), epochs, sc.master(), partitions, localBatch, global);
        if (warmup > 0) {
            out.printf(Locale.ROOT, "Untimed warm-up before the one-machine and the Spark runs: %d steps each%n",
                    warmup);
        }

        List<Result> rows = new ArrayList<>();
        Result single = null;
        if (modes.contains("single")) {
            if (warmup > 0) {
                Module m = mlp(seed, hidden);
                new Trainer(m, new CrossEntropyLoss(), new Adam(m.parameters(), 1e-3)).maxSteps(warmup).progress(false)
                        .fit(new DataLoader(train, global, true, seed, true));
            }
            single = singleMachine(train, testLoader, hidden, global, epochs, seed);
            rows.add(single);
            print(out, single);
        }
        List<SparkRun> sparkRuns = new ArrayList<>();
        try (ShardedData shards = modes.contains("sync") || modes.contains("local")
                ? ShardedData.of(sc, train, partitions) : null) {
            if (shards != null && warmup > 0) {
                // the first jobs load Spark's and the kernels' classes and compile them: not the runs' cost
                SparkTrainer w = new SparkTrainer(sc, () -> mlp(seed, hidden), CrossEntropyLoss::new,
                        p -> new Adam(p, 1e-3)).localBatch(localBatch).localSteps(1).maxSteps(warmup).seed(seed);
                w.fit(shards);
                w.releaseCachedModels();
            }
            for (String mode : new String[] {"sync", "local"}) {
                if (modes.contains(mode)) {
                    SparkRun r = onSpark(sc, shards, testLoader, hidden, localBatch,
                            mode.equals("sync") ? 1 : localSteps, epochs, seed);
                    sparkRuns.add(r);
                    rows.add(r.result());
                    print(out, r.result());
                }
            }
        }
        if (modes.contains("mllib")) {
            MllibMlpBaseline.Fit f = MllibMlpBaseline.fit(session, train, test, partitions,
                    MllibMlpBaseline.Solver.defaults().maxIter(mllibIter).seed(seed));
            rows.add(f.result());
            print(out, f.result());
        }
        printSummary(out, single, sparkRuns, global);
        return rows;
    }

    /** The nn Trainer on this machine at batch {@code batch}: the reference every Spark run is held against. */
    static Result singleMachine(Dataset train, DataLoader test, Hidden hidden, int batch, int epochs, long seed) {
        Module m = mlp(seed, hidden);
        Adam adam = new Adam(m.parameters(), 1e-3);
        Trainer t = new Trainer(m, new CrossEntropyLoss(), adam).epochs(epochs)
                .scheduler(new CosineAnnealingLR(adam, epochs)).progress(false);
        long t0 = System.nanoTime();
        t.fit(new DataLoader(train, batch, true, seed, true));
        double s = (System.nanoTime() - t0) / 1e9;
        Evaluation e = t.evaluate(test);
        return new Result("one machine (nn Trainer, batch " + batch + ")", e.accuracy(), s,
                t.steps() * (double) batch / s, "");
    }

    /** The MLP trained by a {@link SparkTrainer} on {@code shards}: synchronous for {@code localSteps} 1. */
    static SparkRun onSpark(JavaSparkContext sc, ShardedData shards, DataLoader test, Hidden hidden, int localBatch,
                            int localSteps, int epochs, long seed) {
        SparkTrainer st = new SparkTrainer(sc, () -> mlp(seed, hidden), CrossEntropyLoss::new, p -> new Adam(p, 1e-3))
                .localBatch(localBatch).localSteps(localSteps).epochs(epochs).seed(seed);
        st.scheduler(new CosineAnnealingLR(st.optimizer(), epochs));
        long t0 = System.nanoTime();
        st.fit(shards);
        double s = (System.nanoTime() - t0) / 1e9;
        st.releaseCachedModels();
        Evaluation e = new Trainer(st.model(), st.loss(), st.optimizer()).evaluate(test);
        RoundTiming rt = st.timing();
        String note = String.format(Locale.ROOT, "%d rounds, %.1f ms Spark overhead per round, %.2f ms compute per step"
                + " (slowest partition)", rt.rounds(), rt.overheadMillisPerRound(), rt.computeMillisPerStep());
        String name = localSteps == 1 ? "Spark, synchronous (1 job per step)"
                : "Spark, " + st.chosenLocalSteps() + " local steps per round"
                        + (localSteps == SparkTrainer.AUTO ? " (AUTO)" : "");
        int global = shards.partitions() * localBatch;
        return new SparkRun(new Result(name, e.accuracy(), s, st.steps() * (double) global / s, note), rt,
                st.chosenLocalSteps());
    }

    /**
     * Each Spark run's samples/s against one machine at the same global batch, and its break-even step
     * time J / (K (M - 1)) for M machines (spark/README.md, "Choosing K") with the predicted speed-up
     * M t / (J / K + t), from its measured overhead J per round and compute t per step.
     */
    static void printSummary(PrintStream out, Result single, List<SparkRun> runs, int global) {
        if (runs.isEmpty()) {
            return;
        }
        if (single != null) {
            out.printf(Locale.ROOT, "Against one machine at the same global batch %d (%.0f samples/s):%n", global,
                    single.samplesPerSecond());
            for (SparkRun r : runs) {
                out.printf(Locale.ROOT, "  %-60s %.3fx the samples/s, accuracy %+.4f%n", r.result().name(),
                        r.result().samplesPerSecond() / single.samplesPerSecond(),
                        r.result().accuracy() - single.accuracy());
            }
        }
        out.printf(Locale.ROOT, "Break-even across M = %d machines (J = Spark overhead per round, t = compute per step,"
                + " both measured here; Spark wins when t > J / (K (M - 1))):%n", MACHINES);
        for (SparkRun r : runs) {
            double j = r.timing().overheadMillisPerRound();
            double t = r.timing().computeMillisPerStep();
            int k = r.localSteps();
            double breakEven = j / (k * (MACHINES - 1.0));
            out.printf(Locale.ROOT, "  %-60s J %.1f ms, t %.2f ms, K %d: break-even step %.2f ms (t is %.2fx of it),"
                    + " predicted speed-up on %d machines %.2fx%n", r.result().name(), j, t, k, breakEven,
                    t / breakEven, MACHINES, MACHINES * t / (j / k + t));
        }
    }

    static void print(PrintStream out, Result r) {
        out.printf(Locale.ROOT, "%-62s accuracy %.4f  %8.1f s  %9.0f samples/s  %s%n", r.name(), r.accuracy(),
                r.seconds(), r.samplesPerSecond(), r.note());
    }
}
