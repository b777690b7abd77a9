package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A lane sum with a fixed order. {@code reduceLanes(ADD)} on floats adds in a different order when
 * interpreted (left to right) than when C2 compiles it (a tree), so the same call could return
 * different bits before and after warm-up. Here the order is spelled out as lane-wise operations,
 * which every tier evaluates identically: halves, then quarters, ... (a butterfly).
 */
final class Lanes {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();
    private static final VectorShuffle<Float> XOR8 = L > 8 ? VectorShuffle.fromOp(S, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> XOR4 = L > 4 ? VectorShuffle.fromOp(S, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> XOR2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> XOR1 = VectorShuffle.fromOp(S, i -> i ^ 1);

    private Lanes() {
    }

    /** The sum of all lanes of {@code v}, bit-identical in every JIT tier. */
    static float sum(FloatVector v) {
        if (L > 8) {
            v = v.add(v.rearrange(XOR8));
        }
        if (L > 4) {
            v = v.add(v.rearrange(XOR4));
        }
        v = v.add(v.rearrange(XOR2));
        v = v.add(v.rearrange(XOR1));
        return v.lane(0);
    }

    /** The sum of the lanes of {@code v} that are set in {@code m}, in the same fixed order. */
    static float sum(FloatVector v, VectorMask<Float> m) {
        return sum(FloatVector.zero(S).blend(v, m));
    }

    /**
     * The same sum, bit for bit, of lanes already stored in {@code lanes[0, L)} (overwritten): for kernels whose
     * inlining budget is spent (C2 stops inlining at a node count, and a call left out boxes its vector).
     */
    static float sum(float[] lanes) {
        return sum(lanes, 0);
    }

    /** {@link #sum(float[])} of the L lanes stored at {@code lanes[off, off + L)} (overwritten). */
    static float sum(float[] lanes, int off) {
        for (int h = L / 2; h >= 1; h /= 2) {
            for (int i = 0; i < h; i++) {
                lanes[off + i] += lanes[off + i + h]; // lane i + lane (i ^ h), the butterfly's order for the lanes kept
            }
        }
        return lanes[off];
    }
}
