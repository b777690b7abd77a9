package vecnet.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parameter's optimizer state: a step count and named buffers (momentum, moments, ...) of the
 * parameter's size, allocated once on first use and updated in place afterwards.
 *
 * <p>Thread safety: not thread-safe: the step count and the buffers change at every step; one thread, the
 * optimizer's.
 */
public final class ParamState {
    private final int size;
    private long step;
    private final Map<String, float[]> buffers = new LinkedHashMap<>();

    ParamState(int size) {
        this.size = size;
    }

    public long step() {
        return step;
    }

    /** Increments and returns the step count. */
    long nextStep() {
        return ++step;
    }

    void setStep(long step) {
        this.step = step;
    }

    /** The named buffer, created filled with {@code initial} on first use. */
    float[] buffer(String name, float initial) {
        float[] b = buffers.get(name);
        if (b == null) {
            b = new float[size];
            if (initial != 0f) {
                java.util.Arrays.fill(b, initial);
            }
            buffers.put(name, b);
        }
        return b;
    }

    boolean has(String name) {
        return buffers.containsKey(name);
    }

    public Map<String, float[]> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    void putBuffer(String name, float[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException("state buffer '" + name + "' must have " + size + " elements, was "
                    + values.length);
        }
        buffers.put(name, values.clone());
    }
}
