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
import vecnet.nn.Module;
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
 * A variational autoencoder (Kingma and Welling 2014) on MNIST: encoder 784-400 (ReLU) to the mean and
 * log-variance of a 20-dimensional Gaussian, a sample z = μ + e^(logvar/2)·ε (the reparameterisation, ε
 * ~ N(0, I)), decoder 20-400 (ReLU)-784 logits. Loss per image: binary cross-entropy of the
 * reconstruction plus KL(q(z|x) ‖ N(0, I)) = −½ Σ (1 + logvar − μ² − e^logvar). Adam lr 1e-3, batch 128.
 * Prints both terms per epoch; writes {@code samples.png} (images decoded from random latents z ~ N(0, I))
 * and {@code loss.png}. Options: {@code --epochs 10 --batch 128 --lr 0.001 --latent 20 --seed 1 --threads N
 * --train-limit N --data-dir DIR --out DIR}.
 */
public final class MnistVae {
    static final String[] OPTIONS = {"epochs", "batch", "lr", "latent", "seed", "threads", "train-limit", "data-dir",
            "out"};
    static final int PIXELS = 784;
    static final int HIDDEN = 400;
    static final int SAMPLES = 64;

    /** Per epoch: the mean loss per image and its two terms. */
    record Result(double[] loss, double[] reconstruction, double[] kl, Path grid) {
    }

    /** The encoder's two heads and the decoder. */
    static final class Vae extends Module {
        final Sequential encoder;
        final Linear mu;
        final Linear logVar;
        final Sequential decoder;

        Vae(int latent, SplittableRandom r) {
            encoder = registerModule("encoder", new Sequential(new Linear(PIXELS, HIDDEN, true, r), new ReLU()));
            mu = registerModule("mu", new Linear(HIDDEN, latent, true, r));
            logVar = registerModule("logvar", new Linear(HIDDEN, latent, true, r));
            decoder = registerModule("decoder", new Sequential(new Linear(latent, HIDDEN, true, r), new ReLU(),
                    new Linear(HIDDEN, PIXELS, true, r)));
        }

        /** The reconstruction logits from the mean code (no sampling). */
        @Override
        public Var forward(Var x) {
            return decoder.forward(mu.forward(encoder.forward(x)));
        }
    }

    private MnistVae() {
    }

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    static Result run(String[] argv, PrintStream out) throws IOException {
        Args a = Args.parse(argv, OPTIONS);
        int epochs = a.intValue("epochs", 10);
        int batch = a.intValue("batch", 128);
        double lr = a.doubleValue("lr", 1e-3);
        int latent = a.intValue("latent", 20);
        long seed = a.longValue("seed", 1);
        int trainLimit = a.intValue("train-limit", 60_000);
        if (latent < 1 || batch < 1) {
            throw new IllegalArgumentException("--latent and --batch must be >= 1, were " + latent + " and " + batch);
        }
        Parallel.setParallelism(a.intValue("threads", Parallel.parallelism()));
        Path outDir = a.path("out", Path.of("target", "examples", "mnist-vae"));
        Dataset train = Mnist.load(DataDirectory.locate("mnist", a.path("data-dir", null)), true);
        train = train.subset(0, Math.min(trainLimit, train.size())).reshape(PIXELS);
        SplittableRandom rng = new SplittableRandom(seed);
        Vae vae = new Vae(latent, rng);
        out.println("VAE 784-400-(" + latent + " mean, " + latent + " log-variance)-400-784 on " + train.size()
                + " MNIST images, kernels " + Simd.implementation() + "; Adam lr " + lr + ", batch " + batch + ", "
                + epochs + " epochs, loss = BCE + KL per image");
        Adam adam = new Adam(vae.parameters(), lr);
        BCEWithLogitsLoss bce = new BCEWithLogitsLoss(Reduction.BATCH_MEAN);
        DataLoader loader = new DataLoader(train, batch, true, seed, true);
        Tensor eps = Tensor.zeros(batch, latent);
        Workspace ws = new Workspace();
        double[] loss = new double[epochs];
        double[] rec = new double[epochs];
        double[] kl = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            loader.setEpoch(e);
            long t0 = System.nanoTime();
            int steps = 0;
            for (Batch b : loader) {
                gaussian(eps, rng);
                try (Workspace.Scope s = ws.open()) {
                    adam.zeroGrad();
                    Var h = vae.encoder.forward(Var.constant(b.x()));
                    Var mu = vae.mu.forward(h);
                    Var logVar = vae.logVar.forward(h);
                    Var z = Ops.add(mu, Ops.mul(Ops.exp(Ops.scale(logVar, 0.5)), Var.constant(eps)));
                    Var r = bce.forward(vae.decoder.forward(z), b.x());
                    Var k = Ops.scale(Ops.sum(Ops.sub(Ops.sub(Ops.addScalar(logVar, 1), Ops.square(mu)),
                            Ops.exp(logVar))), -0.5 / b.size());
                    Var total = Ops.add(r, k);
                    total.backward();
                    adam.step();
                    rec[e] += r.item();
                    kl[e] += k.item();
                    steps++;
                }
            }
            rec[e] /= steps;
            kl[e] /= steps;
            loss[e] = rec[e] + kl[e];
            out.printf(Locale.ROOT, "epoch %2d: loss %.2f per image = reconstruction %.2f + KL %.2f (%.1f s)%n", e + 1,
                    loss[e], rec[e], kl[e], (System.nanoTime() - t0) / 1e9);
        }
        Path grid = ImageGrid.write(outDir.resolve("samples.png"), samples(vae, latent, rng), 28, 28, 8, 3);
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("loss (BCE + KL)", new double[][] {x, loss});
        series.put("reconstruction (BCE)", new double[][] {x, rec});
        series.put("KL divergence", new double[][] {x, kl});
        Charts.lines(outDir.resolve("loss.png"), "MNIST VAE, latent " + latent, "epoch", "per image", series,
                Charts.YScale.LINEAR);
        out.println("images: " + grid + " (decoded from z ~ N(0, I)), " + outDir.resolve("loss.png"));
        return new Result(loss, rec, kl, grid);
    }

    static void gaussian(Tensor t, SplittableRandom rng) {
        for (int i = 0; i < t.size(); i++) {
            t.data()[t.offset() + i] = (float) rng.nextGaussian();
        }
    }

    /** {@link #SAMPLES} images sigmoid(decoder(z)) for z ~ N(0, I). */
    @SuppressWarnings("try")
    static List<float[]> samples(Vae vae, int latent, SplittableRandom rng) {
        Tensor z = Tensor.zeros(SAMPLES, latent);
        gaussian(z, rng);
        List<float[]> tiles = new ArrayList<>();
        try (GradMode.Scope s = GradMode.noGrad()) {
            float[] y = Ops.sigmoid(vae.decoder.forward(Var.constant(z))).value().toArray();
            for (int i = 0; i < SAMPLES; i++) {
                float[] t = new float[PIXELS];
                System.arraycopy(y, i * PIXELS, t, 0, PIXELS);
                tiles.add(t);
            }
        }
        return tiles;
    }
}
