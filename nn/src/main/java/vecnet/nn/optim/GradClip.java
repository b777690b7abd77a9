package vecnet.nn.optim;

import java.util.List;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;

/** Gradient clipping, as PyTorch's {@code clip_grad_norm_} and {@code clip_grad_value_}. In place. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales all gradients together so their global L2 norm is at most {@code maxNorm} (factor
     * maxNorm / (norm + 1e-6), never above 1). Returns the norm before clipping.
     */
    public static double clipGradNorm(List<Var> params, double maxNorm) {
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
        double norm = Math.sqrt(sq);
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

    /** Clamps every gradient element to [−clip, clip]. */
    public static void clipGradValue(List<Var> params, double clip) {
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
}
