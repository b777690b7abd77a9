package vecnet.examples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code --key value} options of an example's command line. Only the keys an example declares are
 * accepted, each at most once, so a typo fails with the list of valid keys instead of being ignored.
 */
final class Args {
    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code args} as {@code --key value} pairs, accepting only the {@code known} keys (without "--"). */
    static Args parse(String[] args, String... known) {
        if (args == null) {
            throw new IllegalArgumentException("args must not be null");
        }
        List<String> keys = Arrays.asList(known);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (flag == null || !flag.startsWith("--") || flag.length() == 2) {
                throw new IllegalArgumentException("argument " + i + " must be an option --key, was '" + flag
                        + "'; options: " + usage(keys));
            }
            String key = flag.substring(2);
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + flag + "'; options: " + usage(keys));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option '" + flag + "' needs a value, was the last argument");
            }
            if (values.put(key, args[i + 1]) != null) {
                throw new IllegalArgumentException("option '" + flag + "' must be given at most once, was given twice");
            }
        }
        return new Args(values);
    }

    private static String usage(List<String> keys) {
        return keys.isEmpty() ? "(none)" : "--" + String.join(", --", keys);
    }

    /** The value of {@code --key}, or {@code fallback} when absent. */
    String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int intValue(String key, int fallback) {
        return parsed(key, fallback, Integer::parseInt, "an integer");
    }

    long longValue(String key, long fallback) {
        return parsed(key, fallback, Long::parseLong, "an integer");
    }

    double doubleValue(String key, double fallback) {
        return parsed(key, fallback, Double::parseDouble, "a number");
    }

    /** {@code --key} read by {@code parse}, or {@code fallback} when absent; {@code kind} names the format in the error. */
    private <T> T parsed(String key, T fallback, Function<String, T> parse, String kind) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return parse.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be " + kind + ", was '" + v + "'", e);
        }
    }

    Path path(String key, Path fallback) {
        String v = values.get(key);
        return v == null ? fallback : Path.of(v);
    }

    /** A comma-separated list of numbers, e.g. {@code --x 1,0,1}. */
    double[] doubles(String key, double[] fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback.clone();
        }
        String[] parts = v.split(",", -1);
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be comma-separated numbers, was '" + v + "'", e);
            }
        }
        return out;
    }
}
