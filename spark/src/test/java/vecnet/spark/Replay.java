package vecnet.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.Module;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;
import vecnet.nn.data.Dataset;
import vecnet.nn.loss.Loss;
import vecnet.nn.optim.Optimizer;
import vecnet.nn.optim.OptimizerState;

/**
 * Single-machine replays of what a Spark run computes, written with the nn API only: the same batches
 * (sample j of partition p is input sample j * P + p; {@link ShardSampler} orders each shard), partition
 * results combined in partition order with the same float operations.
 */
final class Replay {
    private final Dataset data;
    private final int partitions;
    private final int localBatch;
    private final boolean shuffle;
    private final long seed;
    private final int stepsPerEpoch;
    private final Workspace workspace = new Workspace();

    Replay(Dataset data, int partitions, int localBatch, boolean shuffle, long seed) {
        this.data = data;
        this.partitions = partitions;
        this.localBatch = localBatch;
        this.shuffle = shuffle;
        this.seed = seed;
        int min = Integer.MAX_VALUE;
        for (int p = 0; p < partitions; p++) {
            min = Math.min(min, shardSize(p));
        }
        this.stepsPerEpoch = min / localBatch;
    }

    int shardSize(int p) {
        return (data.size() - p + partitions - 1) / partitions;
    }

    /** Synchronous data parallelism: per step, the mean of the partitions' gradients, then one optimizer step. */
    @SuppressWarnings("try")
    void sync(Module model, Loss loss, Optimizer opt, int epochs) {
        List<Var> params = model.parameters();
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < stepsPerEpoch; i++) {
                float[][] sum = new float[params.size()][];
                for (int p = 0; p < partitions; p++) {
                    model.zeroGrad();
                    backward(model, loss, p, (long) e * stepsPerEpoch + i);
                    for (int k = 0; k < params.size(); k++) {
                        float[] g = copy(params.get(k).grad());
                        if (p == 0) {
                            sum[k] = g;
                        } else {
                            for (int j = 0; j < g.length; j++) {
                                sum[k][j] += g[j];
                            }
                        }
                    }
                }
                for (int k = 0; k < params.size(); k++) {
                    Tensor g = params.get(k).grad();
                    for (int j = 0; j < sum[k].length; j++) {
                        g.data()[g.offset() + j] = sum[k][j] / (float) partitions;
                    }
                }
                opt.step();
            }
        }
    }

    /**
     * Local SGD: every round each partition starts from the model and the optimizer state, makes up to
     * {@code k} steps (a round never crosses an epoch), and the model and the optimizer buffers become the
     * partitions' means.
     */
    void localSteps(Module model, Loss loss, Optimizer opt, int epochs, int k, ModelFactory models,
                    OptimizerFactory optimizers) {
        List<Var> params = model.parameters();
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < stepsPerEpoch; i += k) {
                int n = Math.min(k, stepsPerEpoch - i);
                OptimizerState start = opt.stateDict();
                float[][] sum = new float[params.size()][];
                List<OptimizerState> states = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    Module m = models.create();
                    m.loadStateDict(model.stateDict(), true);
                    Optimizer o = optimizers.create(m.parameters());
                    o.loadStateDict(start);
                    for (int s = 0; s < n; s++) {
                        o.zeroGrad();
                        backward(m, loss, p, (long) e * stepsPerEpoch + i + s);
                        o.step();
                    }
                    List<Var> mp = m.parameters();
                    for (int q = 0; q < mp.size(); q++) {
                        float[] w = copy(mp.get(q).value());
                        if (p == 0) {
                            sum[q] = w;
                        } else {
                            for (int j = 0; j < w.length; j++) {
                                sum[q][j] += w[j];
                            }
                        }
                    }
                    states.add(o.stateDict());
                }
                for (int q = 0; q < params.size(); q++) {
                    Tensor w = params.get(q).value();
                    for (int j = 0; j < sum[q].length; j++) {
                        w.data()[w.offset() + j] = sum[q][j] / (float) partitions;
                    }
                }
                Map<String, float[]> mean = new HashMap<>();
                for (String key : new TreeMap<>(states.get(0).buffers()).keySet()) {
                    float[] b = states.get(0).buffers().get(key).clone();
                    for (int p = 1; p < partitions; p++) {
                        float[] c = states.get(p).buffers().get(key);
                        for (int j = 0; j < b.length; j++) {
                            b[j] += c[j];
                        }
                    }
                    for (int j = 0; j < b.length; j++) {
                        b[j] /= (float) partitions;
                    }
                    mean.put(key, b);
                }
                opt.loadStateDict(new OptimizerState(start.groups(), states.get(0).steps(), mean));
            }
        }
    }

    /** Forward and backward of partition p's batch at global step {@code step} (0-based). */
    @SuppressWarnings("try")
    private void backward(Module model, Loss loss, int p, long step) {
        int epoch = (int) (step / stepsPerEpoch);
        int i = (int) (step % stepsPerEpoch);
        int[] order = ShardSampler.order(shardSize(p), shuffle, seed, epoch, p);
        int s = data.sampleShape().size();
        float[] x = new float[localBatch * s];
        float[] y = new float[localBatch];
        for (int j = 0; j < localBatch; j++) {
            int global = order[i * localBatch + j] * partitions + p;
            Tensor sample = data.sample(global);
            System.arraycopy(sample.data(), sample.offset(), x, j * s, s);
            y[j] = data.label(global);
        }
        int[] dims = new int[data.sampleShape().rank() + 1];
        dims[0] = localBatch;
        System.arraycopy(data.sampleShape().dims(), 0, dims, 1, dims.length - 1);
        try (Workspace.Scope scope = workspace.open()) {
            Var out = model.forward(Var.constant(Tensor.wrap(x, 0, Shape.of(dims))));
            loss.forward(out, Tensor.wrap(y, 0, Shape.of(localBatch))).backward();
        }
    }

    private static float[] copy(Tensor t) {
        float[] out = new float[t.size()];
        System.arraycopy(t.data(), t.offset(), out, 0, t.size());
        return out;
    }
}
