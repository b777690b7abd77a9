package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link Lanes#sum} must add in its documented butterfly order in every JIT tier (reduceLanes(ADD) does
 * not: interpreted and compiled results differ), so results are bit-identical before and after warm-up.
 */
@Tag("agreement")
class LanesTest {
    /** The butterfly in plain Java: lane i += lane i^d for d = L/2 .. 1; the answer is lane 0. */
    static float butterfly(float[] x) {
        float[] v = x.clone();
        for (int d = v.length / 2; d >= 1; d /= 2) {
            float[] next = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                next[i] = v[i] + v[i ^ d];
            }
            v = next;
        }
        return v[0];
    }

    @Test
    void sumFollowsTheButterflyOrderCold() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector not present");
        int lanes = VectorWidth.SPECIES.length();
        Random r = new Random(5);
        float[] x = new float[lanes];
        // cancellation makes the order visible: a different order gives different bits
        for (int iter = 0; iter < 60_000; iter++) {
            for (int i = 0; i < lanes; i++) {
                x[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 1e7 : 1));
            }
            float expected = butterfly(x);
            float got = Lanes.sum(FloatVector.fromArray(VectorWidth.SPECIES, x, 0));
            if (Float.floatToIntBits(expected) != Float.floatToIntBits(got)) {
                assertEquals(expected, got, 0f, "iteration " + iter + ": lane sum left the butterfly order");
            }
        }
    }
}
