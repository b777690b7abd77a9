package vecnet.nn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vecnet.core.Tensor;
import vecnet.nn.Dropout;
import vecnet.nn.Module;
import vecnet.nn.optim.LRScheduler;
import vecnet.nn.optim.Optimizer;
import vecnet.nn.optim.OptimizerState;

/**
 * A training checkpoint in one safetensors file: the model's state dict ({@code model.<name>}), the optimizer's
 * buffers ({@code optimizer.<index>.<buffer>}), and in the header's metadata the optimizer's hyper-parameters and
 * step counts, the scheduler's epoch, every dropout layer's random state, the epoch and step reached, and what
 * the caller adds (the Trainer puts its configuration there). Resuming from it continues bit for bit: the data
 * order is a function of (seed, epoch), the augmentation of (seed, epoch, batch). Written atomically (a
 * temporary file, then a rename), read with every check of {@link SafeTensors}; a load checks everything
 * before it changes the model, the optimizer or the scheduler.
 *
 * <p>Thread safety: static; calls on different files are independent and a save is atomic. A save reads
 * and a load writes the model, optimizer and scheduler: call it on the training thread between steps.
 */
public final class Checkpoint {
    /** The metadata key naming this format; a file without it is refused. */
    public static final String FORMAT_KEY = "format";
    public static final String FORMAT = "vecnet-checkpoint-1";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String RNG = "rng.";

    /**
     * Where training stood: epochs and optimizer steps completed, and the caller's extra metadata ({@code extra}
     * may be null: none).
     */
    public record Progress(int epoch, long step, Map<String, String> extra) {
        public Progress {
            if (epoch < 0) {
                throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
            }
            if (step < 0) {
                throw new IllegalArgumentException("step must be >= 0, was " + step);
            }
            if (extra != null) {
                for (Map.Entry<String, String> e : extra.entrySet()) {
                    if (e.getKey() == null) {
                        throw new IllegalArgumentException("extra must not contain a null key");
                    }
                    if (e.getValue() == null) {
                        throw new IllegalArgumentException("extra['" + e.getKey() + "'] must not be null");
                    }
                }
            }
            extra = extra == null ? Map.of() : Map.copyOf(extra);
        }
    }

    private Checkpoint() {
    }

    /** Writes {@code file}; {@code scheduler} may be null. */
    public static void save(Path file, Module model, Optimizer optimizer, LRScheduler scheduler, Progress progress)
            throws IOException {
        requireNonNull("file", file);
        requireNonNull("model", model);
        requireNonNull("optimizer", optimizer);
        requireNonNull("progress", progress);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            tensors.put(MODEL + e.getKey(), e.getValue());
        }
        OptimizerState os = optimizer.stateDict();
        for (Map.Entry<String, float[]> e : os.buffers().entrySet()) {
            tensors.put(OPTIMIZER + e.getKey(), Tensor.of(e.getValue().clone(), e.getValue().length));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : progress.extra().entrySet()) {
            meta.put("extra." + e.getKey(), e.getValue());
        }
        meta.put(FORMAT_KEY, FORMAT);
        meta.put("epoch", Integer.toString(progress.epoch()));
        meta.put("step", Long.toString(progress.step()));
        meta.put("optimizer.class", optimizer.getClass().getName());
        meta.put("optimizer.groups", encodeGroups(os.groups()));
        StringBuilder steps = new StringBuilder();
        for (Map.Entry<Integer, Long> e : os.steps().entrySet()) {
            steps.append(steps.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
        }
        meta.put("optimizer.steps", steps.toString());
        if (scheduler != null) {
            meta.put("scheduler.class", scheduler.getClass().getName());
            meta.put("scheduler.epoch", Integer.toString(scheduler.epoch()));
        }
        for (Map.Entry<String, Dropout> e : dropouts(model).entrySet()) {
            meta.put(RNG + e.getKey(), Long.toString(e.getValue().randomState()));
        }
        SafeTensors.save(file, tensors, meta);
    }

    /**
     * Restores {@code model}, {@code optimizer} and {@code scheduler} (may be null, then the file must have
     * none) from {@code file} and returns where training stood.
     *
     * @throws IOException if the file is unreadable, not a checkpoint, or does not fit these objects (another
     *     optimizer class, missing or extra weights, other shapes); nothing is changed then
     */
    public static Progress load(Path file, Module model, Optimizer optimizer, LRScheduler scheduler) throws IOException {
        requireNonNull("file", file);
        requireNonNull("model", model);
        requireNonNull("optimizer", optimizer);
        SafeTensors.File f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        if (!FORMAT.equals(meta.get(FORMAT_KEY))) {
            throw new IOException(file + ": not a vecnet checkpoint (metadata " + FORMAT_KEY + " is "
                    + meta.get(FORMAT_KEY) + ", expected " + FORMAT + ")");
        }
        String optClass = meta.get("optimizer.class");
        if (!optimizer.getClass().getName().equals(optClass)) {
            throw new IOException(file + ": holds the state of " + optClass + ", the optimizer is "
                    + optimizer.getClass().getName());
        }
        String schedClass = meta.get("scheduler.class");
        String have = scheduler == null ? null : scheduler.getClass().getName();
        if (schedClass == null ? have != null : !schedClass.equals(have)) {
            throw new IOException(file + ": holds scheduler " + schedClass + ", given " + have);
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<String, float[]> buffers = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : f.tensors().entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                weights.put(e.getKey().substring(MODEL.length()), e.getValue());
            } else if (e.getKey().startsWith(OPTIMIZER)) {
                buffers.put(e.getKey().substring(OPTIMIZER.length()), e.getValue().toArray());
            } else {
                throw new IOException(file + ": unexpected tensor '" + e.getKey() + "'");
            }
        }
        Map<String, Dropout> drops = dropouts(model);
        Map<String, Long> rng = new LinkedHashMap<>();
        for (Map.Entry<String, Dropout> e : drops.entrySet()) {
            rng.put(e.getKey(), parseLong(file, RNG + e.getKey(), meta.get(RNG + e.getKey())));
        }
        OptimizerState state;
        int epoch;
        long step;
        Integer schedEpoch = null;
        try {
            state = new OptimizerState(decodeGroups(meta.get("optimizer.groups")), decodeSteps(meta.get("optimizer.steps")),
                    buffers);
            epoch = Integer.parseInt(meta.get("epoch"));
            step = Long.parseLong(meta.get("step"));
            if (scheduler != null) {
                schedEpoch = Integer.parseInt(meta.get("scheduler.epoch"));
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": malformed checkpoint metadata: " + e.getMessage(), e);
        }
        // Checks that can fail come first (strict state dict, optimizer state against a scratch check).
        Map<String, Tensor> before = model.stateDict();
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : before.entrySet()) {
            copy.put(e.getKey(), e.getValue().copy());
        }
        OptimizerState optBefore = optimizer.stateDict();
        try {
            model.loadStateDict(weights, true);
            optimizer.loadStateDict(state);
        } catch (RuntimeException e) {
            model.loadStateDict(copy, true);
            optimizer.loadStateDict(optBefore);
            throw new IOException(file + ": does not fit this model and optimizer: " + e.getMessage(), e);
        }
        if (scheduler != null) {
            scheduler.setEpoch(schedEpoch);
        }
        for (Map.Entry<String, Long> e : rng.entrySet()) {
            drops.get(e.getKey()).setRandomState(e.getValue());
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith("extra.")) {
                extra.put(e.getKey().substring(6), e.getValue());
            }
        }
        return new Progress(epoch, step, extra);
    }

    /** Every dropout layer of {@code model} under its dotted module path ("" for the model itself). */
    private static Map<String, Dropout> dropouts(Module model) {
        Map<String, Dropout> out = new LinkedHashMap<>();
        collect("", model, out);
        return out;
    }

    private static void collect(String prefix, Module m, Map<String, Dropout> out) {
        if (m instanceof Dropout d && !out.containsValue(d)) {
            out.put(prefix.isEmpty() ? "self" : prefix, d);
        }
        for (Map.Entry<String, Module> c : m.children().entrySet()) {
            collect(prefix.isEmpty() ? c.getKey() : prefix + "." + c.getKey(), c.getValue(), out);
        }
    }

    private static String encodeGroups(List<Map<String, Double>> groups) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Double> g : groups) {
            if (b.length() > 0) {
                b.append('|');
            }
            StringBuilder one = new StringBuilder();
            for (Map.Entry<String, Double> e : g.entrySet()) {
                one.append(one.length() == 0 ? "" : ";").append(e.getKey()).append('=').append(e.getValue());
            }
            b.append(one);
        }
        return b.toString();
    }

    private static List<Map<String, Double>> decodeGroups(String s) {
        List<Map<String, Double>> groups = new ArrayList<>();
        for (String g : s.split("\\|", -1)) {
            Map<String, Double> m = new LinkedHashMap<>();
            if (!g.isEmpty()) {
                for (String kv : g.split(";")) {
                    int eq = kv.indexOf('=');
                    m.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
                }
            }
            groups.add(m);
        }
        return groups;
    }

    private static Map<Integer, Long> decodeSteps(String s) {
        Map<Integer, Long> m = new LinkedHashMap<>();
        if (s != null && !s.isEmpty()) {
            for (String kv : s.split(",")) {
                int eq = kv.indexOf('=');
                m.put(Integer.parseInt(kv.substring(0, eq)), Long.parseLong(kv.substring(eq + 1)));
            }
        }
        return m;
    }

    private static long parseLong(Path file, String key, String v) throws IOException {
        if (v == null) {
            throw new IOException(file + ": no random state for dropout layer " + key.substring(RNG.length()));
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": metadata " + key + " is not a number: " + v, e);
        }
    }

    private static void requireNonNull(String name, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
