package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.io.SafeTensors;

/**
 * Reading the PyTorch fixtures under src/test/resources/pytorch/FAMILY (written by the scripts in
 * scripts/pytorch) and comparing against them: the shared part of the *PyTorchTest classes.
 */
final class PyTorchFixtures {
    /** float32's machine epsilon, the ulp of 1: the unit the fixture tolerances are counted in. */
    static final double EPS = Math.ulp(1f);

    private final Path dir;
    private final Map<String, Tensor> tensors;

    private PyTorchFixtures(Path dir, Map<String, Tensor> tensors) {
        this.dir = dir;
        this.tensors = tensors;
    }

    static Path dir(String family) {
        return Path.of("src", "test", "resources", "pytorch", family);
    }

    /** FAMILY/CASE.data.safetensors. */
    static PyTorchFixtures load(String family, String name) throws IOException {
        Path d = dir(family);
        return new PyTorchFixtures(d, SafeTensors.load(d.resolve(name + ".data.safetensors")));
    }

    /** FAMILY/CASE.model.safetensors, the state dict under PyTorch's names and layouts. */
    static Map<String, Tensor> model(String family, String name) throws IOException {
        return SafeTensors.load(dir(family).resolve(name + ".model.safetensors"));
    }

    /** The tensor {@code key}, failing the test if the fixture lacks it. */
    Tensor get(String key) {
        Tensor t = tensors.get(key);
        assertNotNull(t, dir + ": fixture has no tensor '" + key + "'");
        return t;
    }

    boolean has(String key) {
        return tensors.containsKey(key);
    }

    /** The keys starting with {@code prefix}, sorted. */
    SortedSet<String> keys(String prefix) {
        SortedSet<String> out = new TreeSet<>();
        for (String k : tensors.keySet()) {
            if (k.startsWith(prefix)) {
                out.add(k);
            }
        }
        return out;
    }

    /** Index {@code i} along the first axis of {@code t} (a stacked trajectory), as a view. */
    static Tensor slice(Tensor t, int i) {
        int[] dims = t.shape().dims();
        int[] rest = Arrays.copyOfRange(dims, 1, dims.length);
        int size = t.size() / dims[0];
        return Tensor.wrap(t.data(), t.offset() + i * size, Shape.of(rest));
    }

    /** sum(v · w): the scalar loss that probes every element of v with the fixture's weights w. */
    static Var weighted(Var v, Tensor w) {
        return Ops.sum(Ops.mul(v, Var.constant(w)));
    }

    /** |actual − expected| <= tol · max(1, |expected|) for each element. */
    static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertClose(expected, actual, what, i -> tol * Math.max(1, Math.abs(at(expected, i))));
    }

    /** |actual − expected| <= bound(i) for each element i (in row-major order), and equal shapes. */
    static void assertClose(Tensor expected, Tensor actual, String what, IntToDoubleFunction bound) {
        assertNotNull(actual, what + ": no value (a gradient that was never written?)");
        assertArrayEquals(expected.shape().dims(), actual.shape().dims(), what + " shape");
        for (int i = 0; i < expected.size(); i++) {
            double e = at(expected, i);
            double a = at(actual, i);
            double b = bound.applyAsDouble(i);
            // NaN anywhere fails; an infinity must be matched exactly
            if (!(e == a || Math.abs(a - e) <= b)) {
                fail(what + "[" + i + "]: expected " + e + " (PyTorch), was " + a + ", |diff| " + Math.abs(a - e)
                        + " > " + b);
            }
        }
    }

    /** Element i of t in row-major order. */
    static float at(Tensor t, int i) {
        return t.data()[t.offset() + i];
    }

    /** max |t_i|, the scale of a tensor whose elements may cancel to near 0. */
    static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) {
            m = Math.max(m, Math.abs(at(t, i)));
        }
        return m;
    }
}
