package vecnet.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import vecnet.core.Tensor;
import vecnet.nn.Module;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;
import vecnet.nn.data.Batch;
import vecnet.nn.data.DataLoader;
import vecnet.nn.io.Checkpoint;
import vecnet.nn.loss.Loss;
import vecnet.nn.loss.Reduction;
import vecnet.nn.optim.LRScheduler;
import vecnet.nn.optim.Optimizer;
import vecnet.simd.Simd;

/**
 * The training loop: epochs of mini-batches from a {@link DataLoader}, each batch one optimizer step
 * (zero the gradients, forward, loss, backward, step), then validation, the learning-rate schedule,
 * the stopping rules and the listeners. The course's regimes are the loader's batch size: the whole
 * data set (full-batch gradient descent), a mini-batch, or 1 (per-sample SGD).
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3))
 *         .epochs(10).validation(testLoader).scheduler(s);
 * History h = trainer.fit(trainLoader);
 * Evaluation e = trainer.evaluate(testLoader);
 * }</pre>
 *
 * <p>Stopping: after {@link #epochs} epochs, after {@link #maxSteps} steps, when an epoch's training
 * loss falls below {@link #stopWhenLossBelow}, when validation stops improving ({@link #earlyStopping},
 * which can restore the best weights), or when a listener calls {@link #requestStop()}. A NaN or
 * infinite loss, or a gradient with such an element (checked on every parameter before each update, a
 * pass about as fast as reading the gradients), is detected at the step that produced it and named
 * ({@link NonFiniteException}: the step, the epoch and the parameter); by
 * {@link #onNonFinite policy} it throws or stops with the last good weights.
 *
 * <p>Each batch size gets its own {@link Workspace}, so steady-state steps reuse every array (the last,
 * smaller batch of an epoch does not evict the full batches' arrays). {@link #fit} may be called again to
 * train on (epochs keep counting).
 *
 * <p>Thread safety: not thread-safe: one thread at a time; only {@link #requestStop()} may be called from
 * any thread.
 */
public final class Trainer {
    /** System property ({@code off}/{@code false}/{@code 0}) that turns the built-in progress output off. */
    public static final String PROGRESS_PROPERTY = "vecnet.progress";
    /** Environment variable with the same meaning as {@link #PROGRESS_PROPERTY}. */
    public static final String PROGRESS_ENV = "VECNET_PROGRESS";

    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final History history = new History();
    private final Map<Integer, Workspace> trainSpaces = new HashMap<>();
    private final Map<Integer, Workspace> evalSpaces = new HashMap<>();
    private final StepClosure closure = new StepClosure();

    private int epochs = 1;
    private long maxSteps = Long.MAX_VALUE;
    private double lossThreshold = Double.NaN;
    private DataLoader validation;
    private EarlyStopping earlyStopping;
    private LRScheduler scheduler;
    private NonFinitePolicy nonFinite = NonFinitePolicy.THROW;
    private boolean progress = progressEnabledByEnvironment();

    private long steps;
    private int epochsDone;
    /** Inside {@link #fit}: checkpoints are written only at the epoch boundary it chooses. */
    private boolean fitting;
    private Path checkpointFile;
    private int checkpointEvery;
    private volatile boolean stopRequested;

    public Trainer(Module model, Loss loss, Optimizer optimizer) {
        if (model == null || loss == null || optimizer == null) {
            throw new IllegalArgumentException("model, loss and optimizer must not be null, were " + model + ", "
                    + loss + ", " + optimizer);
        }
        if (loss.reduction() == Reduction.NONE) {
            throw new IllegalArgumentException("loss must reduce to a scalar (MEAN, SUM or BATCH_MEAN), was "
                    + loss.reduction());
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /** Epochs per {@link #fit} call (default 1). */
    public Trainer epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Stop after this many optimizer steps in total (counted across {@link #fit} calls). */
    public Trainer maxSteps(long maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be >= 1, was " + maxSteps);
        }
        this.maxSteps = maxSteps;
        return this;
    }

    /** Stop after an epoch whose mean training loss is below {@code threshold}. */
    public Trainer stopWhenLossBelow(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, was " + threshold);
        }
        this.lossThreshold = threshold;
        return this;
    }

    /** Evaluates {@code data} after every epoch (its loss and accuracy go into the history). */
    public Trainer validation(DataLoader data) {
        this.validation = nonNull("validation data", data);
        return this;
    }

    /** Stops when validation stops improving; needs {@link #validation}. */
    public Trainer earlyStopping(EarlyStopping rule) {
        this.earlyStopping = nonNull("early stopping rule", rule);
        return this;
    }

    /** A learning-rate schedule over epochs, stepped after every epoch (PyTorch's convention). */
    public Trainer scheduler(LRScheduler scheduler) {
        this.scheduler = nonNull("scheduler", scheduler);
        return this;
    }

    /** What to do on a NaN or infinite loss (default {@link NonFinitePolicy#THROW}). */
    public Trainer onNonFinite(NonFinitePolicy policy) {
        this.nonFinite = nonNull("policy", policy);
        return this;
    }

    /** Adds a listener; listeners run in the order added, after the built-in progress output. */
    public Trainer listener(TrainingListener listener) {
        listeners.add(nonNull("listener", listener));
        return this;
    }

    /**
     * Turns the built-in console progress ({@link ConsoleProgress} on {@code System.out}) on or off. It is
     * on unless the system property {@value #PROGRESS_PROPERTY} or the environment variable
     * {@value #PROGRESS_ENV} is {@code off}, {@code false} or {@code 0}.
     */
    public Trainer progress(boolean on) {
        this.progress = on;
        return this;
    }

    /**
     * Writes a {@link Checkpoint} to {@code file} after every {@code epochs}-th epoch (replacing the previous
     * one atomically), so a run can resume with {@link #loadCheckpoint}.
     */
    public Trainer checkpointEvery(int epochs, Path file) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        nonNull("file", file);
        this.checkpointEvery = epochs;
        this.checkpointFile = file;
        return this;
    }

    /**
     * Writes the model, optimizer, scheduler, random states, epochs and steps done, and this configuration.
     * Only between {@link #fit} calls: inside one (from a listener) the run is mid-epoch or before the
     * scheduler's step, and would not resume bit for bit; {@link #checkpointEvery} writes at the right point.
     *
     * @throws IllegalStateException when called during {@link #fit}
     */
    public void saveCheckpoint(Path file) throws IOException {
        nonNull("file", file);
        if (fitting) {
            throw new IllegalStateException("saveCheckpoint was called during fit (after " + steps + " steps), where a"
                    + " checkpoint would not resume bit for bit: use checkpointEvery(epochs, file), or save after fit");
        }
        writeCheckpoint(file);
    }

    private void writeCheckpoint(Path file) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("trainer.epochs", Integer.toString(epochs));
        config.put("trainer.maxSteps", Long.toString(maxSteps));
        config.put("trainer.lossThreshold", Double.toString(lossThreshold));
        config.put("trainer.nonFinite", nonFinite.name());
        config.put("trainer.loss", loss.getClass().getName());
        Checkpoint.save(file, model, optimizer, scheduler, new Checkpoint.Progress(epochsDone, steps, config));
    }

    /**
     * Restores a checkpoint of {@link #saveCheckpoint} into this trainer's model, optimizer and scheduler, sets
     * the epochs and steps done, and makes {@code train} start the next epoch's order; a following
     * {@link #fit} continues as the interrupted run would have, bit for bit. The history starts empty.
     * {@link #epochs} counts per {@code fit} call, so to finish a run of E epochs set
     * {@code epochs(E - epochsDone())} before that fit.
     *
     * @throws IllegalStateException when called during {@link #fit}
     */
    public void loadCheckpoint(Path file, DataLoader train) throws IOException {
        nonNull("file", file);
        nonNull("train", train);
        if (fitting) {
            throw new IllegalStateException("loadCheckpoint was called during fit: load before fit");
        }
        Checkpoint.Progress p = Checkpoint.load(file, model, optimizer, scheduler);
        epochsDone = p.epoch();
        steps = p.step();
        train.setEpoch(p.epoch());
    }

    /** Ends training after the current batch; callable from a listener or another thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Every epoch trained so far, across {@link #fit} calls. */
    public History history() {
        return history;
    }

    /** Epochs trained so far, across {@link #fit} calls and a loaded checkpoint. */
    public int epochsDone() {
        return epochsDone;
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return steps;
    }

    public Module model() {
        return model;
    }

    /** Trains on {@code train} for {@link #epochs} epochs or until a stopping rule fires. */
    public History fit(DataLoader train) {
        nonNull("train", train);
        if (fitting) {
            throw new IllegalStateException("fit was called during fit (from a listener)");
        }
        fitting = true;
        try {
            return fitLoop(train);
        } finally {
            fitting = false;
        }
    }

    private History fitLoop(DataLoader train) {
        if (earlyStopping != null && validation == null) {
            throw new IllegalStateException("early stopping needs validation data: call validation(...) first");
        }
        List<TrainingListener> all = new ArrayList<>();
        if (progress) {
            all.add(new ConsoleProgress(System.out));
        }
        all.addAll(listeners);
        stopRequested = false;
        closure.watch(model);
        TrainingListener.Plan plan = new TrainingListener.Plan(epochs, train.batchesPerEpoch(),
                train.dataset().size() - (train.dropLast() ? train.dataset().size() % train.batchSize() : 0),
                maxSteps, validation != null);
        for (TrainingListener l : all) {
            l.onTrainStart(plan);
        }
        // Copies of the weights only where a rule may restore them: each is a pass over every parameter.
        Snapshot lastGood = nonFinite == NonFinitePolicy.STOP ? Snapshot.of(model) : null;
        Snapshot best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        StopReason reason = StopReason.EPOCHS_DONE;
        boolean weighBySize = loss.reduction() != Reduction.SUM;
        model.train();
        epochLoop:
        for (int e = 0; e < epochs; e++) {
            int epoch = ++epochsDone;
            double lr = optimizer.paramGroups().get(0).lr();
            double lossSum = 0;
            long samples = 0;
            long correct = 0;
            boolean accuracyKnown = train.dataset().isClassification();
            int batchNo = 0;
            long t0 = System.nanoTime();
            for (Batch b : train) {
                if (steps >= maxSteps) {
                    reason = StopReason.MAX_STEPS;
                    break;
                }
                batchNo++;
                double l;
                try (Workspace.Scope s = workspace(trainSpaces, b.size()).open()) {
                    closure.batch = b;
                    Var lv = optimizer.step(closure);
                    l = lv.item();
                    if (accuracyKnown) {
                        Tensor out = closure.output;
                        accuracyKnown = out.rank() == 2 && out.dim(1) == train.dataset().numClasses();
                        if (accuracyKnown) {
                            correct += Metrics.correct(out, b.labels(), b.size());
                        }
                    }
                } catch (NonFiniteSignal signal) {
                    closure.restoreBuffers();
                    NonFiniteException ex = signal.parameter != null
                            ? gradientError(epoch, steps + 1, batchNo, signal)
                            : diagnose(epoch, steps + 1, batchNo, signal.loss, closure.batch);
                    if (nonFinite == NonFinitePolicy.THROW) {
                        throw ex;
                    }
                    lastGood.restore(model);
                    reason = StopReason.NON_FINITE;
                    System.err.println("vecnet: " + ex.getMessage() + "; training stopped, weights of the last "
                            + "good epoch restored");
                    break epochLoop;
                }
                steps++;
                samples += b.size();
                lossSum += weighBySize ? l * b.size() : l;
                BatchStats bs = new BatchStats(epoch, batchNo, train.batchesPerEpoch(), steps,
                        weighBySize ? l : l / b.size(), b.size(), samples, System.nanoTime() - t0);
                for (TrainingListener listener : all) {
                    listener.onBatchEnd(bs);
                }
                if (stopRequested) {
                    reason = StopReason.REQUESTED;
                    break;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (samples == 0) {
                epochsDone--;
                break;
            }
            double valLoss = Double.NaN;
            double valAccuracy = Double.NaN;
            if (validation != null) {
                Evaluation v = evaluate(validation);
                valLoss = v.loss();
                valAccuracy = v.accuracy();
            }
            EpochStats stats = new EpochStats(epoch, steps, lossSum / samples,
                    accuracyKnown ? (double) correct / samples : Double.NaN, valLoss, valAccuracy, lr, seconds,
                    samples / seconds);
            history.add(stats);
            if (lastGood != null && Snapshot.finite(model)) {
                lastGood.capture(model);
            }
            for (TrainingListener listener : all) {
                listener.onEpochEnd(stats);
            }
            if (scheduler != null) {
                scheduler.step();
            }
            if (checkpointFile != null && epochsDone % checkpointEvery == 0) {
                try {
                    writeCheckpoint(checkpointFile);
                } catch (IOException ex) {
                    throw new UncheckedIOException("checkpoint after epoch " + epochsDone + " to " + checkpointFile, ex);
                }
            }
            if (reason != StopReason.EPOCHS_DONE) {
                break;
            }
            if (earlyStopping != null) {
                double score = earlyStopping.score(stats);
                if (score < bestScore - earlyStopping.minDelta()) {
                    bestScore = score;
                    sinceBest = 0;
                    if (earlyStopping.restoreBest()) {
                        best = best == null ? Snapshot.of(model) : best.capture(model);
                    }
                } else if (++sinceBest >= earlyStopping.patience()) {
                    reason = StopReason.EARLY_STOPPING;
                    if (best != null) {
                        best.restore(model);
                    }
                    break;
                }
            }
            if (!Double.isNaN(lossThreshold) && stats.trainLoss() < lossThreshold) {
                reason = StopReason.LOSS_THRESHOLD;
                break;
            }
            if (steps >= maxSteps) {
                reason = StopReason.MAX_STEPS;
                break;
            }
        }
        if (best != null && sinceBest > 0 && reason != StopReason.EARLY_STOPPING && reason != StopReason.NON_FINITE) {
            // the run ended (epoch or step budget, loss threshold, a listener) after its best epoch: restoreBest
            // promises the best epoch's weights whatever ended it; a non-finite stop keeps the last good ones
            best.restore(model);
        }
        for (TrainingListener listener : all) {
            listener.onTrainEnd(history, reason);
        }
        return history;
    }

    /** Loss, accuracy and confusion matrix of the model on {@code data}, in eval mode without gradients. */
    @SuppressWarnings("try")
    public Evaluation evaluate(DataLoader data) {
        nonNull("data", data);
        boolean wasTraining = model.isTraining();
        model.eval();
        int classes = data.dataset().numClasses();
        ConfusionMatrix cm = data.dataset().isClassification() ? new ConfusionMatrix(classes) : null;
        double lossSum = 0;
        int samples = 0;
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (Batch b : data) {
                try (Workspace.Scope s = workspace(evalSpaces, b.size()).open()) {
                    Var out = model.forward(Var.constant(b.x()));
                    double l = loss.forward(out, b.y()).item();
                    lossSum += loss.reduction() == Reduction.SUM ? l : l * b.size();
                    samples += b.size();
                    if (cm != null) {
                        Tensor o = out.value();
                        if (o.rank() != 2 || o.dim(1) != classes) {
                            cm = null;
                        } else {
                            cm.addLogits(o, b.labels());
                        }
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(lossSum / samples, cm == null ? Double.NaN : cm.accuracy(), samples, cm);
    }

    /** The predicted class (row-wise argmax of the model's output) for every sample of {@code x}. */
    @SuppressWarnings("try")
    public static int[] predict(Module model, Tensor x) {
        if (model == null || x == null) {
            throw new IllegalArgumentException("model and x must not be null, were " + model + " and " + x);
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        try (GradMode.Scope g = GradMode.noGrad()) {
            return Metrics.argmax(model.forward(Var.constant(x)).value());
        } finally {
            model.train(wasTraining);
        }
    }

    private static Workspace workspace(Map<Integer, Workspace> spaces, int batchSize) {
        Workspace ws = spaces.get(batchSize);
        if (ws == null) {
            ws = new Workspace();
            spaces.put(batchSize, ws);
        }
        return ws;
    }

    /** Names what is not finite: the batch's inputs, a parameter's values, or a parameter's gradient. */
    private NonFiniteException diagnose(int epoch, long step, int batch, double lossValue, Batch b) {
        String where = "loss " + lossValue + " at epoch " + epoch + ", step " + step + " (batch " + batch + ")";
        int bad = firstNonFinite(b.x());
        if (bad >= 0) {
            return new NonFiniteException("non-finite " + where + ": the batch's inputs are not finite (element "
                    + bad + " is " + b.x().data()[b.x().offset() + bad] + ")", epoch, step, null);
        }
        for (Map.Entry<String, Var> p : model.namedParameters().entrySet()) {
            int i = firstNonFinite(p.getValue().value());
            if (i >= 0) {
                return new NonFiniteException("non-finite " + where + ": parameter " + p.getKey()
                        + " is not finite (element " + i + "), from the previous update", epoch, step, p.getKey());
            }
        }
        bad = firstNonFinite(b.y());
        if (bad >= 0) {
            return new NonFiniteException("non-finite " + where + ": the batch's targets are not finite (element "
                    + bad + ")", epoch, step, null);
        }
        return new NonFiniteException("non-finite " + where + " with finite inputs and parameters: the forward pass"
                + " or the loss overflowed", epoch, step, null);
    }

    private static int firstNonFinite(Tensor t) {
        float[] d = t.data();
        for (int i = 0, o = t.offset(); i < t.size(); i++) {
            if (!Float.isFinite(d[o + i])) {
                return i;
            }
        }
        return -1;
    }

    private static boolean progressEnabledByEnvironment() {
        String v = System.getProperty(PROGRESS_PROPERTY);
        if (v == null) {
            v = System.getenv(PROGRESS_ENV);
        }
        return v == null || !(v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false") || v.equals("0"));
    }

    /** One step's closure, reused: zero the gradients, forward, loss, backward. */
    private final class StepClosure implements Supplier<Var> {
        Batch batch;
        Tensor output;
        /** The model's parameters under their dotted names, whose gradients are checked before each update. */
        private String[] names = new String[0];
        private Var[] params = new Var[0];
        /**
         * The tensors of the state dict that are not parameters (batch-norm statistics), copied before each
         * forward so that a step that fails leaves them as they were: the forward updates them.
         */
        private Tensor[] buffers = new Tensor[0];
        private float[][] saved = new float[0][];

        void watch(Module m) {
            Map<String, Var> named = m.namedParameters();
            names = named.keySet().toArray(new String[0]);
            params = named.values().toArray(new Var[0]);
            Set<Tensor> values = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Var p : params) {
                values.add(p.value());
            }
            List<Tensor> bs = new ArrayList<>();
            for (Tensor t : m.stateDict().values()) {
                if (values.add(t)) {
                    bs.add(t);
                }
            }
            buffers = bs.toArray(new Tensor[0]);
            saved = new float[buffers.length][];
            for (int i = 0; i < buffers.length; i++) {
                saved[i] = new float[buffers[i].size()];
            }
        }

        @Override
        public Var get() {
            for (int i = 0; i < buffers.length; i++) {
                System.arraycopy(buffers[i].data(), buffers[i].offset(), saved[i], 0, saved[i].length);
            }
            optimizer.zeroGrad();
            Var out = model.forward(Var.constant(batch.x()));
            Var l = loss.forward(out, batch.y());
            double v = l.item();
            if (!Double.isFinite(v)) {
                throw new NonFiniteSignal(v, null, -1);
            }
            l.backward();
            // a finite loss can still have a non-finite gradient (an overflow in backward, 0/0 at a kink)
            for (int i = 0; i < params.length; i++) {
                Tensor g = params[i].grad();
                if (g != null) {
                    int bad = Simd.firstNonFinite(g.size(), g.data(), g.offset());
                    if (bad >= 0) {
                        throw new NonFiniteSignal(v, names[i], bad);
                    }
                }
            }
            output = out.value();
            return l;
        }

        void restoreBuffers() {
            for (int i = 0; i < buffers.length; i++) {
                System.arraycopy(saved[i], 0, buffers[i].data(), buffers[i].offset(), saved[i].length);
            }
        }

        float gradientElement(String name, int i) {
            for (int p = 0; p < names.length; p++) {
                if (names[p].equals(name)) {
                    Tensor g = params[p].grad();
                    return g.data()[g.offset() + i];
                }
            }
            throw new IllegalStateException("no parameter " + name);
        }
    }

    /** Unwinds the optimizer's step before it updates anything. */
    private static final class NonFiniteSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final double loss;
        /** The parameter whose gradient is not finite, or null when the loss is not. */
        final String parameter;
        final int element;

        NonFiniteSignal(double loss, String parameter, int element) {
            super(null, null, false, false);
            this.loss = loss;
            this.parameter = parameter;
            this.element = element;
        }
    }

    private NonFiniteException gradientError(int epoch, long step, int batch, NonFiniteSignal s) {
        return new NonFiniteException("non-finite gradient of parameter " + s.parameter + " (element " + s.element
                + " is " + closure.gradientElement(s.parameter, s.element) + ") at epoch " + epoch + ", step " + step
                + " (batch " + batch + "), with a finite loss " + s.loss + "; nothing was updated", epoch, step,
                s.parameter);
    }

    /** A copy of a model's parameters and buffers, in reused arrays. */
    private static final class Snapshot {
        private final Map<String, Tensor> copy = new LinkedHashMap<>();

        static Snapshot of(Module m) {
            return new Snapshot().capture(m);
        }

        Snapshot capture(Module m) {
            for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
                Tensor src = e.getValue();
                Tensor dst = copy.get(e.getKey());
                if (dst == null) {
                    dst = Tensor.zeros(src.shape().dims());
                    copy.put(e.getKey(), dst);
                }
                System.arraycopy(src.data(), src.offset(), dst.data(), 0, src.size());
            }
            return this;
        }

        void restore(Module m) {
            m.loadStateDict(copy, true);
        }

        static boolean finite(Module m) {
            for (Tensor t : m.stateDict().values()) {
                if (firstNonFinite(t) >= 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static <T> T nonNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
