package vecnet.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import vecnet.core.Parallel;
import vecnet.nn.Module;
import vecnet.nn.data.DataDirectory;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.nn.data.Mnist;
import vecnet.nn.data.RandomShift;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;
import vecnet.nn.optim.CosineAnnealingLR;
import vecnet.nn.train.ConsoleProgress;
import vecnet.nn.train.EpochStats;
import vecnet.nn.train.Evaluation;
import vecnet.nn.train.History;
import vecnet.nn.train.Summary;
import vecnet.nn.train.Trainer;
import vecnet.simd.Simd;

/**
 * The MNIST / Fashion-MNIST training examples share this: load the IDX files from disk, normalise, train
 * with {@link Trainer} (Adam, cross-entropy, optionally cosine-annealed), evaluate the 10k test images
 * after every epoch, print the summary, the per-epoch figures and the confusion matrix, write the curves
 * (CSV, JSON, SVG from nn, PNG from XChart) and, on request, time the same step on the scalar kernels in a
 * child JVM for comparison.
 */
final class ImageClassification {
    /** Options every training example takes. */
    static final String[] OPTIONS = {"epochs", "batch", "lr", "schedule", "seed", "threads", "data-dir", "out",
            "train-limit", "scalar-steps", "shift"};

    /** A model and the data it trains on. */
    record Recipe(String name, String dataset, Function<SplittableRandom, Module> model, int[] sampleShape,
                  int epochs, int batch, double lr, String schedule, int shift, int scalarSteps) {
    }

    /** What a run measured. */
    record Result(History history, Evaluation test, double wallSeconds, double loadSeconds, double scalarSamplesPerSecond) {
    }

    private ImageClassification() {
    }

    static Result run(Recipe recipe, String[] argv, PrintStream out) throws IOException, InterruptedException {
        Args a = Args.parse(argv, OPTIONS);
        int epochs = a.intValue("epochs", recipe.epochs());
        int batch = a.intValue("batch", recipe.batch());
        double lr = a.doubleValue("lr", recipe.lr());
        String schedule = a.string("schedule", recipe.schedule());
        if (!schedule.equals("cosine") && !schedule.equals("constant")) {
            throw new IllegalArgumentException("--schedule must be cosine or constant, was '" + schedule + "'");
        }
        long seed = a.longValue("seed", 1);
        int threads = a.intValue("threads", Parallel.parallelism());
        int trainLimit = a.intValue("train-limit", 60_000);
        int scalarSteps = a.intValue("scalar-steps", recipe.scalarSteps());
        int shift = a.intValue("shift", recipe.shift());
        Path outDir = a.path("out", Path.of("target", "examples", recipe.name()));
        Path explicit = a.path("data-dir", null);
        Parallel.setParallelism(threads);

        long t0 = System.nanoTime();
        Path dir = DataDirectory.locate(recipe.dataset(), explicit);
        boolean fashion = recipe.dataset().startsWith("fashion");
        float mean = fashion ? Mnist.FASHION_MEAN : Mnist.MEAN;
        float std = fashion ? Mnist.FASHION_STD : Mnist.STD;
        Dataset train = Mnist.load(dir, true, mean, std);
        train = train.subset(0, Math.min(trainLimit, train.size())).reshape(recipe.sampleShape());
        Dataset test = Mnist.load(dir, false, mean, std).reshape(recipe.sampleShape());
        double loadSeconds = (System.nanoTime() - t0) / 1e9;

        Module model = recipe.model().apply(new SplittableRandom(seed));
        out.println(recipe.name() + " on " + recipe.dataset() + " from " + dir + " (" + train.size() + " training, "
                + test.size() + " test images, loaded in " + String.format(Locale.ROOT, "%.2f s", loadSeconds) + ")");
        out.println("kernels " + Simd.implementation() + ", " + threads + " thread" + (threads == 1 ? "" : "s")
                + ", seed " + seed + "; recipe: Adam lr " + lr + ", batch " + batch + ", " + epochs + " epochs, "
                + schedule + " schedule, cross-entropy"
                + (shift > 0 ? ", training images shifted by up to " + shift + " pixels" : ""));
        out.println(Summary.of(model, recipe.sampleShape()));

        Adam adam = new Adam(model.parameters(), lr);
        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), adam).epochs(epochs)
                .validation(new DataLoader(test, 1000, false, 0, false));
        if (out != System.out) {
            trainer.progress(false).listener(new ConsoleProgress(out, false));
        }
        if (schedule.equals("cosine")) {
            trainer.scheduler(new CosineAnnealingLR(adam, epochs));
        }
        DataLoader batches = new DataLoader(train, batch, true, seed, false);
        if (shift > 0) {
            batches.transform(new RandomShift(shift, (0 - mean) / std, seed));
        }
        History history = trainer.fit(batches);
        Evaluation eval = trainer.evaluate(new DataLoader(test, 1000, false, 0, false));
        double wall = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;

        List<String> names = fashion ? Mnist.CLASS_NAMES_FASHION : Mnist.CLASS_NAMES_DIGITS;
        out.println();
        out.println("confusion matrix on the test set (rows: actual, columns: predicted):");
        out.println(eval.confusion().format());
        double[] perClass = eval.confusion().perClassAccuracy();
        StringBuilder pc = new StringBuilder("per-class accuracy:");
        for (int k = 0; k < perClass.length; k++) {
            pc.append(String.format(Locale.ROOT, " %s %.2f%%", names.get(k), 100 * perClass[k]));
        }
        out.println(pc);
        writeCurves(history, outDir, recipe.name() + " on " + recipe.dataset(), out);
        double trainSeconds = 0;
        long trainSamples = 0;
        for (EpochStats e : history.epochs()) {
            trainSeconds += e.seconds();
            trainSamples += Math.round(e.samplesPerSecond() * e.seconds());
        }
        out.printf(Locale.ROOT, "%s: test accuracy %.2f%%, loss %.4f; training %,.0f samples/s over %d epochs "
                        + "(last epoch %,.0f); wall time from JVM start %.1f s%n",
                recipe.name(), 100 * eval.accuracy(), eval.loss(), trainSamples / trainSeconds, history.size(),
                history.last().samplesPerSecond(), wall);
        double scalar = Double.NaN;
        if (scalarSteps > 0) {
            scalar = StepTimer.scalarInChildJvm(recipe.name(), batch, threads, scalarSteps);
            double vector = history.last().samplesPerSecond();
            out.printf(Locale.ROOT, "same step on the scalar kernels (child JVM, %d steps after warm-up): %,.0f "
                    + "samples/s; vector kernels (last epoch) %,.0f: %.1fx%n", scalarSteps, scalar, vector,
                    vector / scalar);
        }
        return new Result(history, eval, wall, loadSeconds, scalar);
    }

    /** history.csv, history.json, curves.svg (nn) and curves.png (XChart) under {@code dir}. */
    static void writeCurves(History h, Path dir, String title, PrintStream out) throws IOException {
        h.writeCsv(dir.resolve("history.csv"));
        h.writeJson(dir.resolve("history.json"));
        h.writeSvg(dir.resolve("curves.svg"), title);
        int n = h.size();
        double[] x = new double[n];
        double[] trainAcc = new double[n];
        double[] valAcc = new double[n];
        for (int i = 0; i < n; i++) {
            EpochStats e = h.epochs().get(i);
            x[i] = e.epoch();
            trainAcc[i] = 100 * e.trainAccuracy();
            valAcc[i] = 100 * e.valAccuracy();
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("train accuracy", new double[][] {x, trainAcc});
        series.put("test accuracy", new double[][] {x, valAcc});
        Charts.lines(dir.resolve("accuracy.png"), title, "epoch", "accuracy (%)", series, Charts.YScale.LINEAR);
        out.println("curves: " + dir.resolve("history.csv") + ", history.json, curves.svg, accuracy.png");
    }
}
