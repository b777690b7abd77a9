package vecnet.nn.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import vecnet.core.Tensor;
import vecnet.nn.Conv2d;
import vecnet.nn.Module;

/**
 * Tensor layouts of vecnet's layers against PyTorch's, and converters. State-dict keys are the same
 * as PyTorch's; the shapes and element orders are:
 *
 * <table>
 * <caption>State-dict layouts, vecnet vs PyTorch</caption>
 * <tr><th>layer</th><th>tensor</th><th>vecnet</th><th>PyTorch</th></tr>
 * <tr><td>Linear</td><td>weight</td><td>(out, in)</td><td>(out, in): same</td></tr>
 * <tr><td>Linear, Conv2d</td><td>bias</td><td>(out)</td><td>(out): same</td></tr>
 * <tr><td>Conv2d</td><td>weight</td><td>(out, kh, kw, in)</td><td>(out, in, kh, kw):
 *     {@link Conv2d#fromOihw} / {@link Conv2d#toOihw}</td></tr>
 * <tr><td>BatchNorm1d/2d</td><td>weight, bias, running_mean, running_var</td><td>(features)</td>
 *     <td>(features): same (running_var is the unbiased estimate in both)</td></tr>
 * <tr><td>BatchNorm1d/2d</td><td>num_batches_tracked</td><td>() float32</td><td>() int64: same value
 *     (PyTorch's load_state_dict converts the dtype)</td></tr>
 * <tr><td>Maxout</td><td>linear.weight, linear.bias</td><td>(out·k, in), unit j owns rows j·k …
 *     j·k + k − 1</td><td>no such layer</td></tr>
 * <tr><td>RNN, LSTM, GRU</td><td>weight_ih_l<i>k</i>[_reverse], weight_hh_l<i>k</i>[_reverse]</td>
 *     <td>(g·hidden, in) and (g·hidden, hidden), g = 1, 4 (gates i, f, g, o) or 3 (r, z, n)</td>
 *     <td>same shapes, gate order and names</td></tr>
 * <tr><td>RNN, LSTM, GRU</td><td>bias_ih_l<i>k</i>[_reverse], bias_hh_l<i>k</i>[_reverse]</td>
 *     <td>(g·hidden)</td><td>(g·hidden): same</td></tr>
 * <tr><td>Embedding</td><td>weight</td><td>(num_embeddings, embedding_dim)</td><td>same</td></tr>
 * </table>
 *
 * <p>Activations are channels-last here (N, H, W, C) where PyTorch's are (N, C, H, W). That changes no
 * weight except one: a {@code Linear} right after a {@code Flatten} of image activations sees its
 * input features in (h, w, c) order here and in (c, h, w) order in PyTorch, so its weight's columns
 * must be permuted with {@link #linearInputFromNchw} / {@link #linearInputToNchw}. The state dict
 * alone does not tell which Linear follows a Flatten, nor the (c, h, w) it flattens, so
 * {@link #fromPyTorch} and {@link #toPyTorch} convert only the Conv2d weights and leave that Linear to
 * the caller.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads, while the tensors and modules they
 * read are not being written.
 */
public final class Layouts {
    private Layouts() {
    }

    /**
     * A Linear weight (out, c·h·w) whose input features are in PyTorch's NCHW flatten order (c, h, w),
     * reordered for vecnet's NHWC flatten order (h, w, c), as a new tensor: applied to an NHWC-flattened
     * activation it computes what the original computes on the NCHW-flattened one.
     */
    public static Tensor linearInputFromNchw(Tensor weight, int c, int h, int w) {
        return permuteInputs(weight, c, h, w, true);
    }

    /** The inverse of {@link #linearInputFromNchw}: input features (h, w, c) → (c, h, w), as a new tensor. */
    public static Tensor linearInputToNchw(Tensor weight, int c, int h, int w) {
        return permuteInputs(weight, c, h, w, false);
    }

    /** Each row's features between (c, h, w) order and (h, w, c) order; {@code toNhwc} picks the direction. */
    private static Tensor permuteInputs(Tensor weight, int c, int h, int w, boolean toNhwc) {
        checkFlattened(weight, c, h, w);
        int out = weight.dim(0);
        int in = weight.dim(1);
        float[] src = weight.data();
        Tensor result = Tensor.zeros(out, in);
        float[] dst = result.data();
        for (int o = 0; o < out; o++) {
            int row = weight.offset() + o * in;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int nchw = (ch * h + y) * w + x;
                        int nhwc = (y * w + x) * c + ch;
                        if (toNhwc) {
                            dst[o * in + nhwc] = src[row + nchw];
                        } else {
                            dst[o * in + nchw] = src[row + nhwc];
                        }
                    }
                }
            }
        }
        return result;
    }

    private static void checkFlattened(Tensor weight, int c, int h, int w) {
        if (weight == null) {
            throw new IllegalArgumentException("weight must not be null");
        }
        if (c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("c, h and w must be >= 1, were " + c + ", " + h + ", " + w);
        }
        if (weight.rank() != 2 || weight.dim(1) != (long) c * h * w) {
            throw new IllegalArgumentException("weight must have shape (out, c·h·w = " + (long) c * h * w
                    + ") for c=" + c + ", h=" + h + ", w=" + w + ", shape was " + weight.shape());
        }
    }

    /**
     * A PyTorch state dict made ready for {@code target.loadStateDict} (or {@link ModelFiles}): every
     * Conv2d weight of {@code target} converted from (out, in, kh, kw) to (out, kh, kw, in), as a new
     * tensor; all other entries passed through as they are (not copied). A Linear after a Flatten is not
     * converted (see the class comment).
     *
     * @throws IllegalArgumentException if an argument or entry is null, or a Conv2d weight is not of rank 4
     */
    public static Map<String, Tensor> fromPyTorch(Map<String, Tensor> pytorchStateDict, Module target) {
        if (pytorchStateDict == null || target == null) {
            throw new IllegalArgumentException("pytorchStateDict and target must not be null, were "
                    + (pytorchStateDict == null ? "null" : "a map") + " and " + target);
        }
        Set<String> conv = convWeights(target);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : pytorchStateDict.entrySet()) {
            Tensor t = e.getValue();
            if (e.getKey() == null) {
                throw new IllegalArgumentException("pytorchStateDict keys must not be null");
            }
            if (t == null) {
                throw new IllegalArgumentException("pytorchStateDict['" + e.getKey() + "'] must not be null");
            }
            if (conv.contains(e.getKey())) {
                if (t.rank() != 4) {
                    throw new IllegalArgumentException("pytorchStateDict['" + e.getKey()
                            + "'] is a Conv2d weight and must have rank 4 (out, in, kh, kw), shape was " + t.shape());
                }
                t = Conv2d.fromOihw(t);
            }
            out.put(e.getKey(), t);
        }
        return out;
    }

    /**
     * {@code source}'s state dict with every Conv2d weight in PyTorch's (out, in, kh, kw) order as a new
     * tensor; the other entries are the live tensors. A Linear after a Flatten is not converted (see the
     * class comment).
     */
    public static Map<String, Tensor> toPyTorch(Module source) {
        if (source == null) {
            throw new IllegalArgumentException("source must not be null");
        }
        Set<String> conv = convWeights(source);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : source.stateDict().entrySet()) {
            out.put(e.getKey(), conv.contains(e.getKey()) ? Conv2d.toOihw(e.getValue()) : e.getValue());
        }
        return out;
    }

    /** The dotted names of every Conv2d weight in the module tree. */
    private static Set<String> convWeights(Module root) {
        Set<String> out = new TreeSet<>();
        collectConvWeights(root, "", out);
        return out;
    }

    private static void collectConvWeights(Module m, String prefix, Set<String> out) {
        if (m instanceof Conv2d) {
            out.add(prefix + "weight");
        }
        for (Map.Entry<String, Module> e : m.children().entrySet()) {
            collectConvWeights(e.getValue(), prefix + e.getKey() + ".", out);
        }
    }
}
