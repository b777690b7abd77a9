package vecnet.spark;

import java.util.Arrays;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.Module;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;
import vecnet.nn.loss.Loss;
import vecnet.nn.train.Metrics;

/**
 * One executor-side copy of the model with its loss, reused buffers and the visiting order of the last
 * (shard, epoch) it served. Serves one task at a time ({@link ExecutorCache} hands it out).
 */
final class Worker {
    final Module model;
    final Loss loss;
    final FlatState flat;
    private final Workspace workspace = new Workspace();
    private int[] sampleDims;
    private Tensor x;
    private Tensor y;
    private int[] labels;
    private int[] order;
    private int orderPartition = -1;
    private int orderEpoch = -1;
    private boolean orderShuffled;
    private long orderSeed;

    Worker(Module model, Loss loss) {
        this.model = model;
        this.loss = loss;
        this.flat = new FlatState(model);
    }

    /** The shard's visiting order in {@code epoch}, cached for the next step of the same epoch. */
    int[] order(Shard shard, boolean shuffle, long seed, int epoch) {
        if (order == null || orderPartition != shard.partition || orderEpoch != epoch || orderShuffled != shuffle
                || orderSeed != seed || order.length != shard.size) {
            order = ShardSampler.order(shard.size, shuffle, seed, epoch, shard.partition);
            orderPartition = shard.partition;
            orderEpoch = epoch;
            orderShuffled = shuffle;
            orderSeed = seed;
        }
        return order;
    }

    /** Fills the batch buffers with positions {@code [from, from + b)} of {@code order}. */
    void gather(Shard shard, int[] order, int from, int b, int[] sampleDims) {
        if (x == null || labels.length != b || !Arrays.equals(this.sampleDims, sampleDims)) {
            int[] dims = new int[sampleDims.length + 1];
            dims[0] = b;
            System.arraycopy(sampleDims, 0, dims, 1, sampleDims.length);
            x = Tensor.wrap(new float[b * shard.sampleSize], 0, Shape.of(dims));
            y = Tensor.wrap(new float[b], 0, Shape.of(b));
            labels = new int[b];
            this.sampleDims = sampleDims.clone();
        }
        int s = shard.sampleSize;
        float[] xd = x.data();
        float[] yd = y.data();
        for (int j = 0; j < b; j++) {
            int i = order[from + j];
            System.arraycopy(shard.features, i * s, xd, j * s, s);
            labels[j] = shard.labels[i];
            yd[j] = shard.labels[i];
        }
    }

    /**
     * Forward and backward of the gathered batch, gradients accumulated into the parameters (zeroed by
     * the caller). Returns the loss; {@code correct[0]} gets the batch's correct predictions.
     */
    @SuppressWarnings("try")
    float forwardBackward(long[] correct) {
        try (Workspace.Scope s = workspace.open()) {
            Var out = model.forward(Var.constant(x));
            Var l = loss.forward(out, y);
            float v = l.item();
            if (!Float.isFinite(v)) {
                return v; // no backward: the caller reports it
            }
            Tensor o = out.value();
            if (o.rank() == 2) {
                correct[0] += Metrics.correct(o, labels, labels.length);
            }
            l.backward();
            return v;
        }
    }

    /** Where the gathered batch's inputs are not finite, or null. */
    String badInput() {
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                int s = d.length / labels.length;
                return "input element " + (i % s) + " of batch row " + (i / s) + " is " + d[i];
            }
        }
        return null;
    }
}
