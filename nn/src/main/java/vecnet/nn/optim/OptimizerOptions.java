package vecnet.nn.optim;

import java.util.Map;
import java.util.Set;

/**
 * The hyper-parameters of one optimizer, as a record with PyTorch's defaults (for example
 * {@link Adam.Options}). A parameter group keeps them as a name → value map under PyTorch's option
 * names (booleans stored as 0/1), which {@link Optimizer#stateDict()} saves and schedulers change;
 * every change is validated by rebuilding the record through {@link #fromMap}, so a group can never
 * hold values its record would reject.
 */
public interface OptimizerOptions {
    /** The options under PyTorch's names in declaration order, booleans as 0 or 1, integers exactly. */
    Map<String, Double> asMap();

    /**
     * Options of this kind from a complete map as {@link #asMap()} returns it, validated as the record's
     * constructor does; a boolean must be 0 or 1 and an integer option a whole number.
     */
    OptimizerOptions fromMap(Map<String, Double> values);

    /** The names of the boolean options (set with {@link ParamGroup#set(String, boolean)}). */
    default Set<String> flags() {
        return Set.of();
    }
}
