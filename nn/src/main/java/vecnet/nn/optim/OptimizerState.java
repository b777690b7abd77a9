package vecnet.nn.optim;

import java.util.List;
import java.util.Map;

/**
 * An optimizer's saved state: each group's hyper-parameters (exact doubles), each parameter's step
 * count and its buffers under {@code "<index>.<buffer>"} with the index over all groups' parameters in
 * order, as PyTorch's {@code state_dict}. Buffers are copies.
 */
public record OptimizerState(List<Map<String, Double>> groups, Map<Integer, Long> steps,
                             Map<String, float[]> buffers) {
    public OptimizerState {
        groups = List.copyOf(groups);
        steps = Map.copyOf(steps);
        buffers = Map.copyOf(buffers);
    }
}
