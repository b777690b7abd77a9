package vecnet.nn.optim;

import java.util.Map;

/** The validation rules and map reads the optimizers' option records (and the schedules) share. */
final class Check {
    private Check() {
    }

    /** lr, weight decay, eps, momentum, ...: finite and >= 0 (NaN rejected). */
    static double nonNegative(String name, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + v);
        }
        return v;
    }

    /** A schedule's factor (gamma): finite and > 0. */
    static double positive(String name, double v) {
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite, was " + v);
        }
        return v;
    }

    /** A beta (an exponential decay rate): in [0, 1). */
    static double beta(String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), was " + v);
        }
        return v;
    }

    /** A fraction in [0, 1]. */
    static double unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + v);
        }
        return v;
    }

    static int atLeastOne(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + v);
        }
        return v;
    }

    /** The named entry of a complete options map (a missing one is an error, not a default). */
    static double get(Map<String, Double> m, String name) {
        if (m == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        Double v = m.get(name);
        if (v == null) {
            throw new IllegalArgumentException("values must contain '" + name + "', had " + m.keySet());
        }
        return v;
    }

    /** A boolean stored as 0 or 1. */
    static boolean flag(Map<String, Double> m, String name) {
        double v = get(m, name);
        if (v != 0 && v != 1) {
            throw new IllegalArgumentException(name + " is a boolean stored as 0 or 1, was " + v);
        }
        return v == 1;
    }

    /** An integer option stored exactly as a double. */
    static int integer(Map<String, Double> m, String name) {
        double v = get(m, name);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be an integer, was " + v);
        }
        return (int) v;
    }
}
