package vecnet.nn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import vecnet.core.Tensor;
import vecnet.nn.Module;

/**
 * Saves and loads a module's {@link Module#stateDict() state dict} as a safetensors file, under
 * PyTorch's dotted names ({@code 0.weight}, {@code features.3.running_mean}).
 *
 * <p>The tensors are stored in vecnet's layouts, which differ from PyTorch's for {@code Conv2d}
 * weights and for a {@code Linear} after a {@code Flatten} of image activations; see {@link Layouts}
 * for the table and the converters.
 *
 * <p>Safetensors forbids two names for one tensor, so a tensor that the state dict lists under several
 * names (tied weights, a layer registered twice) is written once, under its first name, and each other
 * name is recorded in the metadata as {@code alias -> first name}, as PyTorch's
 * {@code safetensors.torch.save_model} does. Loading fills such aliases from the name that is present.
 *
 * <p>Thread safety: static; concurrent calls on different files are independent and a save is atomic (a temporary
 * file, then a rename). {@link #load} writes the module's tensors in place: not during a forward or a training
 * step on it.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * The keys a non-strict {@link #load} left alone (as PyTorch's {@code _IncompatibleKeys}): the module's
     * keys absent from the file and the file's keys the module lacks, each sorted.
     */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
        public IncompatibleKeys {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }
    }

    /** Writes {@code module}'s state dict to {@code file} (atomically, see {@link SafeTensors#save}). */
    public static void save(Module module, Path file) throws IOException {
        save(module, file, Map.of());
    }

    /**
     * As {@link #save(Module, Path)}, with {@code metadata} (string pairs, e.g. a model description) added
     * to the header. An alias entry is not added where {@code metadata} already has that key.
     */
    public static void save(Module module, Path file, Map<String, String> metadata) throws IOException {
        if (module == null) {
            throw new IllegalArgumentException("module must not be null");
        }
        if (metadata == null) {
            throw new IllegalArgumentException("metadata must not be null (use an empty map)");
        }
        Map<String, Tensor> unique = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        IdentityHashMap<Tensor, String> firstName = new IdentityHashMap<>();
        for (Map.Entry<String, Tensor> e : module.stateDict().entrySet()) {
            String first = firstName.putIfAbsent(e.getValue(), e.getKey());
            if (first == null) {
                unique.put(e.getKey(), e.getValue());
            } else {
                meta.putIfAbsent(e.getKey(), first);
            }
        }
        SafeTensors.save(file, unique, meta);
    }

    /**
     * Loads {@code file} into {@code module}'s parameters and buffers. Every key, shape and size is
     * checked before anything is copied, so a load that throws leaves the module unchanged. With
     * {@code strict}, keys missing from the file and keys the module does not have are an error whose
     * message lists both; otherwise they are skipped and returned.
     *
     * @throws IOException if the file cannot be read or is not a valid safetensors file
     * @throws IllegalArgumentException if the state does not fit the module (message names the file
     *     and the key)
     */
    public static IncompatibleKeys load(Module module, Path file, boolean strict) throws IOException {
        if (module == null) {
            throw new IllegalArgumentException("module must not be null");
        }
        Map<String, Tensor> stored = SafeTensors.load(file);
        Map<String, Tensor> own = module.stateDict();
        Map<String, Tensor> state = new LinkedHashMap<>(stored);
        for (List<String> names : aliasGroups(own)) {
            Tensor present = null;
            for (String n : names) {
                if (stored.containsKey(n)) {
                    present = stored.get(n);
                    break;
                }
            }
            if (present != null) {
                for (String n : names) {
                    state.putIfAbsent(n, present);
                }
            }
        }
        TreeSet<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        try {
            module.loadStateDict(state, strict); // checks everything before it copies anything
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return new IncompatibleKeys(new ArrayList<>(missing), new ArrayList<>(unexpected));
    }

    /** The names of each tensor the state dict lists more than once, first name first. */
    private static List<List<String>> aliasGroups(Map<String, Tensor> state) {
        IdentityHashMap<Tensor, List<String>> byTensor = new IdentityHashMap<>();
        List<List<String>> groups = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            List<String> names = byTensor.get(e.getValue());
            if (names == null) {
                names = new ArrayList<>();
                byTensor.put(e.getValue(), names);
                groups.add(names);
            }
            names.add(e.getKey());
        }
        groups.removeIf(g -> g.size() < 2);
        return groups;
    }
}
