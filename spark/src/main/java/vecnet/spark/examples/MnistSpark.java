package vecnet.spark.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
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
 * The MNIST MLP 784-256-128-10 (ReLU; Adam lr 1e-3, cosine-annealed, cross-entropy) trained four ways on
 * the same data, each evaluated on the 10k test images: on one machine with the nn {@link Trainer} (batch
 * = partitions x local batch), on Spark synchronously (one job per step), on Spark with local steps (AUTO
 * or {@code --local-steps K}), and with Spark MLlib's {@code MultilayerPerceptronClassifier} of the same
 * shape (sigmoid hidden layers, softmax output, L-BFGS: what MLlib offers) as the Spark-native baseline.
 * Prints accuracy, training time and samples/s for each, and the Spark runs' overhead per round.
 *
 * <p>Options: {@code --master local[2]} (ignored under spark-submit, which sets spark.master),
 * {@code --partitions 2}, {@code --local-batch 32}, {@code --epochs 10}, {@code --local-steps auto|K},
 * {@code --modes single,sync,local,mllib}, {@code --mllib-iter 100}, {@code --train-limit 60000},
 * {@code --test-limit 10000}, {@code --seed 1}, {@code --data-dir DIR}.
 */
public final class MnistSpark {
    private static final List<String> OPTIONS = List.of("master", "partitions", "local-batch", "epochs", "local-steps",
            "modes", "mllib-iter", "train-limit", "test-limit", "seed", "data-dir");

    /** One line of the final table: a training run's test accuracy, training time and throughput. */
    public record Result(String name, double accuracy, double seconds, double samplesPerSecond, String note) {
    }

    private MnistSpark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = parse(args);
        SparkConf conf = new SparkConf().setAppName("vecnet MnistSpark").set("spark.ui.enabled", "false");
        if (!conf.contains("spark.master")) {
            conf.setMaster(a.getOrDefault("master", "local[2]"));
        }
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        try {
            session.sparkContext().setLogLevel("WARN");
            run(session, args, System.out);
        } finally {
            session.stop();
        }
    }

    static Module mlp(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new Sequential(new Linear(784, 256, true, r), new ReLU(), new Linear(256, 128, true, r), new ReLU(),
                new Linear(128, 10, true, r));
    }

    /** Runs the comparison on {@code session}'s Spark (which it leaves running); returns the table. */
    public static List<Result> run(SparkSession session, String[] args, PrintStream out) throws IOException {
        Map<String, String> a = parse(args);
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "2"));
        int localBatch = Integer.parseInt(a.getOrDefault("local-batch", "32"));
        int epochs = Integer.parseInt(a.getOrDefault("epochs", "10"));
        String ls = a.getOrDefault("local-steps", "auto");
        int localSteps = ls.equals("auto") ? SparkTrainer.AUTO : Integer.parseInt(ls);
        List<String> modes = List.of(a.getOrDefault("modes", "single,sync,local,mllib").split(","));
        int mllibIter = Integer.parseInt(a.getOrDefault("mllib-iter", "100"));
        int trainLimit = Integer.parseInt(a.getOrDefault("train-limit", "60000"));
        int testLimit = Integer.parseInt(a.getOrDefault("test-limit", "10000"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        Path dir = DataDirectory.locate("mnist", a.containsKey("data-dir") ? Path.of(a.get("data-dir")) : null);
        Dataset train = Mnist.load(dir, true);
        train = train.subset(0, Math.min(trainLimit, train.size())).reshape(784).normalize(Mnist.MEAN, Mnist.STD);
        Dataset test = Mnist.load(dir, false);
        test = test.subset(0, Math.min(testLimit, test.size())).reshape(784).normalize(Mnist.MEAN, Mnist.STD);
        DataLoader testLoader = new DataLoader(test, 1000, false, 0, false);
        int global = partitions * localBatch;
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
        out.printf(Locale.ROOT, "MNIST MLP 784-256-128-10: %d training images, %d test images, %d epochs; Spark master %s,"
                + " %d partitions x local batch %d = global batch %d%n", train.size(), test.size(), epochs, sc.master(),
                partitions, localBatch, global);

        List<Result> rows = new ArrayList<>();
        if (modes.contains("single")) {
            Module m = mlp(seed);
            Adam adam = new Adam(m.parameters(), 1e-3);
            Trainer t = new Trainer(m, new CrossEntropyLoss(), adam).epochs(epochs)
                    .scheduler(new CosineAnnealingLR(adam, epochs)).progress(false);
            long t0 = System.nanoTime();
            t.fit(new DataLoader(train, global, true, seed, true));
            double s = (System.nanoTime() - t0) / 1e9;
            Evaluation e = t.evaluate(testLoader);
            rows.add(new Result("one machine (nn Trainer, batch " + global + ")", e.accuracy(), s,
                    t.steps() * (double) global / s, ""));
            print(out, rows.get(rows.size() - 1));
        }
        try (ShardedData shards = modes.contains("sync") || modes.contains("local")
                ? ShardedData.of(sc, train, partitions) : null) {
            for (String mode : new String[] {"sync", "local"}) {
                if (!modes.contains(mode)) {
                    continue;
                }
                SparkTrainer st = new SparkTrainer(sc, () -> mlp(seed), CrossEntropyLoss::new, p -> new Adam(p, 1e-3))
                        .localBatch(localBatch).localSteps(mode.equals("sync") ? 1 : localSteps).epochs(epochs)
                        .seed(seed);
                st.scheduler(new CosineAnnealingLR(st.optimizer(), epochs));
                long t0 = System.nanoTime();
                st.fit(shards);
                double s = (System.nanoTime() - t0) / 1e9;
                st.releaseCachedModels();
                Evaluation e = new Trainer(st.model(), st.loss(), st.optimizer()).evaluate(testLoader);
                RoundTiming rt = st.timing();
                String note = String.format(Locale.ROOT, "%d rounds, %.1f ms Spark overhead per round, %.2f ms compute "
                        + "per step (slowest partition)", rt.rounds(), rt.overheadMillisPerRound(),
                        rt.computeMillisPerStep());
                String name = mode.equals("sync") ? "Spark, synchronous (1 job per step)"
                        : "Spark, " + st.chosenLocalSteps() + " local steps per round"
                                + (localSteps == SparkTrainer.AUTO ? " (AUTO)" : "");
                rows.add(new Result(name, e.accuracy(), s, st.steps() * (double) global / s, note));
                print(out, rows.get(rows.size() - 1));
            }
        }
        if (modes.contains("mllib")) {
            rows.add(mllib(session, sc, train, test, partitions, mllibIter, seed));
            print(out, rows.get(rows.size() - 1));
        }
        out.println("Break-even: a Spark round costs its overhead J plus K local steps of compute t; it beats one"
                + " machine of the same cores only across machines, when K t > J per round (see spark/README.md).");
        return rows;
    }

    /** MLlib's MLP of the same shape: sigmoid hidden layers, softmax output, L-BFGS, {@code iterations} at most. */
    private static Result mllib(SparkSession session, JavaSparkContext sc, Dataset train, Dataset test, int partitions,
                              int iterations, long seed) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label",
                DataTypes.DoubleType);
        org.apache.spark.sql.Dataset<Row> trainDf = session.createDataFrame(rows(sc, train, partitions), schema).cache();
        org.apache.spark.sql.Dataset<Row> testDf = session.createDataFrame(rows(sc, test, partitions), schema).cache();
        trainDf.count();
        testDf.count();
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(new int[] {784, 256, 128, 10})
                .setMaxIter(iterations).setBlockSize(128).setSeed(seed);
        long t0 = System.nanoTime();
        MultilayerPerceptronClassificationModel model = mlp.fit(trainDf);
        double s = (System.nanoTime() - t0) / 1e9;
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(testDf));
        int done = model.summary().totalIterations();
        trainDf.unpersist();
        testDf.unpersist();
        return new Result("Spark MLlib MultilayerPerceptronClassifier (sigmoid, L-BFGS)", accuracy, s,
                done * (double) train.size() / s, done + " L-BFGS iterations (samples/s counts one pass per iteration)");
    }

    /**
     * The samples as DataFrame rows (ML vector, label), built on the executors from one broadcast: rows
     * parallelized from the driver would travel with every task of every L-BFGS iteration.
     */
    private static JavaRDD<Row> rows(JavaSparkContext sc, Dataset d, int partitions) {
        Tensor f = d.features();
        float[] x = java.util.Arrays.copyOfRange(f.data(), f.offset(), f.offset() + f.size());
        Broadcast<float[]> features = sc.broadcast(x);
        Broadcast<int[]> labels = sc.broadcast(d.labels());
        int s = d.sampleShape().size();
        int n = d.size();
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        return sc.parallelize(ids, partitions).flatMap(p -> {
            float[] fx = features.value();
            int[] ly = labels.value();
            List<Row> part = new ArrayList<>();
            for (int i = (int) ((long) n * p / partitions); i < (long) n * (p + 1) / partitions; i++) {
                double[] v = new double[s];
                for (int j = 0; j < s; j++) {
                    v[j] = fx[i * s + j];
                }
                part.add(RowFactory.create(Vectors.dense(v), (double) ly[i]));
            }
            return part.iterator();
        });
    }

    private static void print(PrintStream out, Result r) {
        out.printf(Locale.ROOT, "%-62s accuracy %.4f  %8.1f s  %9.0f samples/s  %s%n", r.name(), r.accuracy(),
                r.seconds(), r.samplesPerSecond(), r.note());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments must be --name value pairs of " + OPTIONS + ", got '"
                        + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; options are " + OPTIONS);
            }
            m.put(name, args[++i]);
        }
        return m;
    }
}
