package vecnet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import vecnet.nn.optim.OptimizerState;

/**
 * An {@link OptimizerState} in serializable form (what local-steps rounds broadcast and return), with
 * the buffers in sorted key order so averaging visits them the same way every run.
 */
final class OptimizerSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ArrayList<HashMap<String, Double>> groups;
    private final TreeMap<Integer, Long> steps;
    private final TreeMap<String, float[]> buffers;

    private OptimizerSnapshot(ArrayList<HashMap<String, Double>> groups, TreeMap<Integer, Long> steps,
                              TreeMap<String, float[]> buffers) {
        this.groups = groups;
        this.steps = steps;
        this.buffers = buffers;
    }

    static OptimizerSnapshot of(OptimizerState s) {
        ArrayList<HashMap<String, Double>> g = new ArrayList<>();
        for (Map<String, Double> m : s.groups()) {
            g.add(new HashMap<>(m));
        }
        return new OptimizerSnapshot(g, new TreeMap<>(s.steps()), new TreeMap<>(s.buffers()));
    }

    /** A state to load; the buffers are copied by the optimizer, so sharing them here is safe. */
    OptimizerState toState() {
        List<Map<String, Double>> g = new ArrayList<>();
        for (HashMap<String, Double> m : groups) {
            g.add(m);
        }
        return new OptimizerState(g, steps, buffers);
    }

    /**
     * The element-wise mean of the buffers of {@code parts} (summed in list order, then divided), with
     * the step counts of the first and the hyper-parameters of {@code driver}. Every part started from
     * the same state and made the same number of steps, so their step counts agree.
     */
    static OptimizerSnapshot average(List<OptimizerSnapshot> parts, OptimizerSnapshot driver) {
        OptimizerSnapshot first = parts.get(0);
        TreeMap<String, float[]> mean = new TreeMap<>();
        for (Map.Entry<String, float[]> e : first.buffers.entrySet()) {
            float[] sum = e.getValue().clone();
            for (int p = 1; p < parts.size(); p++) {
                float[] b = parts.get(p).buffers.get(e.getKey());
                if (b == null || b.length != sum.length) {
                    throw new IllegalStateException("partition results disagree on optimizer buffer '" + e.getKey()
                            + "'");
                }
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += b[i];
                }
            }
            float n = parts.size();
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= n;
            }
            mean.put(e.getKey(), sum);
        }
        return new OptimizerSnapshot(driver.groups, new TreeMap<>(first.steps), mean);
    }
}
