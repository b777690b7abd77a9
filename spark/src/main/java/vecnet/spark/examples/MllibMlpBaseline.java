package vecnet.spark.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.SparkContext;
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
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.spark.ShardedData;
import vecnet.spark.SparkTrainer;
import vecnet.spark.examples.MnistSpark.Hidden;
import vecnet.spark.examples.MnistSpark.Result;

/**
 * Spark MLlib's {@code MultilayerPerceptronClassifier} on MNIST, the Spark-native baseline: layers
 * 784-256-128-10 (MLlib's hidden layers are sigmoid, its output softmax with cross-entropy), trained on a
 * DataFrame of ML {@code Vector} features and double labels, evaluated on the test images. Beside it, vecnet's
 * MLP of the same shape with sigmoid hidden layers trained by a {@link SparkTrainer} on the same
 * partitions (Adam lr 1e-3, cosine-annealed, as {@link MnistSpark}), so the comparison is like for like in
 * shape, activation, loss, data and cluster; the optimizers differ (MLlib offers L-BFGS and full-batch
 * gradient descent, vecnet's Spark training mini-batch first-order optimizers). Prints accuracy, training
 * wall time and samples/s for each, and one comparison line.
 *
 * <p>Options: {@code --master local[2]} (ignored under spark-submit, which sets spark.master),
 * {@code --partitions P} (default: Spark's default parallelism), {@code --solver l-bfgs|gd},
 * {@code --max-iter 100}, {@code --block-size 128}, {@code --tol 1e-6}, {@code --step-size 0.03} (gd only),
 * {@code --seed 1}, {@code --modes mllib,vecnet}, {@code --epochs 10}, {@code --local-batch 32},
 * {@code --local-steps auto|K} (vecnet), {@code --train-limit 60000}, {@code --test-limit 10000},
 * {@code --data-dir DIR}.
 */
public final class MllibMlpBaseline {
    private static final List<String> OPTIONS = List.of("master", "partitions", "solver", "max-iter", "block-size",
            "tol", "step-size", "seed", "modes", "epochs", "local-batch", "local-steps", "train-limit", "test-limit",
            "data-dir");
    private static final List<String> SOLVERS = List.of("l-bfgs", "gd");

    /**
     * MLlib's solver options, under MLlib's names and with its defaults ({@link #defaults()}): solver
     * {@code l-bfgs} or {@code gd}, maxIter >= 1, blockSize >= 1 (rows stacked into one matrix per
     * GEMM), tol > 0, stepSize > 0 (gd only), seed (MLlib's initial weights).
     */
    public record Solver(String solver, int maxIter, int blockSize, double tol, double stepSize, long seed) {
        public Solver {
            if (!SOLVERS.contains(solver)) {
                throw new IllegalArgumentException("solver must be one of " + SOLVERS + ", got '" + solver + "'");
            }
            if (maxIter < 1) {
                throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
            }
            if (blockSize < 1) {
                throw new IllegalArgumentException("blockSize must be >= 1, got " + blockSize);
            }
            if (!(tol > 0) || !Double.isFinite(tol)) {
                throw new IllegalArgumentException("tol must be finite and > 0, got " + tol);
            }
            if (!(stepSize > 0) || !Double.isFinite(stepSize)) {
                throw new IllegalArgumentException("stepSize must be finite and > 0, got " + stepSize);
            }
        }

        /** MLlib's defaults: l-bfgs, 100 iterations, block size 128, tol 1e-6, step size 0.03; seed 1. */
        public static Solver defaults() {
            return new Solver("l-bfgs", 100, 128, 1e-6, 0.03, 1);
        }

        public Solver maxIter(int n) {
            return new Solver(solver, n, blockSize, tol, stepSize, seed);
        }

        public Solver seed(long s) {
            return new Solver(solver, maxIter, blockSize, tol, stepSize, s);
        }

        /** What one of MLlib's iterations is for this solver, for the printed line. */
        String iteration() {
            return solver.equals("l-bfgs")
                    ? "an L-BFGS iteration is one weight update, for which the line search evaluates the full-batch"
                            + " loss and gradient once or more"
                    : "a gd iteration is one full-batch gradient and one weight update";
        }
    }

    /**
     * One MLlib training: {@code iterations} as MLlib's summary counts them (at most maxIter; fewer when
     * tol stopped it), {@code jobs} the Spark jobs its fit ran (each loss-and-gradient evaluation over the
     * data is one, so evaluations <= jobs; read from Spark's status tracker, which its listener bus fills
     * asynchronously, so a job that has just started may be missing), the fit's wall time, the test
     * accuracy, and the BLAS that netlib (MLlib's GEMMs) loaded on the driver: {@code JNIBLAS} is the
     * system's libblas.so.3, whichever it is (reference or OpenBLAS), else a Java one.
     */
    public record Fit(Solver solver, long trainSamples, int iterations, long jobs, double seconds, double accuracy,
                      String blas) {
        /** Training samples x iterations / training time: one pass over the data per iteration. */
        public double samplesPerSecond() {
            return trainSamples * (double) iterations / seconds;
        }

        /** The table row, in the form of {@link MnistSpark}'s. */
        public Result result() {
            return new Result("Spark MLlib MultilayerPerceptronClassifier (sigmoid, " + solver.solver() + ")", accuracy,
                    seconds, samplesPerSecond(), String.format(Locale.ROOT, "%d iterations, %d Spark jobs, netlib %s;"
                            + " samples/s counts one pass per iteration (%s)", iterations, jobs, blas,
                            solver.iteration()));
        }
    }

    /** What {@link #run} trained: each is null when {@code --modes} left it out. */
    public record Report(Fit mllib, Result vecnet) {
    }

    private MllibMlpBaseline() {
    }

    public static void main(String[] args) throws IOException {
        ExampleArgs a = ExampleArgs.parse(args, OPTIONS);
        SparkSession session = MnistSpark.session("vecnet MllibMlpBaseline", a.get("master", "local[2]"));
        try {
            run(session, args, System.out);
        } finally {
            session.stop();
        }
    }

    /** Runs the baseline (and vecnet beside it) on {@code session}'s Spark, which it leaves running. */
    public static Report run(SparkSession session, String[] args, PrintStream out) throws IOException {
        ExampleArgs a = ExampleArgs.parse(args, OPTIONS);
        SparkContext spark = session.sparkContext();
        int partitions = a.intAtLeast("partitions", spark.defaultParallelism(), 1);
        Solver solver = new Solver(a.get("solver", "l-bfgs"), a.intAtLeast("max-iter", 100, 1),
                a.intAtLeast("block-size", 128, 1), a.positive("tol", 1e-6), a.positive("step-size", 0.03),
                a.longValue("seed", 1));
        List<String> modes = List.of(a.get("modes", "mllib,vecnet").split(","));
        for (String m : modes) {
            if (!m.equals("mllib") && !m.equals("vecnet")) {
                throw new IllegalArgumentException("--modes must list mllib and/or vecnet, got '" + m + "'");
            }
        }
        int epochs = a.intAtLeast("epochs", 10, 1);
        int localBatch = a.intAtLeast("local-batch", 32, 1);
        String ls = a.get("local-steps", "auto");
        int localSteps = ls.equals("auto") ? SparkTrainer.AUTO : a.intAtLeast("local-steps", 1, 1);
        Path dir = MnistSpark.dataDir(a);
        Dataset train = MnistSpark.mnist(dir, true, a.intAtLeast("train-limit", 60_000, 1));
        Dataset test = MnistSpark.mnist(dir, false, a.intAtLeast("test-limit", 10_000, 1));
        out.printf(Locale.ROOT, "MNIST MLP 784-256-128-10, sigmoid hidden layers, softmax cross-entropy: %d training"
                + " images, %d test images; Spark master %s, %d partitions%n", train.size(), test.size(),
                spark.master(), partitions);

        Fit fit = null;
        if (modes.contains("mllib")) {
            fit = fit(session, train, test, partitions, solver);
            MnistSpark.print(out, fit.result());
        }
        Result vecnet = null;
        if (modes.contains("vecnet")) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark);
            try (ShardedData shards = ShardedData.of(sc, train, partitions)) {
                Result r = MnistSpark.onSpark(sc, shards, new DataLoader(test, 1000, false, 0, false), Hidden.SIGMOID,
                        localBatch, localSteps, epochs, a.longValue("seed", 1)).result();
                vecnet = new Result("vecnet SparkTrainer (sigmoid, Adam), " + r.name().substring("Spark, ".length()),
                        r.accuracy(), r.seconds(), r.samplesPerSecond(), r.note() + String.format(Locale.ROOT,
                                "; %d epochs, global batch %d", epochs, partitions * localBatch));
            }
            MnistSpark.print(out, vecnet);
        }
        if (fit != null && vecnet != null) {
            out.printf(Locale.ROOT, "Same shape, activation, loss, data and cluster: MLlib (%s, %d iterations) accuracy"
                    + " %.4f in %.1f s; vecnet (Adam, %d epochs) accuracy %.4f in %.1f s: %.2fx MLlib's time, %+.4f"
                    + " accuracy. (Samples/s differ in kind: an MLlib iteration is a full-batch pass, a vecnet step one"
                    + " mini-batch.)%n", fit.solver().solver(), fit.iterations(), fit.accuracy(), fit.seconds(), epochs,
                    vecnet.accuracy(), vecnet.seconds(), vecnet.seconds() / fit.seconds(),
                    vecnet.accuracy() - fit.accuracy());
        }
        return new Report(fit, vecnet);
    }

    /**
     * Trains MLlib's MLP 784-256-128-10 on {@code train} in {@code partitions} partitions and evaluates it on
     * {@code test}. The DataFrames are cached and materialised before the clock starts, so the time is
     * MLlib's fit alone (including its stacking of rows into blocks).
     */
    public static Fit fit(SparkSession session, Dataset train, Dataset test, int partitions, Solver solver) {
        if (train.sampleShape().size() != 784 || test.sampleShape().size() != 784) {
            throw new IllegalArgumentException("samples must have 784 features (flat MNIST), got train "
                    + train.sampleShape() + " and test " + test.sampleShape());
        }
        org.apache.spark.sql.Dataset<Row> trainDf = dataFrame(session, train, partitions).cache();
        org.apache.spark.sql.Dataset<Row> testDf = dataFrame(session, test, partitions).cache();
        trainDf.count();
        testDf.count();
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {784, 256, 128, 10}).setSolver(solver.solver()).setMaxIter(solver.maxIter())
                .setBlockSize(solver.blockSize()).setTol(solver.tol()).setStepSize(solver.stepSize()).setSeed(solver.seed());
        SparkContext spark = session.sparkContext();
        // a group of its own, so the status tracker can count the fit's jobs
        String group = "vecnet-mllib-fit-" + System.nanoTime();
        spark.setJobGroup(group, "MultilayerPerceptronClassifier.fit", false);
        long t0 = System.nanoTime();
        MultilayerPerceptronClassificationModel model;
        try {
            model = mlp.fit(trainDf);
        } finally {
            spark.clearJobGroup();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long jobs = spark.statusTracker().getJobIdsForGroup(group).length;
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(testDf));
        int iterations = model.summary().totalIterations();
        trainDf.unpersist();
        testDf.unpersist();
        return new Fit(solver, train.size(), iterations, jobs, s, accuracy,
                dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName());
    }

    /**
     * {@code d} as a DataFrame of (features: ML dense vector, label: double class index) in
     * {@code partitions} contiguous slices. The rows are built on the executors from one broadcast: rows
     * parallelized from the driver would travel with every task of every iteration.
     */
    public static org.apache.spark.sql.Dataset<Row> dataFrame(SparkSession session, Dataset d, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
        Tensor f = d.features();
        float[] x = Arrays.copyOfRange(f.data(), f.offset(), f.offset() + f.size());
        Broadcast<float[]> features = sc.broadcast(x);
        Broadcast<int[]> labels = sc.broadcast(d.labels());
        int s = d.sampleShape().size();
        int n = d.size();
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        JavaRDD<Row> rows = sc.parallelize(ids, partitions).flatMap(p -> {
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
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label",
                DataTypes.DoubleType);
        return session.createDataFrame(rows, schema);
    }
}
