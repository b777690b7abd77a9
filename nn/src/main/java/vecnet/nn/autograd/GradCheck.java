package vecnet.nn.autograd;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import vecnet.core.Tensor;

/**
 * Compares the tape's gradients with central differences. The scalar probed is J = Σ r·f(x) for a
 * fixed random r (so every output element matters); J and the difference quotients are computed in
 * double, the perturbations are the float values actually fed to f.
 *
 * <p>Thread safety: static methods only, but a check perturbs the leaves in place and runs backward: no
 * other thread may use the leaves (or their module) meanwhile.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /**
     * The largest error over all input elements, |analytic − numeric| / max(1, |analytic|, |numeric|).
     * {@code inputs} are not modified; f receives fresh leaves that require grad.
     *
     * @throws IllegalArgumentException if {@code f}, {@code inputs} or an input is null, or {@code eps} is not
     *     finite and {@code > 0}
     */
    public static double maxError(Function<Var[], Var> f, double eps, long seed, Tensor... inputs) {
        requireNonNull("f", f);
        requireElements("inputs", inputs);
        requireEps(eps);
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = Var.parameter(inputs[i].copy());
        }
        return maxError(() -> f.apply(vars), eps, seed, vars);
    }

    /**
     * The same check for existing leaves (e.g. a module's parameters, or an input leaf) that
     * {@code f} reads: each is perturbed in place and restored. Their gradients are zeroed first.
     *
     * @throws IllegalArgumentException if {@code f}, {@code leaves} or a leaf is null, or {@code eps} is not
     *     finite and {@code > 0}
     */
    public static double maxError(Supplier<Var> f, double eps, long seed, Var... leaves) {
        requireNonNull("f", f);
        requireElements("leaves", leaves);
        requireEps(eps);
        for (Var v : leaves) {
            v.zeroGrad();
        }
        Var out = f.get();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] r = new float[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) rnd.nextDouble(-1, 1);
        }
        out.backward(Tensor.of(r, out.shape().dims()));
        double worst = 0;
        for (Var leaf : leaves) {
            Tensor x = leaf.value();
            Tensor g = leaf.grad();
            for (int i = 0; i < x.size(); i++) {
                float orig = x.data()[x.offset() + i];
                float up = (float) (orig + eps);
                float down = (float) (orig - eps);
                x.data()[x.offset() + i] = up;
                double jUp = probe(f, r);
                x.data()[x.offset() + i] = down;
                double jDown = probe(f, r);
                x.data()[x.offset() + i] = orig;
                double numeric = (jUp - jDown) / ((double) up - down);
                double analytic = g == null ? 0 : g.data()[g.offset() + i];
                double err = Math.abs(analytic - numeric) / Math.max(1, Math.max(Math.abs(analytic), Math.abs(numeric)));
                worst = Math.max(worst, err);
            }
        }
        return worst;
    }

    private static void requireNonNull(String name, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }

    private static void requireElements(String name, Object[] a) {
        requireNonNull(name, a);
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
        }
    }

    /** The step of the central differences: finite and > 0 (NaN rejected). */
    private static void requireEps(double eps) {
        if (!(eps > 0 && eps < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("eps must be finite and > 0, was " + eps);
        }
    }

    private static double probe(Supplier<Var> f, float[] r) {
        GradMode.Scope s = GradMode.noGrad();
        try {
            Tensor y = f.get().value();
            double j = 0;
            for (int i = 0; i < r.length; i++) {
                j += (double) r[i] * y.data()[y.offset() + i];
            }
            return j;
        } finally {
            s.close();
        }
    }
}
