package vecnet.nn.fuzz;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.nn.fuzz.ApiFuzz.Bad;
import vecnet.nn.fuzz.ApiFuzz.Expect;
import vecnet.simd.Window2d;

/**
 * Bad values of each parameter type: a fixed set every entry point gets ({@link #fixed}) and random
 * ones for the seeded random pass ({@link #random}). Sizes are never 0 in the valid calls (see
 * {@link ApiEntries}), so an empty array is always too short and a negative int is always out of range.
 */
final class BadValues {
    private BadValues() {
    }

    static List<Bad> fixed(Parameter p, Object valid) {
        Class<?> t = p.getType();
        List<Bad> out = new ArrayList<>();
        if (t == int.class) {
            out.add(new Bad("-1", () -> -1, Expect.REFUSE_NAMED));
            out.add(new Bad("MIN_VALUE", () -> Integer.MIN_VALUE, Expect.REFUSE_NAMED, "" + Integer.MIN_VALUE));
            out.add(new Bad("huge MAX_VALUE", () -> Integer.MAX_VALUE, Expect.REFUSE, "" + Integer.MAX_VALUE));
            out.add(new Bad("0", () -> 0, Expect.EITHER));
        } else if (t == long.class) {
            out.add(new Bad("MIN_VALUE", () -> Long.MIN_VALUE, Expect.EITHER));
            out.add(new Bad("MAX_VALUE", () -> Long.MAX_VALUE, Expect.EITHER));
        } else if (t == float.class) {
            out.add(new Bad("NaN", () -> Float.NaN, Expect.REFUSE_NAMED));
            out.add(new Bad("+Inf", () -> Float.POSITIVE_INFINITY, Expect.REFUSE_NAMED));
            out.add(new Bad("-Inf", () -> Float.NEGATIVE_INFINITY, Expect.REFUSE_NAMED));
            out.add(new Bad("-1", () -> -1f, Expect.EITHER));
        } else if (t == double.class) {
            out.add(new Bad("NaN", () -> Double.NaN, Expect.REFUSE_NAMED));
            out.add(new Bad("+Inf", () -> Double.POSITIVE_INFINITY, Expect.REFUSE_NAMED));
            out.add(new Bad("-Inf", () -> Double.NEGATIVE_INFINITY, Expect.REFUSE_NAMED));
            out.add(new Bad("-1", () -> -1.0, Expect.EITHER));
        } else if (!t.isPrimitive()) {
            out.add(new Bad("null", () -> null, Expect.REFUSE_NAMED));
        }
        if (t == float[].class) {
            out.add(new Bad("float[0]", () -> new float[0], Expect.REFUSE));
        } else if (t == int[].class) {
            int n = valid == null ? 1 : ((int[]) valid).length;
            out.add(new Bad("int[0]", () -> new int[0], Expect.EITHER, "[]"));
            out.add(new Bad("all -1", () -> filled(n, -1), Expect.REFUSE_NAMED));
            out.add(new Bad("all MAX_VALUE", () -> filled(n, Integer.MAX_VALUE), Expect.REFUSE,
                    String.valueOf(Integer.MAX_VALUE)));
        } else if (t == Var.class || t == Tensor.class) {
            boolean v = t == Var.class;
            for (int[] dims : new int[][] {{3}, {1, 1, 1, 1, 1}, {0, 2}, {3, 5}, {1, 2, 2, 3}}) {
                out.add(new Bad(Arrays.toString(dims), () -> tensorOrVar(v, Tensor.zeros(dims)), Expect.EITHER,
                        Shape.of(dims).toString()));
            }
            for (float fill : new float[] {Float.NaN, 7, -1}) {
                out.add(new Bad("[2, 2] of " + fill, () -> {
                    Tensor x = Tensor.zeros(2, 2);
                    x.fill(fill);
                    return tensorOrVar(v, x);
                }, Expect.EITHER, String.valueOf(fill)));
            }
        } else if (t == Shape.class) {
            out.add(new Bad("(7)", () -> Shape.of(7), Expect.EITHER));
            out.add(new Bad("(0)", () -> Shape.of(0), Expect.EITHER));
        } else if (List.class.isAssignableFrom(t) || t == java.util.Collection.class) {
            out.add(new Bad("[null]", () -> Arrays.asList((Object) null), Expect.REFUSE_NAMED));
            out.add(new Bad("[]", List::of, Expect.EITHER));
        } else if (t == Map.class) {
            out.add(new Bad("{weight=null}", () -> {
                Map<String, Object> m = new HashMap<>();
                m.put("weight", null);
                return m;
            }, Expect.EITHER));
        } else if (t == java.nio.file.Path.class) {
            out.add(new Bad("missing file", () -> java.nio.file.Path.of("/nonexistent/vecnet/x.safetensors"),
                    Expect.EITHER));
        } else if (t == Window2d.class) {
            out.add(new Bad("3x3 window", () -> Window2d.of(3, 1, 0), Expect.REFUSE));
        } else if (t.isArray() && !t.getComponentType().isPrimitive()) {
            out.add(new Bad("[null]", () -> java.lang.reflect.Array.newInstance(t.getComponentType(), 1),
                    Expect.REFUSE_NAMED));
        }
        return out;
    }

    /**
     * A generator of random bad values of a parameter (each call draws one from the given random), or null
     * when its type has none beyond the fixed ones. Ints are drawn uniformly from their range.
     */
    static Function<SplittableRandom, Bad> random(Parameter p, Object valid) {
        Class<?> t = p.getType();
        // Layers allocate their parameters from their sizes: above the VM's array limit they must be
        // refused before allocating; elsewhere any size from 2^30 (no valid call has an array that long).
        int hugeFrom = allocates(p) ? Integer.MAX_VALUE - 7 : 1 << 30;
        if (t == int.class) {
            return r -> {
                if (r.nextBoolean()) {
                    int i = negative(r);
                    return new Bad(String.valueOf(i), () -> i, Expect.REFUSE_NAMED);
                }
                int i = huge(r, hugeFrom);
                return new Bad("huge " + i, () -> i, Expect.REFUSE, String.valueOf(i));
            };
        }
        if (t == int[].class && valid != null && ((int[]) valid).length > 0) {
            int[] ok = (int[]) valid;
            int n = ok.length;
            return r -> {
                int value = r.nextBoolean() ? negative(r) : huge(r, hugeFrom);
                Expect expect = value < 0 ? Expect.REFUSE_NAMED : Expect.REFUSE;
                if (n > 8) { // a kernel's index buffer: only the entries at its offset are read, so corrupt them all
                    return new Bad("all " + value, () -> filled(n, value), expect, String.valueOf(value));
                }
                int at = r.nextInt(n);
                return new Bad("[" + at + "]=" + value, () -> {
                    int[] a = ok.clone();
                    a[at] = value;
                    return a;
                }, expect, String.valueOf(value));
            };
        }
        if (t == Var.class || t == Tensor.class) {
            boolean v = t == Var.class;
            return r -> { // a random shape: rank 0..5, each extent 0..4
                int[] dims = new int[r.nextInt(6)];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = r.nextInt(5);
                }
                return new Bad(Arrays.toString(dims), () -> tensorOrVar(v, Tensor.zeros(dims)), Expect.EITHER,
                        Shape.of(dims).toString());
            };
        }
        List<Bad> f = fixed(p, valid);
        return f.isEmpty() ? null : r -> f.get(r.nextInt(f.size()));
    }

    /** Uniform in [MIN_VALUE, -1]. */
    private static int negative(SplittableRandom r) {
        return r.nextInt(Integer.MIN_VALUE, 0);
    }

    /** Uniform in [from, MAX_VALUE] (from > 0). */
    private static int huge(SplittableRandom r, int from) {
        return from + r.nextInt(Integer.MAX_VALUE - from + 1);
    }

    /**
     * Entry points that allocate from a size before anything else can refuse it (a layer's parameters, a
     * predictor's sample buffer, a summary's zero sample): a size under the VM's array limit but over the
     * heap is the heap's to refuse, and would take seconds and gigabytes, so they get only sizes above the
     * limit.
     */
    private static boolean allocates(Parameter p) {
        Class<?> c = p.getDeclaringExecutable().getDeclaringClass();
        return vecnet.nn.Module.class.isAssignableFrom(c) || c == vecnet.nn.inference.Predictor.class
                || c == vecnet.nn.train.Summary.class;
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[Math.max(n, 1)];
        Arrays.fill(a, value);
        return a;
    }

    private static Object tensorOrVar(boolean var, Tensor t) {
        return var ? Var.parameter(t) : t;
    }
}
