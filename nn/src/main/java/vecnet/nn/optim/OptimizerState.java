package vecnet.nn.optim;

import java.util.List;
import java.util.Map;

/**
 * An optimizer's saved state: each group's hyper-parameters (exact doubles), each parameter's step
 * count and its buffers under {@code "<index>.<buffer>"} with the index over all groups' parameters in
 * order, as PyTorch's {@code state_dict}. The optimizer's {@code stateDict()} hands out copies of its
 * buffers; the record itself keeps unmodifiable copies of the list and maps but the arrays as passed.
 *
 * <p>Thread safety: shallowly immutable; share it between threads only for reading.
 */
public record OptimizerState(List<Map<String, Double>> groups, Map<Integer, Long> steps,
                             Map<String, float[]> buffers) {
    /**
     * @throws IllegalArgumentException if an argument, a group, or a key or value of a map is null
     */
    public OptimizerState {
        if (groups == null) {
            throw new IllegalArgumentException("groups must not be null");
        }
        for (int i = 0; i < groups.size(); i++) {
            requireEntries("groups[" + i + "]", groups.get(i));
        }
        requireEntries("steps", steps);
        requireEntries("buffers", buffers);
        groups = List.copyOf(groups);
        steps = Map.copyOf(steps);
        buffers = Map.copyOf(buffers);
    }

    /** {@code m} and each of its keys and values are not null; the message names the entry. */
    private static void requireEntries(String name, Map<?, ?> m) {
        if (m == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException(name + " must not contain a null key");
            }
            if (e.getValue() == null) {
                Object k = e.getKey();
                throw new IllegalArgumentException(name + "[" + (k instanceof String ? "'" + k + "'" : k)
                        + "] must not be null");
            }
        }
    }
}
