package vecnet.spark.examples;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The examples' {@code --name value} arguments, checked against the options an example knows. */
final class ExampleArgs {
    private final Map<String, String> values;

    private ExampleArgs(Map<String, String> values) {
        this.values = values;
    }

    static ExampleArgs parse(String[] args, List<String> options) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments must be --name value pairs of " + options + ", got '"
                        + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (!options.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; options are " + options);
            }
            m.put(name, args[++i]);
        }
        return new ExampleArgs(m);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    /** The option as an int of at least {@code min}. */
    int intAtLeast(String name, int dflt, int min) {
        String v = get(name, Integer.toString(dflt));
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer >= " + min + ", got '" + v + "'", e);
        }
        if (n < min) {
            throw new IllegalArgumentException("--" + name + " must be >= " + min + ", got " + n);
        }
        return n;
    }

    /** The option as a finite double > 0. */
    double positive(String name, double dflt) {
        String v = get(name, Double.toString(dflt));
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number > 0, got '" + v + "'", e);
        }
        if (!(d > 0) || !Double.isFinite(d)) {
            throw new IllegalArgumentException("--" + name + " must be a finite number > 0, got " + v);
        }
        return d;
    }

    long longValue(String name, long dflt) {
        String v = get(name, Long.toString(dflt));
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'", e);
        }
    }
}
