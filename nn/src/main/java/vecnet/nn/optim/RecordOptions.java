package vecnet.nn.optim;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The map form of an options record, read off its components so that no record repeats the table: each
 * component under its PyTorch name (the Java name in snake_case: weightDecay → weight_decay, beta1 →
 * beta1), in declaration order, a double as is, an int exactly, a boolean as 0 or 1. The way back goes
 * through the canonical constructor, so the record's own validation judges every map.
 */
final class RecordOptions {
    private RecordOptions() {
    }

    static Map<String, Double> asMap(OptimizerOptions options) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (RecordComponent c : components(options)) {
            Object v = read(c, options);
            m.put(pytorchName(c), v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue());
        }
        return m;
    }

    /** A record of {@code like}'s class from a complete map; each value is checked in declaration order. */
    static OptimizerOptions fromMap(OptimizerOptions like, Map<String, Double> values) {
        RecordComponent[] cs = components(like);
        Class<?>[] types = new Class<?>[cs.length];
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            String name = pytorchName(cs[i]);
            types[i] = cs[i].getType();
            if (types[i] == boolean.class) {
                args[i] = Check.flag(values, name);
            } else if (types[i] == int.class) { // not a ?: chain, which would widen the int to a double
                args[i] = Check.integer(values, name);
            } else {
                args[i] = Check.get(values, name);
            }
        }
        try {
            Constructor<?> canonical = like.getClass().getDeclaredConstructor(types);
            return (OptimizerOptions) canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) { // the record's validation: its own message
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + like.getClass().getName() + ": " + e, e);
        }
    }

    /** The PyTorch names of the boolean components. */
    static Set<String> flags(OptimizerOptions options) {
        Set<String> flags = new LinkedHashSet<>();
        for (RecordComponent c : components(options)) {
            if (c.getType() == boolean.class) {
                flags.add(pytorchName(c));
            }
        }
        return Collections.unmodifiableSet(flags);
    }

    static String pytorchName(RecordComponent c) {
        return c.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The components of a record of doubles, ints and booleans (what a parameter group can hold). */
    private static RecordComponent[] components(OptimizerOptions options) {
        RecordComponent[] cs = options.getClass().getRecordComponents();
        if (cs == null) {
            throw new IllegalStateException(options.getClass().getName()
                    + " is not a record: it must implement asMap, fromMap and flags itself");
        }
        for (RecordComponent c : cs) {
            Class<?> t = c.getType();
            if (t != double.class && t != int.class && t != boolean.class) {
                throw new IllegalStateException(options.getClass().getName() + "." + c.getName() + " is a " + t
                        + "; an options record holds only double, int and boolean components");
            }
        }
        return cs;
    }

    private static Object read(RecordComponent c, OptimizerOptions options) {
        try {
            return c.getAccessor().invoke(options);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + options.getClass().getName() + "." + c.getName()
                    + ": " + e, e);
        }
    }
}
