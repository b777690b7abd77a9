package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    /** Largest error allowed against the correctly rounded e^x, in ulps of the result (measured: 1). */
    static final double MAX_ULPS = 2;

    @BeforeEach
    void needsTheVectorModule() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector not present: VectorMath not tested");
    }

    @Test
    void expIsWithinTwoUlpsOfTheRoundedExactValueOverTheWholeRange() {
        VectorSpecies<Float> s = VectorWidth.SPECIES;
        float[] in = new float[s.length()];
        float[] out = new float[s.length()];
        long checked = 0;
        for (float x = -104.5f; x < 89f; x += 0.0013f) {
            for (int i = 0; i < in.length; i++) {
                in[i] = x + i * 1.1e-4f;
            }
            VectorMath.exp(FloatVector.fromArray(s, in, 0)).intoArray(out, 0);
            for (int i = 0; i < in.length; i++) {
                float want = (float) Math.exp(in[i]);
                double ulps = Float.isInfinite(want) ? (Float.isInfinite(out[i]) ? 0 : Double.POSITIVE_INFINITY)
                        : Math.abs((double) out[i] - want) / Math.ulp(want);
                assertTrue(ulps <= MAX_ULPS, "exp(" + in[i] + ") = " + out[i] + ", want " + want + " (" + ulps + " ulps)");
                checked++;
            }
        }
        assertTrue(checked > 1_000_000);
    }

    @Test
    void specialValues() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f, -1f, 88.72f, 88.73f,
            -87.3f, -103.9f, -104f, 1e-8f, -1e-8f};
        float[] want = {Float.NaN, Float.POSITIVE_INFINITY, 0f, 1f, 1f, 2.7182817f, 0.36787945f, 3.3931806e38f,
            Float.POSITIVE_INFINITY, (float) Math.exp(-87.3f), 1.4e-45f, 0f, 1f, 1f};
        VectorSpecies<Float> s = VectorWidth.SPECIES;
        float[] in = new float[s.length()];
        float[] out = new float[s.length()];
        for (int k = 0; k < x.length; k++) {
            Arrays.fill(in, x[k]);
            VectorMath.exp(FloatVector.fromArray(s, in, 0)).intoArray(out, 0);
            if (Float.isNaN(want[k]) || Float.isInfinite(want[k]) || want[k] == 0f) {
                assertEquals(want[k], out[0], "exp(" + x[k] + ")"); // NaN equals NaN here
            } else {
                assertEquals(want[k], out[0], Math.ulp(want[k]), "exp(" + x[k] + ")");
            }
        }
    }
}
