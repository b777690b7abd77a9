package vecnet.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import vecnet.core.Parallel;
import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;
import vecnet.nn.data.Batch;
import vecnet.nn.data.DataDirectory;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Dataset;
import vecnet.nn.data.Mnist;
import vecnet.nn.loss.BCEWithLogitsLoss;
import vecnet.nn.loss.Reduction;
import vecnet.nn.optim.Adam;
import vecnet.simd.Simd;

/**
 * An autoencoder 784-128-32-128-784 (ReLU, a linear 32-wide code, logits out) on MNIST pixels in [0, 1]:
 * binary cross-entropy per image, Adam lr 1e-3, batch 128. Prints the training loss and the test set's
 * reconstruction error (mean squared error per pixel of sigmoid(logits)) per epoch; writes
 * {@code reconstructions.png} (test originals in odd rows, their reconstructions below) and
 * {@code loss.png}. Options: {@code --epochs 10 --batch 128 --lr 0.001 --seed 1 --threads N --train-limit N
 * --data-dir DIR --out DIR}.
 */
public final class MnistAutoencoder {
    static final String[] OPTIONS = {"epochs", "batch", "lr", "seed", "threads", "train-limit", "data-dir", "out"};
    static final int PIXELS = 784;
    static final int SHOWN = 10;

    /** Per epoch: training loss (BCE per image) and test reconstruction MSE per pixel. */
    record Result(double[] trainLoss, double[] testMse, Path grid) {
    }

    private MnistAutoencoder() {
    }

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    static Sequential model(SplittableRandom r) {
        return new Sequential(new Linear(PIXELS, 128, true, r), new ReLU(), new Linear(128, 32, true, r),
                new Linear(32, 128, true, r), new ReLU(), new Linear(128, PIXELS, true, r));
    }

    static Result run(String[] argv, PrintStream out) throws IOException {
        Args a = Args.parse(argv, OPTIONS);
        int epochs = a.intValue("epochs", 10);
        int batch = a.intValue("batch", 128);
        double lr = a.doubleValue("lr", 1e-3);
        long seed = a.longValue("seed", 1);
        int trainLimit = a.intValue("train-limit", 60_000);
        Parallel.setParallelism(a.intValue("threads", Parallel.parallelism()));
        Path outDir = a.path("out", Path.of("target", "examples", "mnist-autoencoder"));
        Path dir = DataDirectory.locate("mnist", a.path("data-dir", null));
        Dataset train = Mnist.load(dir, true);
        train = train.subset(0, Math.min(trainLimit, train.size())).reshape(PIXELS);
        Dataset test = Mnist.load(dir, false).reshape(PIXELS);
        Sequential net = model(new SplittableRandom(seed));
        out.println("autoencoder " + net + " on " + train.size() + " MNIST images, kernels " + Simd.implementation()
                + "; Adam lr " + lr + ", batch " + batch + ", " + epochs + " epochs, BCE with logits per image");
        Adam adam = new Adam(net.parameters(), lr);
        BCEWithLogitsLoss bce = new BCEWithLogitsLoss(Reduction.BATCH_MEAN);
        DataLoader loader = new DataLoader(train, batch, true, seed, false);
        Workspace ws = new Workspace();
        double[] trainLoss = new double[epochs];
        double[] testMse = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            loader.setEpoch(e);
            double sum = 0;
            long seen = 0;
            long t0 = System.nanoTime();
            for (Batch b : loader) {
                try (Workspace.Scope s = ws.open()) {
                    adam.zeroGrad();
                    Var loss = bce.forward(net.forward(Var.constant(b.x())), b.x());
                    loss.backward();
                    adam.step();
                    sum += loss.item() * b.size();
                    seen += b.size();
                }
            }
            trainLoss[e] = sum / seen;
            testMse[e] = reconstructionMse(net, test);
            out.printf(Locale.ROOT, "epoch %2d: train BCE %.2f per image, test reconstruction MSE %.5f per pixel"
                    + " (%.1f s)%n", e + 1, trainLoss[e], testMse[e], (System.nanoTime() - t0) / 1e9);
        }
        List<float[]> tiles = new ArrayList<>();
        float[] recon = reconstruct(net, test.features(), SHOWN);
        for (int i = 0; i < SHOWN; i++) {
            tiles.add(test.sample(i).toArray());
        }
        for (int i = 0; i < SHOWN; i++) {
            float[] t = new float[PIXELS];
            System.arraycopy(recon, i * PIXELS, t, 0, PIXELS);
            tiles.add(t);
        }
        Path grid = ImageGrid.write(outDir.resolve("reconstructions.png"), tiles, 28, 28, SHOWN, 3);
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("test reconstruction MSE per pixel", new double[][] {x, testMse});
        Charts.lines(outDir.resolve("loss.png"), "MNIST autoencoder 784-128-32-128-784", "epoch", "MSE per pixel",
                series, Charts.YScale.LOG);
        out.println("images: " + grid + " (originals, then reconstructions), " + outDir.resolve("loss.png"));
        return new Result(trainLoss, testMse, grid);
    }

    /** sigmoid(net(x)) for the first {@code n} images of {@code features}. */
    @SuppressWarnings("try")
    static float[] reconstruct(Sequential net, Tensor features, int n) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            Tensor x = Tensor.wrap(features.data(), features.offset(), vecnet.core.Shape.of(n, PIXELS));
            return Ops.sigmoid(net.forward(Var.constant(x))).value().toArray();
        }
    }

    /** Mean squared error per pixel of sigmoid(net(x)) against x over {@code test}. */
    @SuppressWarnings("try")
    static double reconstructionMse(Sequential net, Dataset test) {
        double sum = 0;
        long count = 0;
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (Batch b : new DataLoader(test, 1000, false, 0, false)) {
                Tensor y = Ops.sigmoid(net.forward(Var.constant(b.x()))).value();
                float[] xd = b.x().data();
                for (int i = 0; i < y.size(); i++) {
                    double d = y.data()[y.offset() + i] - xd[b.x().offset() + i];
                    sum += d * d;
                }
                count += y.size();
            }
        }
        return sum / count;
    }
}
