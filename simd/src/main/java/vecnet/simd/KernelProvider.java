package vecnet.simd;

import java.lang.System.Logger.Level;

/**
 * Chooses the kernel implementation once per JVM: the Vector API kernels when
 * {@code jdk.incubator.vector} is present and loads, otherwise the scalar kernels, with one actionable
 * log line through {@link System.Logger}. The vector class is loaded by name inside a try, so no
 * Vector API type is linked when the module is absent.
 *
 * <p>System properties (read, never set): {@value #IMPL_PROPERTY} = {@code auto} (default),
 * {@code scalar} or {@code vector}; {@value #BITS_PROPERTY} = {@code 128}, {@code 256} or {@code 512}
 * forces the vector width (default: the CPU's preferred width).
 */
final class KernelProvider {
    static final String IMPL_PROPERTY = "vecnet.simd.impl";
    static final String BITS_PROPERTY = "vecnet.simd.vectorBits";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "vecnet.simd.VectorKernelSupport";
    private static final System.Logger LOG = System.getLogger("vecnet.simd");

    private KernelProvider() {
    }

    private static final class Holder {
        static final KernelSupport INSTANCE = choose();
    }

    /** The implementation {@link Simd} delegates to. */
    static KernelSupport get() {
        return Holder.INSTANCE;
    }

    /** The scalar reference (tests and benchmarks compare against it). */
    static KernelSupport scalar() {
        return ScalarHolder.INSTANCE;
    }

    /** A new vector implementation, or null when the module is absent (tests compare it to the scalar one). */
    static KernelSupport vectorOrNull() {
        if (!vectorModulePresent()) {
            return null;
        }
        try {
            return (KernelSupport) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("vector kernels failed to load", e);
        }
    }

    private static final class ScalarHolder {
        static final KernelSupport INSTANCE = new ScalarKernelSupport();
    }

    /** Whether the vector module is resolved for this library's code. */
    static boolean vectorModulePresent() {
        ModuleLayer layer = KernelProvider.class.getModule().getLayer();
        if (layer == null) {
            layer = ModuleLayer.boot();
        }
        return layer.findModule(VECTOR_MODULE).isPresent() || ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private static KernelSupport choose() {
        return choose(System.getProperty(IMPL_PROPERTY, "auto"), System.getProperty(BITS_PROPERTY),
                vectorModulePresent(), msg -> LOG.log(Level.WARNING, msg));
    }

    /**
     * The decision itself, separated from the JVM's state so tests can check every branch.
     *
     * @param impl the value of {@value #IMPL_PROPERTY}
     * @param bits the value of {@value #BITS_PROPERTY}, or null
     * @param modulePresent whether {@code jdk.incubator.vector} is resolved
     * @param log receives each line to log (at most one per call)
     */
    static KernelSupport choose(String impl, String bits, boolean modulePresent,
                                java.util.function.Consumer<String> log) {
        String mode = impl == null ? "auto" : impl.trim();
        if (bits != null && !bits.isBlank() && !bits.trim().matches("128|256|512")) {
            throw new IllegalStateException(BITS_PROPERTY + " must be 128, 256 or 512, was '" + bits + "'");
        }
        switch (mode) {
            case "scalar":
                log.accept("vecnet.simd: scalar kernels forced by -D" + IMPL_PROPERTY + "=scalar");
                return scalar();
            case "auto":
            case "vector":
                break;
            default:
                throw new IllegalStateException(IMPL_PROPERTY + " must be auto, scalar or vector, was '" + impl + "'");
        }
        if (!modulePresent) {
            String msg = "vecnet.simd: " + VECTOR_MODULE + " is not available, using scalar kernels; pass "
                    + "--add-modules " + VECTOR_MODULE + " to the java command to enable SIMD kernels";
            if (mode.equals("vector")) {
                throw new IllegalStateException(msg + " (-D" + IMPL_PROPERTY + "=vector requires it)");
            }
            log.accept(msg);
            return scalar();
        }
        try {
            KernelSupport v = (KernelSupport) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
            int preferred = (Integer) Class.forName("vecnet.simd.VectorWidth").getDeclaredMethod("preferredBits")
                    .invoke(null);
            int chosen = Integer.parseInt(v.name().substring("vector-".length()));
            if (chosen > preferred) {
                log.accept("vecnet.simd: " + chosen + "-bit vectors forced by -D" + BITS_PROPERTY
                        + " but this CPU runs at most " + preferred + "-bit vectors natively; kernels will be slow");
            }
            return v;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            if (mode.equals("vector")) {
                throw new IllegalStateException("vecnet.simd: vector kernels failed to load", e);
            }
            log.accept("vecnet.simd: vector kernels failed to load (" + e + "), using scalar kernels");
            return scalar();
        }
    }

    // ---- recurrent cells (issue 12): the family's object follows the choice above
    private static final class RecurrentHolder {
        static final RecurrentKernels SCALAR = new ScalarRecurrent(); // first: INSTANCE may read it
        static final RecurrentKernels INSTANCE = get() == scalar() ? SCALAR : recurrentVectorOrNull();
    }

    static RecurrentKernels recurrent() {
        return RecurrentHolder.INSTANCE;
    }

    static RecurrentKernels recurrentScalar() {
        return RecurrentHolder.SCALAR;
    }

    /** A new vector implementation, or null when the module is absent. */
    static RecurrentKernels recurrentVectorOrNull() {
        try {
            return vectorModulePresent() ? (RecurrentKernels) Class.forName("vecnet.simd.VectorRecurrent")
                    .getDeclaredConstructor().newInstance() : null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("vector recurrent kernels failed to load", e);
        }
    }
}
