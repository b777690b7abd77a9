package vecnet.spark;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;

import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import vecnet.nn.autograd.Var;
import vecnet.nn.optim.Optimizer;

/**
 * The executor side of one round, run on every partition (one {@link Shard} each): load the broadcast
 * state into a cached model, then either compute the gradient of this step's local batch (synchronous
 * mode) or make the round's local optimizer steps (local-steps mode). A pure function of the broadcast and
 * the shard, so a retried task returns exactly what the first attempt would have.
 */
final class PartitionTask implements Function2<Integer, Iterator<Shard>, Iterator<PartitionResult>> {
    private static final long serialVersionUID = 1L;

    private final String trainerId;
    private final Broadcast<RoundInput> input;
    private final ModelFactory models;
    private final LossFactory losses;
    private final OptimizerFactory optimizers;
    private final int[] sampleDims;

    PartitionTask(String trainerId, Broadcast<RoundInput> input, ModelFactory models, LossFactory losses,
                  OptimizerFactory optimizers, int[] sampleDims) {
        this.trainerId = trainerId;
        this.input = input;
        this.models = models;
        this.losses = losses;
        this.optimizers = optimizers;
        this.sampleDims = sampleDims;
    }

    @Override
    public Iterator<PartitionResult> call(Integer partition, Iterator<Shard> shards) {
        if (!shards.hasNext()) {
            throw new IllegalStateException("partition " + partition + " holds no shard");
        }
        Shard shard = shards.next();
        RoundInput in = input.value();
        Worker w = ExecutorCache.borrow(trainerId, models, losses);
        // on an exception the worker is dropped, not returned: its state may be half-written
        PartitionResult r = in.optimizer() == null ? gradient(w, shard, in) : localSteps(w, shard, in);
        ExecutorCache.giveBack(trainerId, w);
        return Collections.singletonList(r).iterator();
    }

    private PartitionResult gradient(Worker w, Shard shard, RoundInput in) {
        long t0 = System.nanoTime();
        w.flat.write(in.state());
        w.model.train();
        w.model.zeroGrad();
        long[] correct = new long[1];
        float[] loss = new float[1];
        String bad = step(w, shard, in, in.firstStep(), correct, loss);
        if (bad != null) {
            return PartitionResult.failed(shard.partition, in.firstStep() + 1, bad, System.nanoTime() - t0);
        }
        float[] grads = w.flat.readGrads();
        int g = FlatState.firstNonFinite(grads);
        if (g >= 0) {
            return PartitionResult.failed(shard.partition, in.firstStep() + 1, "the gradient of parameter "
                    + w.flat.nameAt(g) + " is " + grads[g], System.nanoTime() - t0);
        }
        return new PartitionResult(shard.partition, grads, w.flat.readBuffers(), null, loss[0], correct[0],
                System.nanoTime() - t0, null, 0);
    }

    private PartitionResult localSteps(Worker w, Shard shard, RoundInput in) {
        long t0 = System.nanoTime();
        w.flat.write(in.state());
        w.model.train();
        Optimizer opt = optimizers.create(w.flat.params());
        opt.loadStateDict(in.optimizer().toState());
        long[] correct = new long[1];
        double lossSum = 0;
        float[] loss = new float[1];
        for (int k = 0; k < in.steps(); k++) {
            long step = in.firstStep() + k;
            opt.zeroGrad();
            String bad = step(w, shard, in, step, correct, loss);
            if (bad != null) {
                return PartitionResult.failed(shard.partition, step + 1, bad, System.nanoTime() - t0);
            }
            lossSum += loss[0];
            for (Map.Entry<String, Var> p : w.model.namedParameters().entrySet()) {
                Var v = p.getValue();
                if (v.grad() != null) {
                    int i = firstNonFinite(v.grad().data(), v.grad().offset(), v.size());
                    if (i >= 0) {
                        return PartitionResult.failed(shard.partition, step + 1, "the gradient of parameter "
                                + p.getKey() + " (element " + i + ") is " + v.grad().data()[v.grad().offset() + i],
                                System.nanoTime() - t0);
                    }
                }
            }
            opt.step();
        }
        float[] state = w.flat.read();
        float[] params = Arrays.copyOf(state, w.flat.paramSize());
        int bad = FlatState.firstNonFinite(params);
        if (bad >= 0) {
            return PartitionResult.failed(shard.partition, in.firstStep() + in.steps(), "parameter "
                    + w.flat.nameAt(bad) + " is " + params[bad] + " after the round's updates", System.nanoTime() - t0);
        }
        return new PartitionResult(shard.partition, params, w.flat.readBuffers(), OptimizerSnapshot.of(opt.stateDict()),
                lossSum, correct[0], System.nanoTime() - t0, null, 0);
    }

    /**
     * One forward and backward on global step {@code step}'s batch, its loss into {@code loss[0]}; null, or
     * what was not finite.
     */
    private String step(Worker w, Shard shard, RoundInput in, long step, long[] correct, float[] loss) {
        int epoch = (int) (step / in.stepsPerEpoch());
        int i = (int) (step % in.stepsPerEpoch());
        int[] order = w.order(shard, in.shuffle(), in.seed(), epoch);
        w.gather(shard, order, i * in.localBatch(), in.localBatch(), sampleDims);
        float lastLoss = w.forwardBackward(correct);
        loss[0] = lastLoss;
        if (!Float.isFinite(lastLoss)) {
            String input = w.badInput();
            return "loss " + lastLoss + (input != null ? ": the batch's " + input
                    : " with finite inputs: the forward pass or the loss overflowed");
        }
        return null;
    }

    private static int firstNonFinite(float[] a, int offset, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(a[offset + i])) {
                return i;
            }
        }
        return -1;
    }
}
