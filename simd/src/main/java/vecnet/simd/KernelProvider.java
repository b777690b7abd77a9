package vecnet.simd;

import java.lang.System.Logger.Level;

/**
 * Chooses the kernel implementation once per JVM (when this class initialises, on the first use of any
 * kernel): the Vector API kernels when {@code jdk.incubator.vector} is present and loads, otherwise the
 * scalar kernels, with one actionable log line through {@link System.Logger}. Vector classes are loaded
 * by name inside a try, so no Vector API type is linked when the module is absent.
 *
 * <p>It hands out one object per kernel family ({@link Family}); a new family is one more constant
 * here, its interface, and its scalar and vector classes.
 *
 * <p>System properties (read, never set): {@value #IMPL_PROPERTY} = {@code auto} (default),
 * {@code scalar} or {@code vector}; {@value #BITS_PROPERTY} = {@code 128}, {@code 256} or {@code 512}
 * forces the vector width (default: the CPU's preferred width).
 */
final class KernelProvider {
    static final String IMPL_PROPERTY = "vecnet.simd.impl";
    static final String BITS_PROPERTY = "vecnet.simd.vectorBits";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String SCALAR = "scalar";
    private static final System.Logger LOG = System.getLogger("vecnet.simd");

    /** The name of the implementation chosen once: {@code scalar} or {@code vector-<bits>}. */
    private static final String CHOSEN = choose();

    // ---- the kernel families, one line each (initialised after CHOSEN) ----
    static final Family<GemmKernels> GEMM = new Family<>(GemmKernels.class, new ScalarSgemm(), "VectorSgemm");
    static final Family<ActivationKernels> ACTIVATIONS =
            new Family<>(ActivationKernels.class, new ScalarActivations(), "VectorActivations");
    static final Family<PoolingKernels> POOLING =
            new Family<>(PoolingKernels.class, new ScalarPooling(), "VectorPooling");
    static final Family<ConvKernels> CONV =
            new Family<>(ConvKernels.class, new ScalarConvolution(), "VectorConvolution");
    static final Family<OptimizerKernels> OPTIMIZERS =
            new Family<>(OptimizerKernels.class, new ScalarOptimizers(), "VectorOptimizers");
    static final Family<NormKernels> NORM =
            new Family<>(NormKernels.class, new ScalarNormalization(), "VectorNormalization");
    static final Family<RecurrentKernels> RECURRENT =
            new Family<>(RecurrentKernels.class, new ScalarRecurrent(), "VectorRecurrent");

    private KernelProvider() {
    }

    /**
     * One kernel family: its scalar object, and the object {@link Simd} delegates to (the scalar one, or
     * the vector class of that name, loaded once). A record, so the JIT treats both as constants.
     */
    record Family<F>(Class<F> type, F scalar, String vectorClass, F chosen) {
        Family(Class<F> type, F scalar, String vectorClass) {
            this(type, scalar, vectorClass, CHOSEN.equals(SCALAR) ? scalar : load(type, vectorClass));
        }

        /** A new vector object, or null when the module is absent (tests compare it to the scalar one). */
        F vectorOrNull() {
            return vectorModulePresent() ? load(type, vectorClass) : null;
        }
    }

    /** The chosen implementation: {@code scalar} or {@code vector-<bits>}. */
    static String name() {
        return CHOSEN;
    }

    /** Whether the Vector API kernels are the chosen ones. */
    static boolean isVectorized() {
        return !CHOSEN.equals(SCALAR);
    }

    private static <F> F load(Class<F> type, String simpleName) {
        try {
            return type.cast(Class.forName("vecnet.simd." + simpleName).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("vector kernels failed to load", e);
        }
    }

    /** Whether the vector module is resolved for this library's code. */
    static boolean vectorModulePresent() {
        ModuleLayer layer = KernelProvider.class.getModule().getLayer();
        if (layer == null) {
            layer = ModuleLayer.boot();
        }
        return layer.findModule(VECTOR_MODULE).isPresent() || ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private static String choose() {
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
     * @return {@code scalar}, or {@code vector-<bits>} once the vector width class has loaded
     */
    static String choose(String impl, String bits, boolean modulePresent,
                         java.util.function.Consumer<String> log) {
        String mode = impl == null ? "auto" : impl.trim();
        if (bits != null && !bits.isBlank() && !bits.trim().matches("128|256|512")) {
            throw new IllegalStateException(BITS_PROPERTY + " must be 128, 256 or 512, was '" + bits + "'");
        }
        switch (mode) {
            case "scalar":
                log.accept("vecnet.simd: scalar kernels forced by -D" + IMPL_PROPERTY + "=scalar");
                return SCALAR;
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
            return SCALAR;
        }
        try {
            Class<?> width = Class.forName("vecnet.simd.VectorWidth");
            int preferred = (Integer) width.getDeclaredMethod("preferredBits").invoke(null);
            int chosen = (Integer) width.getDeclaredMethod("bits").invoke(null);
            if (chosen > preferred) {
                log.accept("vecnet.simd: " + chosen + "-bit vectors forced by -D" + BITS_PROPERTY
                        + " but this CPU runs at most " + preferred + "-bit vectors natively; kernels will be slow");
            }
            return "vector-" + chosen;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            if (mode.equals("vector")) {
                throw new IllegalStateException("vecnet.simd: vector kernels failed to load", e);
            }
            log.accept("vecnet.simd: vector kernels failed to load (" + e + "), using scalar kernels");
            return SCALAR;
        }
    }
}
