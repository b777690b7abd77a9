package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every vector kernel uses, fixed once per JVM so the JIT sees a constant. The
 * machine's preferred width unless {@value KernelProvider#BITS_PROPERTY} forces 128, 256 or 512 bits
 * (validated by {@link KernelProvider} before this class loads).
 */
final class VectorWidth {
    static final VectorSpecies<Float> SPECIES = choose();
    private static VectorSpecies<Float> choose() {
        String bits = System.getProperty(KernelProvider.BITS_PROPERTY);
        if (bits == null || bits.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalStateException(KernelProvider.BITS_PROPERTY + " must be 128, 256 or 512, was '"
                    + bits + "'");
        };
    }

    /** The width every vector kernel uses, in bits. */
    static int bits() {
        return SPECIES.vectorBitSize();
    }

    /** The widest float vector the CPU runs natively, in bits. */
    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
