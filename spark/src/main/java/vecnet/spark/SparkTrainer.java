package vecnet.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vecnet.nn.Module;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.data.DataLoader;
import vecnet.nn.loss.Loss;
import vecnet.nn.loss.Reduction;
import vecnet.nn.optim.LRScheduler;
import vecnet.nn.optim.Optimizer;
import vecnet.nn.train.EpochStats;
import vecnet.nn.train.Evaluation;
import vecnet.nn.train.History;
import vecnet.nn.train.Trainer;

/**
 * Synchronous data-parallel training on Spark. The driver holds the model and the optimizer state; a
 * step is one Spark job over the cached {@link ShardedData}: the weights are broadcast, every partition
 * computes the gradient of its local batch on a model cached in its executor, the driver sums the
 * partition gradients in partition order (so a run is bit-reproducible: {@code collect} returns results
 * by partition, whatever order the tasks finished in), divides by the number of partitions (for a loss
 * with a mean reduction) and steps the optimizer. The global batch is partitions x local batch.
 *
 * <p>With {@link #localSteps(int) local steps} K &gt;= 2 a round instead broadcasts the weights and the
 * optimizer state, every partition makes K optimizer steps on its own batches, and the driver averages
 * the resulting weights and optimizer state (local SGD / parameter averaging), so one Spark job serves K
 * steps. The default, {@link #AUTO}, measures the job overhead and the step time before training and
 * picks K (see {@link #chooseLocalSteps}).
 *
 * <pre>{@code
 * SparkTrainer t = new SparkTrainer(sc, () -> mlp(new SplittableRandom(1)), CrossEntropyLoss::new,
 *         p -> new Adam(p, 1e-3)).localBatch(32).localSteps(1).epochs(10).seed(1);
 * History h = t.fit(ShardedData.of(sc, train, 2));
 * }</pre>
 * Not thread-safe; one {@code fit} at a time. Logs through SLF4J (Spark's logging).
 */
public final class SparkTrainer {
    /** {@link #localSteps(int)}: choose K from measured job overhead and step time. */
    public static final int AUTO = 0;
    /**
     * AUTO makes a round's compute at least this many times its Spark overhead: 4 = 80% of the wall time
     * spent computing.
     */
    static final int AUTO_COMPUTE_PER_OVERHEAD = 4;
    /** AUTO never picks more local steps than this (local SGD drifts apart with long rounds). */
    static final int MAX_AUTO_LOCAL_STEPS = 64;
    /** Timed gradient jobs before training under AUTO, at least; the first is a warm-up and is not counted. */
    static final int CALIBRATION_JOBS = 3;
    /**
     * At most this many: in a fresh JVM the first steps run before the JIT has compiled the kernels (10-100x
     * slower), which would make K = 1 look right, so calibration goes on until two jobs agree.
     */
    static final int MAX_CALIBRATION_JOBS = 40;
    /** Local steps per calibration job, so a job's compute is not just its first step. */
    static final int CALIBRATION_STEPS = 8;
    /** Two consecutive calibration jobs whose per-step compute differs by at most this fraction end it. */
    static final double CALIBRATION_AGREEMENT = 0.2;

    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);

    private final JavaSparkContext sc;
    private final ModelFactory models;
    private final LossFactory losses;
    private final OptimizerFactory optimizers;
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final FlatState flat;
    private final String id = UUID.randomUUID().toString();

    private int localBatch = 32;
    private int localSteps = AUTO;
    private int epochs = 1;
    private long maxSteps = Long.MAX_VALUE;
    private boolean shuffle = true;
    private long seed;
    private LRScheduler scheduler;
    private DataLoader validation;

    private long steps;
    private int epochsDone;
    private int chosenLocalSteps;
    private boolean gradsAllocated;
    private RoundTiming timing = new RoundTiming(0, 0, 0, 0);
    /** Wall and slowest-partition compute time of the last job, for the AUTO calibration. */
    private long lastWall;
    private long lastCompute;
    private final History history = new History();

    /**
     * Builds the driver's model, loss and optimizer from the factories; the executors build their own
     * copies of the model and loss (and of the optimizer, for local steps) from the same factories.
     */
    public SparkTrainer(JavaSparkContext sc, ModelFactory models, LossFactory losses, OptimizerFactory optimizers) {
        if (sc == null || models == null || losses == null || optimizers == null) {
            throw new IllegalArgumentException("sc, models, losses and optimizers must not be null, were " + sc + ", "
                    + models + ", " + losses + ", " + optimizers);
        }
        this.sc = sc;
        this.models = models;
        this.losses = losses;
        this.optimizers = optimizers;
        this.model = models.create();
        this.loss = losses.create();
        this.flat = new FlatState(model);
        this.optimizer = optimizers.create(flat.params());
    }

    /** Samples per partition and step (the global batch is partitions times this). Default 32. */
    public SparkTrainer localBatch(int b) {
        if (b < 1) {
            throw new IllegalArgumentException("localBatch must be >= 1, was " + b);
        }
        this.localBatch = b;
        return this;
    }

    /**
     * Optimizer steps per synchronisation: 1 = synchronous gradient averaging (the driver steps the
     * optimizer; equals single-machine training on the global batch); K &gt;= 2 = local SGD, weights and
     * optimizer state averaged every K steps; {@link #AUTO} (the default) = chosen before training.
     */
    public SparkTrainer localSteps(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("localSteps must be >= 1, or AUTO (0), was " + k);
        }
        this.localSteps = k;
        return this;
    }

    public SparkTrainer epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Stops after this many optimizer steps in total (counted over all fit calls). */
    public SparkTrainer maxSteps(long maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be >= 1, was " + maxSteps);
        }
        this.maxSteps = maxSteps;
        return this;
    }

    /** Whether each epoch visits every shard in a new permutation drawn from (seed, epoch, partition). Default on. */
    public SparkTrainer shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    public SparkTrainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Stepped once per epoch on the driver; local-steps rounds carry its learning rate to the executors. */
    public SparkTrainer scheduler(LRScheduler scheduler) {
        this.scheduler = nonNull("scheduler", scheduler);
        return this;
    }

    /** Evaluated on the driver after every epoch. */
    public SparkTrainer validation(DataLoader data) {
        this.validation = nonNull("validation data", data);
        return this;
    }

    /** The driver's model: the trained weights. */
    public Module model() {
        return model;
    }

    /** The driver's optimizer (for a scheduler, or its state dict). */
    public Optimizer optimizer() {
        return optimizer;
    }

    public Loss loss() {
        return loss;
    }

    /** Optimizer steps made so far. */
    public long steps() {
        return steps;
    }

    /** The local steps the last fit used (AUTO resolved), or 0 before any fit. */
    public int chosenLocalSteps() {
        return chosenLocalSteps;
    }

    /** Time per round, summed over every fit (calibration jobs excluded). */
    public RoundTiming timing() {
        return timing;
    }

    public History history() {
        return history;
    }

    /** Trains on {@code data} for the configured epochs (or until {@link #maxSteps}); returns the history. */
    public History fit(ShardedData data) {
        nonNull("data", data);
        int spe = data.stepsPerEpoch(localBatch);
        if (spe < 1) {
            throw new IllegalArgumentException("localBatch " + localBatch + " is larger than the smallest shard of "
                    + data + ": no full batch per partition");
        }
        int k = localSteps == AUTO ? calibrate(data, spe) : localSteps;
        chosenLocalSteps = k;
        int parts = data.partitions();
        LOG.info("training on {}: local batch {}, global batch {}, {} steps per epoch, {}", data, localBatch,
                parts * localBatch, spe, k == 1 ? "synchronous gradient averaging" : k + " local steps per round");
        model.train();
        for (int e = 0; e < epochs && steps < maxSteps; e++) {
            int epoch = epochsDone;
            long t0 = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long done = 0;
            int i = 0;
            while (i < spe && steps < maxSteps) {
                int n = k == 1 ? 1 : (int) Math.min(Math.min(k, spe - i), maxSteps - steps);
                long first = (long) epoch * spe + i;
                double[] stats = k == 1 ? syncStep(data, first, spe) : localRound(data, first, n, spe);
                lossSum += stats[0];
                correct += (long) stats[1];
                i += n;
                steps += n;
                done += n;
            }
            epochsDone++;
            double seconds = (System.nanoTime() - t0) / 1e9;
            long samples = done * parts * localBatch;
            double valLoss = Double.NaN;
            double valAccuracy = Double.NaN;
            if (validation != null) {
                Evaluation v = new Trainer(model, loss, optimizer).evaluate(validation);
                valLoss = v.loss();
                valAccuracy = v.accuracy();
            }
            EpochStats s = new EpochStats(epochsDone, steps, lossSum / (done * parts), (double) correct / samples,
                    valLoss, valAccuracy, optimizer.paramGroups().get(0).lr(), seconds, samples / seconds);
            history.add(s);
            LOG.info("epoch {}: loss {}, train accuracy {}, validation accuracy {}, {} samples/s; per round {} ms "
                    + "Spark overhead, {} ms compute per step", epochsDone, fmt(s.trainLoss()), fmt(s.trainAccuracy()),
                    fmt(valAccuracy), fmt(s.samplesPerSecond()), fmt(timing.overheadMillisPerRound()),
                    fmt(timing.computeMillisPerStep()));
            if (scheduler != null) {
                scheduler.step();
            }
        }
        return history;
    }

    /** One synchronous step; returns {summed partition losses, correct predictions}. */
    private double[] syncStep(ShardedData data, long first, int spe) {
        List<PartitionResult> rs = run(data, new RoundInput(flat.read(), null, first, 1, spe, localBatch, shuffle,
                seed), 1, true);
        int parts = rs.size();
        // partition order, then one division: the same float operations every run
        float[] g = rs.get(0).vector().clone();
        for (int p = 1; p < parts; p++) {
            add(g, rs.get(p).vector());
        }
        if (loss.reduction() != Reduction.SUM) {
            divide(g, parts);
        }
        allocateGrads();
        flat.writeGrads(g);
        if (flat.bufferSize() > 0) {
            flat.writeBuffers(meanBuffers(rs));
        }
        optimizer.step();
        return totals(rs);
    }

    /** One local-steps round of {@code n} steps; returns {summed partition losses, correct predictions}. */
    private double[] localRound(ShardedData data, long first, int n, int spe) {
        OptimizerSnapshot driverState = OptimizerSnapshot.of(optimizer.stateDict());
        List<PartitionResult> rs = run(data, new RoundInput(flat.read(), driverState, first, n, spe, localBatch,
                shuffle, seed), n, true);
        int parts = rs.size();
        float[] w = rs.get(0).vector().clone();
        for (int p = 1; p < parts; p++) {
            add(w, rs.get(p).vector());
        }
        divide(w, parts);
        float[] state = Arrays.copyOf(w, flat.size());
        if (flat.bufferSize() > 0) {
            System.arraycopy(meanBuffers(rs), 0, state, flat.paramSize(), flat.bufferSize());
        }
        flat.write(state);
        List<OptimizerSnapshot> snaps = new ArrayList<>(parts);
        for (PartitionResult r : rs) {
            snaps.add(r.optimizer());
        }
        optimizer.loadStateDict(OptimizerSnapshot.average(snaps, driverState).toState());
        return totals(rs);
    }

    /**
     * Broadcasts {@code in}, runs the task on every partition and returns the results indexed by
     * partition; throws {@link NonFinitePartitionException} for the first partition (in partition order)
     * whose result was not finite.
     */
    private List<PartitionResult> run(ShardedData data, RoundInput in, int n, boolean timed) {
        long t0 = System.nanoTime();
        Broadcast<RoundInput> bc = sc.broadcast(in);
        List<PartitionResult> rs;
        try {
            rs = data.shards().mapPartitionsWithIndex(new PartitionTask(id, bc, models, losses, optimizers,
                    data.sampleDims()), true).collect();
        } finally {
            bc.destroy();
        }
        long wall = System.nanoTime() - t0;
        int parts = data.partitions();
        if (rs.size() != parts) {
            throw new IllegalStateException("expected one result per partition (" + parts + "), got " + rs.size());
        }
        long compute = 0;
        for (int p = 0; p < parts; p++) {
            PartitionResult r = rs.get(p);
            if (r.partition() != p) {
                throw new IllegalStateException("result " + p + " came from partition " + r.partition());
            }
            if (r.nonFinite() != null) {
                int epoch = (int) ((r.nonFiniteStep() - 1) / in.stepsPerEpoch()) + 1;
                throw new NonFinitePartitionException("non-finite value in partition " + p + " at step "
                        + r.nonFiniteStep() + " (epoch " + epoch + "): " + r.nonFinite(), p, r.nonFiniteStep());
            }
            compute = Math.max(compute, r.computeNanos());
        }
        if (timed) {
            timing = timing.plus(n, wall, compute);
        }
        lastWall = wall;
        lastCompute = compute;
        return rs;
    }

    /**
     * AUTO: times gradient jobs of {@link #CALIBRATION_STEPS} steps on the current weights until two agree (their results are
     * dropped, so training afterwards equals training with {@code localSteps(K)} for the K chosen) and
     * returns {@link #chooseLocalSteps} of the measured overhead and compute time.
     */
    private int calibrate(ShardedData data, int spe) {
        float[] state = flat.read();
        int steps = Math.min(CALIBRATION_STEPS, spe);
        double overhead = 0;
        double compute = 0;
        double previous = Double.NaN;
        int jobs = 0;
        for (int c = 0; c < MAX_CALIBRATION_JOBS; c++) {
            run(data, new RoundInput(state, null, ((long) c * steps) % spe, steps, spe, localBatch, shuffle, seed),
                    1, false);
            overhead = lastWall - lastCompute;
            compute = (double) lastCompute / steps;
            jobs = c + 1;
            // warm once two jobs agree: before, the kernels were still running interpreted or in C1 code
            if (jobs >= CALIBRATION_JOBS && Math.abs(compute - previous) <= CALIBRATION_AGREEMENT * previous) {
                break;
            }
            previous = compute;
        }
        int k = chooseLocalSteps(overhead, compute);
        LOG.info("localSteps AUTO: Spark job overhead {} ms, step compute {} ms after {} calibration jobs: {} local steps"
                + " per round (pass localSteps({}) to repeat this run exactly)", fmt(overhead / 1e6), fmt(compute / 1e6),
                jobs, k, k);
        return k;
    }

    /**
     * The local steps K for a job overhead J and a step compute time t (any unit): a round takes J + K t,
     * so the share spent computing is K t / (J + K t); K is the smallest value with K t &gt;= c J, c =
     * {@link #AUTO_COMPUTE_PER_OVERHEAD} (80% computing), K = ceil(c J / t), within [1,
     * {@link #MAX_AUTO_LOCAL_STEPS}].
     */
    static int chooseLocalSteps(double overhead, double compute) {
        if (!(compute > 0)) {
            return MAX_AUTO_LOCAL_STEPS;
        }
        double k = Math.ceil(AUTO_COMPUTE_PER_OVERHEAD * Math.max(0, overhead) / compute);
        return (int) Math.max(1, Math.min(MAX_AUTO_LOCAL_STEPS, k));
    }

    /** Gives every parameter a gradient buffer, once: the driver never runs backward on real data. */
    private void allocateGrads() {
        if (gradsAllocated) {
            return;
        }
        for (Var p : flat.params()) {
            if (p.grad() == null) {
                Ops.sum(Ops.scale(p, 0)).backward(); // adds 0 to a new zeroed buffer
            }
        }
        gradsAllocated = true;
    }

    private float[] meanBuffers(List<PartitionResult> rs) {
        float[] b = rs.get(0).buffers().clone();
        for (int p = 1; p < rs.size(); p++) {
            add(b, rs.get(p).buffers());
        }
        divide(b, rs.size());
        return b;
    }

    private static double[] totals(List<PartitionResult> rs) {
        double l = 0;
        long c = 0;
        for (PartitionResult r : rs) {
            l += r.lossSum();
            c += r.correct();
        }
        return new double[] {l, c};
    }

    private static void add(float[] acc, float[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    private static void divide(float[] a, int n) {
        float d = n;
        for (int i = 0; i < a.length; i++) {
            a[i] /= d;
        }
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /** Drops this trainer's cached models in this JVM (in local mode, where the executors run). */
    public void releaseCachedModels() {
        ExecutorCache.evict(id);
    }

    /** Cached models of this trainer in this JVM (for tests: one per task slot, not one per task). */
    int cachedModels() {
        return ExecutorCache.pooled(id);
    }

    private static <T> T nonNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
