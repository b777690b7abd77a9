package vecnet.examples;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import vecnet.core.Parallel;
import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.Conv2d;
import vecnet.nn.Dropout;
import vecnet.nn.Flatten;
import vecnet.nn.Linear;
import vecnet.nn.MaxPool2d;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;
import vecnet.nn.init.Init;

/**
 * The real VGG16 (Simonyan and Zisserman 2014, configuration D): 13 conv 3x3 pad 1 + ReLU layers
 * 64, 64, M, 128, 128, M, 256 x3, M, 512 x3, M, 512 x3, M (M = 2x2 max pool), then fc 25088 → 4096 →
 * 4096 → 1000 with ReLU and dropout; 138,357,544 parameters, NHWC, random He-initialised weights
 * (seeded). Runs inference (eval mode, no grad) on random 224x224x3 images, one image then a small
 * batch, each shape's first (cold) call and later calls timed, with GFLOP/s from the layer shapes and
 * the heap it needed. Note that our Flatten reads (7, 7, 512) in NHWC order, so pretrained PyTorch
 * weights would need fc1's columns permuted (there are none here).
 * Options: {@code --batch 4 --repeats 2 --threads <cores> --seed 1 --size 224}.
 */
@SuppressWarnings("try") // the no-grad scope is used for its effect
public final class Vgg16 {
    /** Marks a 2x2 max pool in {@link #CONFIG}; other entries are a conv layer's output channels. */
    static final int POOL = 0;
    static final int[] CONFIG = {64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL, 512, 512, 512, POOL, 512, 512, 512,
            POOL};
    static final int CLASSES = 1000;
    static final int HIDDEN = 4096;
    static final int FULL_SIZE = 224;
    /** The published parameter count of VGG16 at 224x224 (13 convs + 3 fc, with biases). */
    static final long PARAMETERS_224 = 138_357_544L;
    static final double DROPOUT = 0.5;

    /** One layer of the profiled forward pass: output shape, parameters and FLOPs per image. */
    record LayerCost(String name, Shape output, long parameters, long flopsPerImage) {
    }

    /** A profiled forward pass: each layer's cost, the network's output and the total FLOPs per image. */
    record Profile(List<LayerCost> layers, Var output, long flopsPerImage) {
    }

    /** What the run measured; times are seconds per call, heap figures bytes. */
    record Result(long parameters, int[] outputShape, long flopsPerImage, int batch, double coldSingle,
                  double warmSingle, double coldBatch, double warmBatch, long heapMax, long heapAfterBuild,
                  long heapPeak) {
    }

    private Vgg16() {
    }

    public static void main(String[] args) {
        Args a = Args.parse(args, "batch", "repeats", "threads", "seed", "size");
        int threads = a.intValue("threads", Parallel.parallelism());
        Parallel.setParallelism(threads);
        run(a.intValue("size", FULL_SIZE), a.intValue("batch", 4), a.intValue("repeats", 2), a.longValue("seed", 1),
                System.out);
    }

    /**
     * VGG16 for square RGB images of side {@code size} (a multiple of 32; 224 is the real network, whose
     * first fc layer then has 7·7·512 = 25088 inputs): convolutions with He-uniform weights (fan in,
     * ReLU gain) and zero biases, the fc layers alike.
     */
    static Sequential build(int size, RandomGenerator rng) {
        if (size < 32 || size % 32 != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of 32, was " + size);
        }
        Sequential net = new Sequential();
        int channels = 3;
        for (int c : CONFIG) {
            if (c == POOL) {
                net.add(new MaxPool2d(2));
            } else {
                Conv2d conv = new Conv2d(channels, c, 3, 3, 1, 1, true, rng);
                heInit(conv.weight(), conv.bias(), rng);
                net.add(conv).add(new ReLU());
                channels = c;
            }
        }
        int side = size / 32;
        net.add(new Flatten());
        net.add(fc(side * side * channels, HIDDEN, rng)).add(new ReLU()).add(new Dropout(DROPOUT, rng.nextLong()));
        net.add(fc(HIDDEN, HIDDEN, rng)).add(new ReLU()).add(new Dropout(DROPOUT, rng.nextLong()));
        net.add(fc(HIDDEN, CLASSES, rng));
        return net;
    }

    private static Linear fc(int in, int out, RandomGenerator rng) {
        Linear l = new Linear(in, out, true, rng);
        heInit(l.weight(), l.bias(), rng);
        return l;
    }

    private static void heInit(Var weight, Var bias, RandomGenerator rng) {
        Init.kaimingUniform(weight.value(), 0, false, rng);
        Init.zeros(bias.value());
    }

    static long parameterCount(Module m) {
        long n = 0;
        for (Var p : m.parameters()) {
            n += p.size();
        }
        return n;
    }

    /**
     * One forward pass layer by layer (eval, no grad), recording each layer's output shape, parameters
     * and FLOPs per image: 2·(multiply-adds) of the convolutions (per output element kh·kw·Cin) and the
     * linear layers (in·out); biases, ReLU and pooling are not counted.
     */
    static Profile profile(Sequential model, Var x) {
        List<LayerCost> costs = new ArrayList<>();
        int n = x.shape().dim(0);
        long total = 0;
        Var y = x;
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int i = 0; i < model.size(); i++) {
                Module layer = model.get(i);
                y = layer.forward(y);
                long flops = 0;
                if (layer instanceof Conv2d conv) {
                    Shape w = conv.weight().shape(); // (out, kh, kw, in)
                    long perOutput = (long) w.dim(1) * w.dim(2) * w.dim(3);
                    flops = 2 * perOutput * (y.size() / n);
                } else if (layer instanceof Linear lin) {
                    flops = 2L * lin.weight().size();
                }
                costs.add(new LayerCost(i + " " + layer, y.shape(), parameterCount(layer), flops));
                total += flops;
            }
        }
        return new Profile(List.copyOf(costs), y, total);
    }

    static Result run(int size, int batch, int repeats, long seed, PrintStream out) {
        if (batch < 1 || repeats < 1) {
            throw new IllegalArgumentException("batch and repeats must be >= 1, were " + batch + " and " + repeats);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        long t0 = System.nanoTime();
        Sequential model = build(size, rng);
        model.eval();
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long params = parameterCount(model);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapAfterBuild = rt.totalMemory() - rt.freeMemory();
        resetPeaks();
        out.printf(Locale.ROOT, "VGG16 for %dx%dx3 NHWC input, He-uniform weights (seed %d), built in %.1f s, %d threads%n", size,
                size, seed, buildSeconds, Parallel.parallelism());
        out.printf(Locale.ROOT, "parameters: %,d%s (%.1f MB of float weights)%n", params,
                size == FULL_SIZE ? (params == PARAMETERS_224 ? " = the published 138,357,544" : " != the published 138,357,544")
                        : "", params * 4 / 1e6);

        Var one = Var.constant(randomImages(1, size, rng));
        long c0 = System.nanoTime();
        Profile profile = profile(model, one);
        double coldSingle = (System.nanoTime() - c0) / 1e9;
        long flops = profile.flopsPerImage();
        Var logits = profile.output();
        out.println();
        out.println("layer                                                          | output             | parameters  | MFLOP/image");
        for (LayerCost c : profile.layers()) {
            out.printf(Locale.ROOT, "%-62s | %-18s | %,11d | %,11.1f%n", c.name(), c.output(), c.parameters(),
                    c.flopsPerImage() / 1e6);
        }
        int[] outShape = logits.shape().dims();
        out.printf(Locale.ROOT, "total: %.2f GFLOP per image (%.2f G multiply-adds); output shape %s%n", flops / 1e9,
                flops / 2e9, logits.shape());
        out.printf(Locale.ROOT, "logits of the random image: mean %.4f, std %.4f (He init keeps the signal alive)%n",
                mean(logits.value()), std(logits.value()));

        double warmSingle = timed(model, one, repeats);
        Var many = Var.constant(randomImages(batch, size, rng));
        double coldBatch = timed(model, many, 1);
        double warmBatch = timed(model, many, repeats);
        out.println();
        out.println("forward pass (eval, no grad)   | s per call | s per image | GFLOP/s");
        line(out, "batch 1, first (cold) call", coldSingle, 1, flops);
        line(out, "batch 1, later calls (mean of " + repeats + ")", warmSingle, 1, flops);
        line(out, "batch " + batch + ", first call", coldBatch, batch, flops);
        line(out, "batch " + batch + ", later calls (mean of " + repeats + ")", warmBatch, batch, flops);

        long peak = heapPeak();
        long max = rt.maxMemory();
        out.println();
        out.printf(Locale.ROOT, "heap: max %.0f MB (-Xmx, default 1/4 of RAM), used after building %.0f MB, "
                + "peak during the forward passes <= %.0f MB (sum of the heap pools' peaks)%n", max / 1e6, heapAfterBuild / 1e6,
                peak / 1e6);
        out.printf(Locale.ROOT, "so -Xmx%dm is enough for batch %d (an upper bound: the weights alone are %.0f MB); the default"
                + " heap of a 24 GiB machine (6 GiB) holds it%n", roundUpTo256Mb(Math.max(peak, heapAfterBuild)), batch,
                params * 4 / 1e6);
        return new Result(params, outShape, flops, batch, coldSingle, warmSingle, coldBatch, warmBatch, max, heapAfterBuild,
                peak);
    }

    private static void line(PrintStream out, String label, double seconds, int images, long flopsPerImage) {
        out.printf(Locale.ROOT, "%-30s | %10.3f | %11.3f | %7.1f%n", label, seconds, seconds / images,
                flopsPerImage * (double) images / seconds / 1e9);
    }

    /** Mean seconds per call over {@code calls} forward passes. */
    private static double timed(Sequential model, Var x, int calls) {
        long t = System.nanoTime();
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int i = 0; i < calls; i++) {
                model.forward(x);
            }
        }
        return (System.nanoTime() - t) / 1e9 / calls;
    }

    private static Tensor randomImages(int n, int size, RandomGenerator rng) {
        Tensor t = Tensor.zeros(n, size, size, 3);
        Init.normal(t, 0, 1, rng); // like normalised pixels
        return t;
    }

    private static double mean(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) {
            s += t.data()[t.offset() + i];
        }
        return s / t.size();
    }

    private static double std(Tensor t) {
        double m = mean(t);
        double s = 0;
        for (int i = 0; i < t.size(); i++) {
            double d = t.data()[t.offset() + i] - m;
            s += d * d;
        }
        return Math.sqrt(s / t.size());
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long roundUpTo256Mb(long bytes) {
        long mb = (bytes + (1 << 20) - 1) >> 20;
        return (mb + 255) / 256 * 256;
    }
}
