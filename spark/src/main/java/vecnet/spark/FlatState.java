package vecnet.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import vecnet.core.Tensor;
import vecnet.nn.Module;
import vecnet.nn.autograd.Var;

/**
 * A module's trained state as one flat {@code float[]}: the parameters in {@link Module#namedParameters()}
 * order, then the buffers (running statistics) in state-dict order, each tensor once. What a step
 * broadcasts and what a task returns.
 */
final class FlatState {
    private final List<Var> params = new ArrayList<>();
    private final List<String> paramNames = new ArrayList<>();
    private final List<Tensor> buffers = new ArrayList<>();
    private final int paramSize;
    private final int bufferSize;

    FlatState(Module model) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int ps = 0;
        for (Map.Entry<String, Var> e : model.namedParameters().entrySet()) {
            params.add(e.getValue());
            paramNames.add(e.getKey());
            seen.add(e.getValue().value());
            ps += e.getValue().size();
        }
        int bs = 0;
        for (Tensor t : model.stateDict().values()) {
            if (seen.add(t)) {
                buffers.add(t);
                bs += t.size();
            }
        }
        this.paramSize = ps;
        this.bufferSize = bs;
    }

    int paramSize() {
        return paramSize;
    }

    int bufferSize() {
        return bufferSize;
    }

    /** Parameters then buffers. */
    int size() {
        return paramSize + bufferSize;
    }

    List<Var> params() {
        return params;
    }

    /** Parameters, then buffers, into a new array. */
    float[] read() {
        float[] out = new float[size()];
        int o = 0;
        for (Var p : params) {
            o = copyOut(p.value(), out, o);
        }
        for (Tensor b : buffers) {
            o = copyOut(b, out, o);
        }
        return out;
    }

    /** Sets parameters and buffers from {@code src} (as {@link #read} lays them out). */
    void write(float[] src) {
        if (src.length != size()) {
            throw new IllegalArgumentException("state must have " + size() + " floats (" + paramSize
                    + " parameters, " + bufferSize + " buffer values), was " + src.length);
        }
        int o = 0;
        for (Var p : params) {
            o = copyIn(src, o, p.value());
        }
        for (Tensor b : buffers) {
            o = copyIn(src, o, b);
        }
    }

    /** The parameters' gradients in parameter order; zeros for a parameter that got none. */
    float[] readGrads() {
        float[] out = new float[paramSize];
        int o = 0;
        for (Var p : params) {
            Tensor g = p.grad();
            if (g == null) {
                o += p.size();
            } else {
                o = copyOut(g, out, o);
            }
        }
        return out;
    }

    /** The buffers only, in order. */
    float[] readBuffers() {
        float[] out = new float[bufferSize];
        int o = 0;
        for (Tensor b : buffers) {
            o = copyOut(b, out, o);
        }
        return out;
    }

    /** Sets the buffers only. */
    void writeBuffers(float[] src) {
        int o = 0;
        for (Tensor b : buffers) {
            o = copyIn(src, o, b);
        }
    }

    /** Sets every parameter's gradient (allocated by the caller) from {@code src}. */
    void writeGrads(float[] src) {
        int o = 0;
        for (Var p : params) {
            o = copyIn(src, o, p.grad());
        }
    }

    /** The dotted name of the parameter holding flat index {@code i} (for error messages). */
    String nameAt(int i) {
        int o = 0;
        for (int k = 0; k < params.size(); k++) {
            o += params.get(k).size();
            if (i < o) {
                return paramNames.get(k) + " (element " + (i - o + params.get(k).size()) + ")";
            }
        }
        return "buffer value " + (i - paramSize);
    }

    private static int copyOut(Tensor t, float[] out, int o) {
        System.arraycopy(t.data(), t.offset(), out, o, t.size());
        return o + t.size();
    }

    private static int copyIn(float[] src, int o, Tensor t) {
        System.arraycopy(src, o, t.data(), t.offset(), t.size());
        return o + t.size();
    }

    /** Index of the first NaN or infinity in {@code a}, or -1. */
    static int firstNonFinite(float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }
}
