package vecnet.nn.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;

/**
 * Gradient clipping, as PyTorch's {@code clip_grad_norm_} and {@code clip_grad_value_}. In place.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads, but it changes the gradients in place:
 * they must not be read or written by another thread meanwhile.
 */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales all gradients together so their global L2 norm is at most {@code maxNorm} (factor
     * maxNorm / (norm + 1e-6), never above 1). Returns the norm before clipping. A non-finite norm is
     * returned as is (a NaN norm clips nothing); {@link #clipGradNorm(List, double, boolean)} can make it
     * an error instead.
     */
    public static double clipGradNorm(List<Var> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, false);
    }

    /**
     * {@link #clipGradNorm(List, double)} with PyTorch's {@code error_if_nonfinite}: when true, a NaN or
     * infinite total norm throws before any gradient is changed.
     *
     * @throws IllegalStateException if {@code errorIfNonfinite} and a gradient holds NaN or infinity; the
     *         message names the first such parameter by its index in {@code params}
     */
    public static double clipGradNorm(List<Var> params, double maxNorm, boolean errorIfNonfinite) {
        checkParams(params);
        return clip(params, null, maxNorm, errorIfNonfinite);
    }

    /**
     * {@link #clipGradNorm(List, double, boolean)} over named parameters, such as
     * {@code Module.namedParameters()}, so a non-finite gradient is reported by name ("0.weight").
     */
    public static double clipGradNorm(Map<String, Var> namedParams, double maxNorm, boolean errorIfNonfinite) {
        if (namedParams == null) {
            throw new IllegalArgumentException("namedParams must not be null");
        }
        List<String> names = new ArrayList<>(namedParams.size());
        List<Var> params = new ArrayList<>(namedParams.size());
        for (Map.Entry<String, Var> e : namedParams.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("namedParams must not contain a null name");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("namedParams['" + e.getKey() + "'] must not be null");
            }
            names.add(e.getKey());
            params.add(e.getValue());
        }
        return clip(params, names, maxNorm, errorIfNonfinite);
    }

    private static double clip(List<Var> params, List<String> names, double maxNorm, boolean errorIfNonfinite) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, was " + maxNorm);
        }
        double sq = 0;
        for (Var p : params) {
            Tensor g = p.grad();
            if (g != null) {
                for (int i = 0; i < g.size(); i++) {
                    double v = g.data()[g.offset() + i];
                    sq += v * v;
                }
            }
        }
        // float squares summed in double cannot overflow: a non-finite norm means a NaN or infinite element
        double norm = Math.sqrt(sq);
        if (errorIfNonfinite && !Double.isFinite(norm)) {
            throw new IllegalStateException(nonFinite(params, names, norm));
        }
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (Var p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    for (int i = 0; i < g.size(); i++) {
                        g.data()[g.offset() + i] *= c;
                    }
                }
            }
        }
        return norm;
    }

    /** The message for a non-finite total norm: the first parameter whose gradient holds NaN or infinity. */
    private static String nonFinite(List<Var> params, List<String> names, double norm) {
        for (int k = 0; k < params.size(); k++) {
            Tensor g = params.get(k).grad();
            if (g == null) {
                continue;
            }
            for (int i = 0; i < g.size(); i++) {
                float v = g.data()[g.offset() + i];
                if (!Float.isFinite(v)) {
                    String who = names == null ? "params[" + k + "]" : "parameter " + k + " ('" + names.get(k) + "')";
                    return "the total gradient norm is " + norm + ", so it cannot be clipped: the gradient of " + who
                            + " " + params.get(k).shape() + " has element " + i + " = " + v
                            + " (pass errorIfNonfinite = false to return the norm without this check)";
                }
            }
        }
        return "the total gradient norm is " + norm + ", so it cannot be clipped";
    }

    /** Clamps every gradient element to [−clip, clip]. */
    public static void clipGradValue(List<Var> params, double clip) {
        checkParams(params);
        if (!(clip > 0)) {
            throw new IllegalArgumentException("clip must be > 0, was " + clip);
        }
        float c = (float) clip;
        for (Var p : params) {
            Tensor g = p.grad();
            if (g != null) {
                for (int i = 0; i < g.size(); i++) {
                    int k = g.offset() + i;
                    g.data()[k] = Math.max(-c, Math.min(c, g.data()[k]));
                }
            }
        }
    }

    private static void checkParams(List<Var> params) {
        if (params == null) {
            throw new IllegalArgumentException("params must not be null");
        }
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) == null) {
                throw new IllegalArgumentException("params[" + i + "] must not be null");
            }
        }
    }
}
