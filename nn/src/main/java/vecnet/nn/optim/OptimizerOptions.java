package vecnet.nn.optim;

import java.util.Map;
import java.util.Set;

/**
 * The hyper-parameters of one optimizer, as a record with PyTorch's defaults (for example
 * {@link Adam.Options}). A parameter group keeps them as a name → value map under PyTorch's option
 * names (booleans stored as 0/1), which {@link Optimizer#stateDict()} saves and schedulers change;
 * every change is validated by rebuilding the record through {@link #fromMap}, so a group can never
 * hold values its record would reject. For a record of double, int and boolean components the map is
 * read off the components (each under its name in snake_case, as PyTorch spells it: weightDecay →
 * weight_decay); any other implementation overrides all three methods.
 *
 * <p>Thread safety: implementations should be immutable values: a group replaces its record on every change and
 * never changes one; the Options records of this package are immutable.
 */
public interface OptimizerOptions {
    /** The options under PyTorch's names in declaration order, booleans as 0 or 1, integers exactly. */
    default Map<String, Double> asMap() {
        return RecordOptions.asMap(this);
    }

    /**
     * Options of this kind from a complete map as {@link #asMap()} returns it, validated as the record's
     * constructor does; a boolean must be 0 or 1 and an integer option a whole number.
     */
    default OptimizerOptions fromMap(Map<String, Double> values) {
        return RecordOptions.fromMap(this, values);
    }

    /** The names of the boolean options (set with {@link ParamGroup#set(String, boolean)}). */
    default Set<String> flags() {
        return RecordOptions.flags(this);
    }
}
