package vecnet.nn.fuzz;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import vecnet.core.Parallel;
import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.AvgPool2d;
import vecnet.nn.BatchNorm1d;
import vecnet.nn.BatchNorm2d;
import vecnet.nn.Conv2d;
import vecnet.nn.Dropout;
import vecnet.nn.ELU;
import vecnet.nn.Embedding;
import vecnet.nn.Flatten;
import vecnet.nn.GELU;
import vecnet.nn.GRU;
import vecnet.nn.GlobalAvgPool2d;
import vecnet.nn.HardSigmoid;
import vecnet.nn.Identity;
import vecnet.nn.LSTM;
import vecnet.nn.LeakyReLU;
import vecnet.nn.Linear;
import vecnet.nn.MaxPool2d;
import vecnet.nn.Maxout;
import vecnet.nn.Module;
import vecnet.nn.Penalty;
import vecnet.nn.RNN;
import vecnet.nn.ReLU;
import vecnet.nn.SELU;
import vecnet.nn.Sequential;
import vecnet.nn.SiLU;
import vecnet.nn.Sigmoid;
import vecnet.nn.Softmax;
import vecnet.nn.Softplus;
import vecnet.nn.Step;
import vecnet.nn.Tanh;
import vecnet.nn.autograd.GradCheck;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.SequenceOps;
import vecnet.nn.autograd.Workspace;
import vecnet.nn.data.BatchTransform;
import vecnet.nn.data.DataDirectory;
import vecnet.nn.data.DataLoader;
import vecnet.nn.data.Idx;
import vecnet.nn.data.IdxArray;
import vecnet.nn.data.Mnist;
import vecnet.nn.inference.Predictor;
import vecnet.nn.io.Checkpoint;
import vecnet.nn.io.ModelFiles;
import vecnet.nn.io.SafeTensors;
import vecnet.nn.optim.LRScheduler;
import vecnet.nn.optim.ParamGroup;
import vecnet.nn.data.RandomShift;
import vecnet.nn.io.Layouts;
import vecnet.nn.train.ConfusionMatrix;
import vecnet.nn.train.EarlyStopping;
import vecnet.nn.train.History;
import vecnet.nn.train.Metrics;
import vecnet.nn.train.Summary;
import vecnet.nn.train.SvgChart;
import vecnet.nn.train.NonFinitePolicy;
import vecnet.nn.train.Trainer;
import vecnet.nn.train.TrainingListener;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.Var;
import vecnet.nn.data.Batch;
import vecnet.nn.data.Dataset;
import vecnet.nn.init.Init;
import vecnet.nn.loss.BCELoss;
import vecnet.nn.loss.BCEWithLogitsLoss;
import vecnet.nn.loss.ContrastiveLoss;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.loss.DiceLoss;
import vecnet.nn.loss.FocalLoss;
import vecnet.nn.loss.HingeLoss;
import vecnet.nn.loss.HuberLoss;
import vecnet.nn.loss.KLDivLoss;
import vecnet.nn.loss.L1Loss;
import vecnet.nn.loss.LogCoshLoss;
import vecnet.nn.loss.Loss;
import vecnet.nn.loss.MSELoss;
import vecnet.nn.loss.NLLLoss;
import vecnet.nn.loss.Reduction;
import vecnet.nn.optim.AdaBelief;
import vecnet.nn.optim.Adagrad;
import vecnet.nn.optim.Adam;
import vecnet.nn.optim.AdamW;
import vecnet.nn.optim.CosineAnnealingLR;
import vecnet.nn.optim.ExponentialLR;
import vecnet.nn.optim.GradClip;
import vecnet.nn.optim.LBFGS;
import vecnet.nn.optim.Optimizer;
import vecnet.nn.optim.OptimizerOptions;
import vecnet.nn.optim.OptimizerState;
import vecnet.nn.optim.RAdam;
import vecnet.nn.optim.RMSprop;
import vecnet.nn.optim.SGD;
import vecnet.nn.optim.StepLR;
import vecnet.simd.Activation;
import vecnet.simd.ScalarReference;
import vecnet.simd.Simd;
import vecnet.simd.Window2d;

import vecnet.nn.fuzz.ApiFuzz.Entry;

/**
 * The entry points {@link ApiFuzzTest} drives, and a valid value of every parameter they take. Valid
 * values come from a per-type default ({@link #byType}), overridden per group (a layer's input shape)
 * and per parameter name (a tensor index that must match the rank). An unknown type fails the test, so
 * a new public API gets a valid value before it can ship.
 */
final class ApiEntries {
    private ApiEntries() {
    }

    /** Every entry point, in a fixed order. */
    static List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        core(out);
        simd(out);
        layers(out);
        autograd(out);
        losses(out);
        optim(out);
        data(out);
        io(out);
        training(out);
        return out;
    }

    // ---- valid values ---------------------------------------------------------------------------

    static Var var(int... dims) {
        return Var.parameter(Tensor.zeros(dims));
    }

    static Tensor ones(int... dims) {
        Tensor t = Tensor.zeros(dims);
        t.fill(1);
        return t;
    }

    /** Parameters that share an optimizer, a layer's parameters and a loss of them. */
    static List<Var> params() {
        return List.of(var(2, 2));
    }

    /** The default valid value of a parameter type. */
    static Object byType(Class<?> t) {
        if (t == int.class || t == Integer.class) {
            return 1;
        }
        if (t == long.class) {
            return 1L;
        }
        if (t == float.class) {
            return 0.5f;
        }
        if (t == double.class) {
            return 0.5;
        }
        if (t == boolean.class) {
            return false;
        }
        if (t == float[].class) {
            return new float[64];
        }
        if (t == int[].class) {
            return new int[64];
        }
        if (t == Window2d.class) {
            return Window2d.of(1, 1, 0);
        }
        if (t == Activation.class) {
            return Activation.RELU;
        }
        if (t == Shape.class) {
            return Shape.of(2, 2);
        }
        if (t == Tensor.class) {
            return Tensor.zeros(2, 2);
        }
        if (t == Var.class) {
            return var(2, 2);
        }
        if (t == Var[].class) {
            return new Var[] {var(2, 2)};
        }
        if (t == Module.class) {
            return new ReLU();
        }
        if (t == Module[].class) {
            return new Module[] {new ReLU()};
        }
        if (t == List.class || t == Collection.class) {
            return params();
        }
        if (t == Map.class) {
            return new HashMap<>();
        }
        if (t == Optimizer.class) {
            return new SGD(params(), 0.1);
        }
        if (t == RandomGenerator.class) {
            return new SplittableRandom(1);
        }
        if (t == Reduction.class) {
            return Reduction.MEAN;
        }
        if (t == PointwiseLoss.class) {
            return PointwiseLoss.SQUARED_ERROR;
        }
        if (t == RNN.Nonlinearity.class) {
            return RNN.Nonlinearity.TANH;
        }
        if (t == Runnable[].class) {
            return new Runnable[] {() -> { }};
        }
        if (t == java.util.function.Consumer.class) {
            return (java.util.function.Consumer<Object>) x -> { };
        }
        if (t == Supplier.class) { // an optimizer's closure: a differentiable loss
            Var p = var(2, 2);
            return (Supplier<Var>) () -> Ops.sum(Ops.mul(p, p));
        }
        if (t == Path.class) {
            return SCRATCH.resolve("out.safetensors");
        }
        if (t == Dataset.class) {
            return dataset();
        }
        if (t == DataLoader.class) {
            return new DataLoader(dataset(), 1, false, 1, false);
        }
        if (t == Loss.class) {
            return new MSELoss();
        }
        if (t == LRScheduler.class) {
            return new StepLR(new SGD(params(), 0.1), 1);
        }
        if (t == BatchTransform.class) {
            return (BatchTransform) (b, epoch, batch) -> { };
        }
        if (t == TrainingListener.class) {
            return new TrainingListener() { };
        }
        if (t == EarlyStopping.class) {
            return EarlyStopping.onValLoss(1);
        }
        if (t == NonFinitePolicy.class) {
            return NonFinitePolicy.values()[0];
        }
        if (t == SequenceOps.Cell.class) {
            return SequenceOps.Cell.LSTM;
        }
        if (t == double[].class) {
            return new double[] {0, 1};
        }
        if (t == Batch.class) {
            return new Batch(Tensor.zeros(2, 2, 2, 1), Tensor.zeros(2, 2), new int[] {0, 1});
        }
        if (t == History.class) {
            return new History();
        }
        if (t.isEnum()) {
            return t.getEnumConstants()[0];
        }
        if (t == String.class) {
            return "x";
        }
        throw new AssertionError("no valid value for parameter type " + t.getName() + ": add one to ApiEntries");
    }

    /** Valid values: by "Member#param" or "param" name first, then by type. */
    static Function<Parameter, Object> values(Map<String, Supplier<?>> byName, Map<Class<?>, Supplier<?>> byTypeOverride) {
        return p -> {
            Executable e = p.getDeclaringExecutable();
            String member = e.getDeclaringClass().getSimpleName() + "."
                    + (e instanceof java.lang.reflect.Constructor<?> ? "<init>" : e.getName()) + "#" + p.getName();
            StringBuilder sig = new StringBuilder();
            for (Class<?> t : e.getParameterTypes()) {
                sig.append(sig.length() == 0 ? "" : ",").append(t.getSimpleName());
            }
            String overload = member.substring(0, member.indexOf('#')) + "(" + sig + ")" + member.substring(member.indexOf('#'));
            for (Supplier<?> s : new Supplier<?>[] {byName.get(overload), byName.get(member), byName.get(p.getName()),
                    byTypeOverride.get(p.getType())}) {
                if (s != null) {
                    Object v = s.get();
                    // A by-name value of another type belongs to an overload (predict(Tensor batch) vs int batch).
                    if (v == null || wrap(p.getType()).isInstance(v)) {
                        return v;
                    }
                }
            }
            return byType(p.getType());
        };
    }

    private static Class<?> wrap(Class<?> t) {
        return t == int.class ? Integer.class : t == long.class ? Long.class : t == double.class ? Double.class
                : t == float.class ? Float.class : t == boolean.class ? Boolean.class : t;
    }

    private static void add(List<Entry> out, Class<?> type, boolean constructors, Supplier<Object> receiver,
                            Map<String, Supplier<?>> byName, Map<Class<?>, Supplier<?>> byTypeOverride) {
        Function<Parameter, Object> valid = values(byName, byTypeOverride);
        for (Executable e : ApiFuzz.members(type, constructors)) {
            String prefix = receiver == null || type == e.getDeclaringClass() ? "" : type.getSimpleName() + ":";
            out.add(new Entry(prefix + ApiFuzz.describe(e), e, receiver, valid));
        }
    }

    private static Map<String, Supplier<?>> names(Object... kv) {
        Map<String, Supplier<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Supplier<?>) kv[i + 1]);
        }
        return m;
    }

    // ---- groups ---------------------------------------------------------------------------------

    private static void core(List<Entry> out) {
        Map<String, Supplier<?>> n = names("dims", (Supplier<int[]>) () -> new int[] {2, 3},
                "newDims", (Supplier<int[]>) () -> new int[] {3, 2},
                "index", (Supplier<int[]>) () -> new int[] {1, 1},
                "data", (Supplier<float[]>) () -> new float[6],
                "Tensor.wrap#shape", (Supplier<Shape>) () -> Shape.of(2, 3),
                "Tensor.wrap#offset", (Supplier<Integer>) () -> 0,
                "tasks", (Supplier<Runnable[]>) () -> new Runnable[] {() -> { }},
                "threads", (Supplier<Integer>) () -> Parallel.parallelism());
        add(out, Tensor.class, false, () -> Tensor.zeros(2, 3), n, Map.of());
        add(out, Shape.class, false, () -> Shape.of(2, 3), n, Map.of());
        add(out, Parallel.class, false, null, n, Map.of());
    }

    private static void simd(List<Entry> out) {
        // Every size 1, every offset 1, every array 64 long, every window 1x1: a valid call of each kernel.
        Map<String, Supplier<?>> n = names();
        add(out, Simd.class, false, null, n, Map.of());
        add(out, ScalarReference.class, false, null, n, Map.of());
        add(out, Window2d.class, true, () -> Window2d.of(1, 1, 0), n, Map.of());
        // Diagnostics has no public member but main (a command line, left out by ApiFuzz.members);
        // its report is Simd.diagnostics(), an entry point of Simd above.
    }

    /** A layer, a fresh copy per call, and the shape of a valid input. */
    private record Layer(Supplier<Module> make, int... input) {
    }

    private static List<Layer> layerList() {
        return List.of(new Layer(() -> new AvgPool2d(2), 1, 2, 2, 1), new Layer(() -> new BatchNorm1d(2), 2, 2),
                new Layer(() -> new BatchNorm2d(2), 1, 2, 2, 2), new Layer(() -> new Conv2d(1, 1, 1), 1, 2, 2, 1),
                new Layer(() -> new Dropout(0.5, 1), 2, 2), new Layer(() -> new ELU(), 2, 2),
                new Layer(() -> new Embedding(2, 2), 2, 2), new Layer(() -> new Flatten(), 2, 2),
                new Layer(() -> new GELU(), 2, 2), new Layer(() -> new GRU(2, 2), 1, 1, 2),
                new Layer(() -> new LSTM(2, 2), 1, 1, 2), new Layer(() -> new RNN(2, 2), 1, 1, 2),
                new Layer(() -> new GlobalAvgPool2d(), 1, 2, 2, 1), new Layer(() -> new HardSigmoid(), 2, 2),
                new Layer(() -> new Identity(), 2, 2), new Layer(() -> new LeakyReLU(), 2, 2),
                new Layer(() -> new Linear(2, 2), 2, 2), new Layer(() -> new MaxPool2d(2), 1, 2, 2, 1),
                new Layer(() -> new Maxout(2, 2, 2), 2, 2), new Layer(() -> new ReLU(), 2, 2),
                new Layer(() -> new SELU(), 2, 2), new Layer(() -> new Sequential(new ReLU()), 2, 2),
                new Layer(() -> new SiLU(), 2, 2), new Layer(() -> new Sigmoid(), 2, 2),
                new Layer(() -> new Softmax(), 2, 2), new Layer(() -> new Softplus(), 2, 2),
                new Layer(() -> new Step(), 2, 2), new Layer(() -> new Tanh(), 2, 2));
    }

    private static void layers(List<Entry> out) {
        for (Layer l : layerList()) {
            Map<String, Supplier<?>> n = names("h0", (Supplier<Var>) () -> null, "c0", (Supplier<Var>) () -> null,
                    "Module.loadStateDict#state", (Supplier<Map<String, Tensor>>) () -> l.make().get().stateDict(),
                    "index", (Supplier<Integer>) () -> 0,
                    "indices", (Supplier<int[]>) () -> new int[] {0, 1},
                    "shape", (Supplier<int[]>) () -> new int[] {2},
                    "paddingIdx", (Supplier<Integer>) () -> 0,
                    "approximate", (Supplier<String>) () -> "none",
                    "oihw", (Supplier<Tensor>) () -> Tensor.zeros(1, 1, 1, 1),
                    "ohwi", (Supplier<Tensor>) () -> Tensor.zeros(1, 1, 1, 1));
            add(out, l.make().get().getClass(), true, () -> l.make().get(), n,
                    Map.of(Var.class, () -> var(l.input())));
        }
    }

    private static void autograd(List<Entry> out) {
        Map<String, Supplier<?>> n = names(
                "Ops.linear#bias", (Supplier<Var>) () -> var(2),
                "Ops.batchNorm#weight", (Supplier<Var>) () -> var(2),
                "Ops.batchNorm#bias", (Supplier<Var>) () -> var(2),
                "Ops.batchNorm#batchMean", (Supplier<Tensor>) () -> Tensor.zeros(2),
                "Ops.batchNorm#batchVar", (Supplier<Tensor>) () -> Tensor.zeros(2),
                "Ops.batchNormEval#weight", (Supplier<Var>) () -> var(2),
                "Ops.batchNormEval#bias", (Supplier<Var>) () -> var(2),
                "Ops.batchNormEval#mean", (Supplier<Tensor>) () -> Tensor.zeros(2),
                "Ops.batchNormEval#var", (Supplier<Tensor>) () -> Tensor.zeros(2),
                "Ops.conv2d#x", (Supplier<Var>) () -> var(1, 2, 2, 1),
                "Ops.conv2d#weight", (Supplier<Var>) () -> var(1, 1, 1, 1),
                "Ops.conv2d#bias", (Supplier<Var>) () -> var(1),
                "Ops.maxPool2d#x", (Supplier<Var>) () -> var(1, 2, 2, 1),
                "Ops.avgPool2d#x", (Supplier<Var>) () -> var(1, 2, 2, 1),
                "Ops.globalAvgPool2d#x", (Supplier<Var>) () -> var(1, 2, 2, 1),
                "Ops.swapBatchTime#x", (Supplier<Var>) () -> var(1, 2, 2),
                "Ops.embedding#shape", (Supplier<int[]>) () -> new int[] {2},
                "Ops.embedding#indices", (Supplier<int[]>) () -> new int[] {0, 1},
                "Ops.embedding#paddingIdx", (Supplier<Integer>) () -> -1,
                "labels", (Supplier<int[]>) () -> new int[] {0, 1},
                "Ops.reshape#dims", (Supplier<int[]>) () -> new int[] {4},
                "Var.reshape#dims", (Supplier<int[]>) () -> new int[] {4},
                "k", (Supplier<Integer>) () -> 2,
                "Ops.pointwiseLoss#target", (Supplier<Tensor>) () -> Tensor.zeros(2, 2),
                "outputGrad", (Supplier<Tensor>) () -> Tensor.zeros(2, 2));
        add(out, Ops.class, false, null, n, Map.of());
        // A one-element receiver: item() and backward() need one; the ops broadcast it against (2, 2).
        add(out, Var.class, false, () -> Var.parameter(Tensor.zeros(1, 1)),
                names("dims", (Supplier<int[]>) () -> new int[] {1}, "outputGrad", (Supplier<Tensor>) () -> Tensor.zeros(1, 1)),
                Map.of(Var.class, () -> var(1, 1)));
        add(out, Penalty.class, false, null, n, Map.of());
        add(out, Init.class, false, null,
                names("mean", (Supplier<Double>) () -> 0.0, "a", (Supplier<Double>) () -> 0.0,
                        "Init.uniform#b", (Supplier<Double>) () -> 1.0),
                Map.of());
        add(out, GradClip.class, false, null, n, Map.of());
        // A returned scope is closed by the driver, so no workspace or no-grad mode outlives its call.
        add(out, Workspace.class, true, Workspace::new, names(), Map.of());
        add(out, Workspace.Scope.class, false, () -> new Workspace().open(), names(), Map.of());
        add(out, GradMode.class, false, null, names(), Map.of());
        add(out, GradMode.Scope.class, false, GradMode::noGrad, names(), Map.of());
        add(out, GradCheck.class, false, null,
                names("GradCheck.maxError(Function,double,long,Tensor[])#f",
                        (Supplier<Function<Var[], Var>>) () -> vs -> Ops.sum(Ops.mul(vs[0], vs[0])),
                        "GradCheck.maxError#eps", (Supplier<Double>) () -> 1e-2,
                        "GradCheck.maxError#inputs", (Supplier<Tensor[]>) () -> new Tensor[] {Tensor.zeros(2, 2)}),
                Map.of());
    }

    private static void losses(List<Entry> out) {
        List<Supplier<Loss>> losses = List.of(BCELoss::new, BCEWithLogitsLoss::new, ContrastiveLoss::new,
                CrossEntropyLoss::new, DiceLoss::new, FocalLoss::new, HingeLoss::new, HuberLoss::new, KLDivLoss::new,
                L1Loss::new, LogCoshLoss::new, MSELoss::new, NLLLoss::new);
        for (Supplier<Loss> l : losses) {
            Class<?> type = l.get().getClass();
            boolean classes = type == CrossEntropyLoss.class || type == NLLLoss.class;
            Map<String, Supplier<?>> n = names("labels", (Supplier<Object>) () ->
                            type == ContrastiveLoss.class ? Tensor.zeros(2) : new int[] {0, 1},
                    "target", (Supplier<Tensor>) () -> classes ? Tensor.zeros(2) : type == HingeLoss.class ? ones(2, 2)
                            : Tensor.zeros(2, 2),
                    "a", (Supplier<Var>) () -> var(2, 2), "b", (Supplier<Var>) () -> var(2, 2));
            add(out, type, true, () -> l.get(), n, Map.of());
        }
    }

    private static void optim(List<Entry> out) {
        List<Supplier<Optimizer>> opts = List.of(() -> new SGD(params(), 0.1), () -> new Adam(params(), 0.1),
                () -> new AdamW(params(), 0.1), () -> new AdaBelief(params(), 0.1), () -> new Adagrad(params(), 0.1),
                () -> new RAdam(params(), 0.1), () -> new RMSprop(params(), 0.1), () -> new LBFGS(params(), 0.1));
        for (Supplier<Optimizer> o : opts) {
            Optimizer sample = o.get();
            Map<String, Supplier<?>> n = names("options", (Supplier<Object>) () -> defaults(o.get()),
                    "state", (Supplier<Object>) () -> o.get().stateDict());
            add(out, sample.getClass(), true, () -> o.get(), n, Map.of());
            Class<?> options = defaults(sample).getClass();
            add(out, options, true, () -> defaults(o.get()),
                    names("values", (Supplier<Object>) () -> defaults(o.get()).asMap()), Map.of());
        }
        add(out, StepLR.class, true, () -> new StepLR(new SGD(params(), 0.1), 2), names(), Map.of());
        add(out, ExponentialLR.class, true, () -> new ExponentialLR(new SGD(params(), 0.1), 0.5), names(), Map.of());
        add(out, CosineAnnealingLR.class, true, () -> new CosineAnnealingLR(new SGD(params(), 0.1), 2), names(),
                Map.of());
        add(out, OptimizerState.class, true, () -> new Adam(params(), 0.1).stateDict(),
                names("groups", (Supplier<List<Map<String, Double>>>) () -> List.of(Map.of("lr", 0.1)),
                        "steps", (Supplier<Map<Integer, Long>>) () -> Map.of(0, 1L),
                        "buffers", (Supplier<Map<String, float[]>>) () -> Map.of("0.exp_avg", new float[4])),
                Map.of());
    }

    /** Two samples of two features, classes 0 and 1. */
    static Dataset dataset() {
        return Dataset.ofClasses(new float[4], new int[] {2}, new int[] {0, 1}, 2);
    }

    /** Files the io and training entry points write and read: made once, deleted by the JVM's exit. */
    static final Path SCRATCH = scratch();

    private static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("vecnet-apifuzz");
            dir.toFile().deleteOnExit();
            Map<String, Tensor> one = Map.of("weight", Tensor.zeros(2, 2));
            SafeTensors.save(dir.resolve("in.safetensors"), one, Map.of());
            ModelFiles.save(new Linear(2, 2), dir.resolve("linear.safetensors"));
            trainer().saveCheckpoint(dir.resolve("checkpoint.safetensors"));
            Linear model = new Linear(2, 2);
            Checkpoint.save(dir.resolve("vecnet-checkpoint.safetensors"), model, new SGD(model.parameters(), 0.1),
                    new StepLR(new SGD(params(), 0.1), 1), new Checkpoint.Progress(1, 1L, Map.of("k", "v")));
            Files.write(dir.resolve("in.idx"), idx(new int[] {2, 2}, new byte[] {0, 1, 2, (byte) 255}));
            // A two-image MNIST in the original layout: Mnist.load reads it in microseconds.
            Path mnist = Files.createDirectory(dir.resolve("mnist"));
            mnist.toFile().deleteOnExit();
            for (String set : new String[] {"train", "t10k"}) {
                Files.write(mnist.resolve(set + "-images-idx3-ubyte"), idx(new int[] {2, Mnist.ROWS, Mnist.COLUMNS},
                        new byte[2 * Mnist.ROWS * Mnist.COLUMNS]));
                Files.write(mnist.resolve(set + "-labels-idx1-ubyte"), idx(new int[] {2}, new byte[] {3, 7}));
            }
            try (java.util.stream.Stream<Path> files = Files.list(mnist)) {
                files.forEach(f -> f.toFile().deleteOnExit());
            }
            dir.resolve("out.safetensors").toFile().deleteOnExit(); // what the save entry points write
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> f.toFile().deleteOnExit());
            }
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An IDX file of unsigned bytes: 00 00 08 rank, the dimensions (big-endian int32), the values. */
    static byte[] idx(int[] dims, byte[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) Idx.UNSIGNED_BYTE).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    static Trainer trainer() {
        Linear model = new Linear(2, 2);
        return new Trainer(model, new CrossEntropyLoss(), new SGD(model.parameters(), 0.1));
    }

    private static void io(List<Entry> out) {
        Map<String, Supplier<?>> n = names("SafeTensors.load#file", (Supplier<Path>) () -> SCRATCH.resolve("in.safetensors"),
                "SafeTensors.read#file", (Supplier<Path>) () -> SCRATCH.resolve("in.safetensors"),
                "ModelFiles.load#file", (Supplier<Path>) () -> SCRATCH.resolve("linear.safetensors"),
                "ModelFiles.load#module", (Supplier<Module>) () -> new Linear(2, 2),
                "tensors", (Supplier<Map<String, Tensor>>) () -> Map.of("w", Tensor.zeros(2)),
                "metadata", (Supplier<Map<String, String>>) () -> Map.of("k", "v"));
        add(out, SafeTensors.class, false, null, n, Map.of());
        add(out, ModelFiles.class, false, null, n, Map.of());
        Map<String, Supplier<?>> c = names("Checkpoint.load#file",
                (Supplier<Path>) () -> SCRATCH.resolve("vecnet-checkpoint.safetensors"),
                "model", (Supplier<Module>) () -> new Linear(2, 2),
                "Checkpoint.load#optimizer", (Supplier<Optimizer>) () -> new SGD(new Linear(2, 2).parameters(), 0.1),
                "scheduler", (Supplier<LRScheduler>) () -> new StepLR(new SGD(params(), 0.1), 1),
                "progress", (Supplier<Checkpoint.Progress>) () -> new Checkpoint.Progress(1, 1L, Map.of("k", "v")),
                "extra", (Supplier<Map<String, String>>) () -> Map.of("k", "v"));
        add(out, Checkpoint.class, false, null, c, Map.of());
        add(out, Checkpoint.Progress.class, true, () -> new Checkpoint.Progress(1, 1L, Map.of("k", "v")), c, Map.of());
    }

    private static void training(List<Entry> out) {
        Map<String, Supplier<?>> n = names("sampleDims", (Supplier<int[]>) () -> new int[] {2},
                "sample", (Supplier<float[]>) () -> new float[2],
                "Predictor.predict#batch", (Supplier<Object>) () -> Tensor.zeros(2, 2),
                "model", (Supplier<Module>) () -> new Linear(2, 2),
                "Trainer.<init>#optimizer", (Supplier<Optimizer>) () -> new SGD(new Linear(2, 2).parameters(), 0.1),
                "Trainer.loadCheckpoint#file", (Supplier<Path>) () -> SCRATCH.resolve("checkpoint.safetensors"),
                "Trainer.predict#x", (Supplier<Tensor>) () -> Tensor.zeros(2, 2),
                "batchSize", (Supplier<Integer>) () -> 1,
                "SequenceOps.recurrent#x", (Supplier<Var>) () -> var(1, 1, 2),
                "SequenceOps.recurrent#weights", (Supplier<List<Var>>) () -> new LSTM(2, 2).parameters(),
                "SequenceOps.recurrent#bias", (Supplier<Boolean>) () -> true,
                "SequenceOps.recurrent#h0", (Supplier<Var>) () -> null,
                "SequenceOps.recurrent#c0", (Supplier<Var>) () -> null,
                "SequenceOps.swapBatchTime#x", (Supplier<Var>) () -> var(1, 1, 2),
                "SequenceOps.embedding#indices", (Supplier<int[]>) () -> new int[] {0, 1},
                "SequenceOps.embedding#shape", (Supplier<int[]>) () -> new int[] {2},
                "SequenceOps.embedding#paddingIdx", (Supplier<Integer>) () -> -1,
                "Predictor.frozen#model", (Supplier<Module>) () -> new Sequential(new Linear(2, 2)));
        add(out, Predictor.class, false, () -> Predictor.of(new Linear(2, 2), 2), n, Map.of());
        add(out, DataLoader.class, true, () -> new DataLoader(dataset(), 1, false, 1, false), n, Map.of());
        add(out, Trainer.class, true, ApiEntries::trainer, n, Map.of());
        add(out, ParamGroup.class, false, () -> new SGD(params(), 0.1).paramGroups().get(0),
                names("name", (Supplier<String>) () -> "lr",
                        "ParamGroup.flag#name", (Supplier<String>) () -> "nesterov",
                        "ParamGroup.set(String,boolean)#name", (Supplier<String>) () -> "nesterov"), Map.of());
        add(out, SequenceOps.class, false, null, n, Map.of());
        Map<String, Supplier<?>> m = names("actual", (Supplier<Object>) () -> 0, "predicted", (Supplier<Object>) () -> 1,
                "ConfusionMatrix.add(int[],int[],int)#actual", (Supplier<int[]>) () -> new int[] {0, 1},
                "ConfusionMatrix.add(int[],int[],int)#predicted", (Supplier<int[]>) () -> new int[] {1, 0},
                "labels", (Supplier<int[]>) () -> new int[] {0, 1}, "out", (Supplier<int[]>) () -> new int[2],
                "classNames", (Supplier<List<String>>) () -> List.of("a", "b"),
                "numClasses", (Supplier<Integer>) () -> 2, "n", (Supplier<Integer>) () -> 2,
                "inputShape", (Supplier<int[]>) () -> new int[] {2},
                "series", (Supplier<List<SvgChart.Series>>) () -> List.of(new SvgChart.Series("s", new double[] {0, 1},
                        new double[] {0, 1})),
                "path", (Supplier<Path>) () -> SCRATCH.resolve("out.safetensors"),
                "Layouts.linearInputFromNchw#weight", (Supplier<Tensor>) () -> Tensor.zeros(2, 1),
                "Layouts.linearInputToNchw#weight", (Supplier<Tensor>) () -> Tensor.zeros(2, 1),
                "pytorchStateDict", (Supplier<Map<String, Tensor>>) () -> new Linear(2, 2).stateDict(),
                "target", (Supplier<Module>) () -> new Linear(2, 2), "source", (Supplier<Module>) () -> new Linear(2, 2),
                "model", (Supplier<Module>) () -> new Linear(2, 2));
        add(out, ConfusionMatrix.class, true, () -> new ConfusionMatrix(2), m, Map.of());
        add(out, Metrics.class, false, null, m, Map.of());
        add(out, EarlyStopping.class, true, () -> EarlyStopping.onValLoss(1), m, Map.of());
        add(out, RandomShift.class, true, () -> new RandomShift(1, 0f, 1), m, Map.of());
        add(out, Layouts.class, false, null, m, Map.of());
        add(out, Summary.class, false, () -> Summary.of(new Linear(2, 2), 2), m, Map.of());
        add(out, SvgChart.class, false, null, m, Map.of());
        add(out, SvgChart.Series.class, true, () -> new SvgChart.Series("s", new double[] {0, 1}, new double[] {0, 1}),
                m, Map.of());
    }

    /** Each optimizer's own {@code defaults()}, or its Options' static defaults() (LBFGS has one group). */
    private static OptimizerOptions defaults(Optimizer o) {
        try {
            try {
                return (OptimizerOptions) o.getClass().getMethod("defaults").invoke(o);
            } catch (NoSuchMethodException none) {
                return (OptimizerOptions) Class.forName(o.getClass().getName() + "$Options").getMethod("defaults")
                        .invoke(null);
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void data(List<Entry> out) {
        Map<String, Supplier<?>> n = names("features", (Supplier<float[]>) () -> new float[4],
                "sampleDims", (Supplier<int[]>) () -> new int[] {2},
                "Dataset.ofClasses#labels", (Supplier<int[]>) () -> new int[] {0, 1},
                "numClasses", (Supplier<Integer>) () -> 2,
                "targets", (Supplier<float[]>) () -> new float[2],
                "targetDims", (Supplier<int[]>) () -> new int[] {1},
                "i", (Supplier<Integer>) () -> 0,
                "Batch.<init>#labels", (Supplier<int[]>) () -> null,
                "x", (Supplier<Tensor>) () -> Tensor.zeros(2, 2), "y", (Supplier<Tensor>) () -> Tensor.zeros(2, 2));
        add(out, Dataset.class, false, () -> Dataset.ofClasses(new float[4], new int[] {2}, new int[] {0, 1}, 2), n,
                Map.of());
        add(out, Batch.class, true, () -> new Batch(Tensor.zeros(2, 2), Tensor.zeros(2, 2), null), n, Map.of());
        // Small files in SCRATCH (an IDX file, a two-image MNIST); DataDirectory.locate(name) finds the
        // committed data/mnist from the module directory (../data/mnist) or the repository root.
        Map<String, Supplier<?>> f = names("Idx.read#file", (Supplier<Path>) () -> SCRATCH.resolve("in.idx"),
                "dims", (Supplier<int[]>) () -> new int[] {2, 2},
                "IdxArray.<init>#data", (Supplier<byte[]>) () -> new byte[4],
                "axis", (Supplier<Integer>) () -> 0,
                "Mnist.load#dir", (Supplier<Path>) () -> SCRATCH.resolve("mnist"),
                "name", (Supplier<String>) () -> "mnist",
                "explicit", (Supplier<Path>) () -> SCRATCH.resolve("mnist"));
        add(out, Idx.class, false, null, f, Map.of());
        add(out, IdxArray.class, true, () -> new IdxArray(new int[] {2, 2}, new byte[4]), f, Map.of());
        add(out, Mnist.class, false, null, f, Map.of());
        add(out, DataDirectory.class, false, null, f, Map.of());
    }
}
