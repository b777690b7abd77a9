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

    /**
     * Eight lane sums at once (batch-1 dot products, {@link VectorSgemm}): level by level the butterfly adds
     * each vector to itself rearranged by {@code i ^ h}, exactly the pairs of {@link #sum(FloatVector)} (a
     * float addition is commutative bit for bit), and then two vectors share one register by a blend on
     * {@code (i & h) != 0}, so each level takes half the vectors of the one before. Only for 8 or 16 lanes
     * ({@link #EIGHT_AT_ONCE}); {@link #SUM8_LANE}{@code [q]} is where vector q's sum ends up.
     */
    static final boolean EIGHT_AT_ONCE = L == 8 || L == 16;
    static final VectorShuffle<Float> XOR_H1 = EIGHT_AT_ONCE ? VectorShuffle.fromOp(S, i -> i ^ (L / 2)) : null;
    static final VectorShuffle<Float> XOR_H2 = EIGHT_AT_ONCE ? VectorShuffle.fromOp(S, i -> i ^ (L / 4)) : null;
    static final VectorShuffle<Float> XOR_H3 = EIGHT_AT_ONCE ? VectorShuffle.fromOp(S, i -> i ^ (L / 8)) : null;
    static final VectorShuffle<Float> XOR_H4 = L == 16 ? VectorShuffle.fromOp(S, i -> i ^ 1) : null;
    static final VectorMask<Float> HIGH_H1 = EIGHT_AT_ONCE ? bitMask(L / 2) : null;
    static final VectorMask<Float> HIGH_H2 = EIGHT_AT_ONCE ? bitMask(L / 4) : null;
    static final VectorMask<Float> HIGH_H3 = EIGHT_AT_ONCE ? bitMask(L / 8) : null;
    static final int[] SUM8_LANE = EIGHT_AT_ONCE ? sum8Lanes() : null;

    /**
     * The eight lane sums of v0..v7 ({@link #EIGHT_AT_ONCE} only) into {@code out[0, L)}: vector q's sum is at
     * {@code out[SUM8_LANE[q]]}, bit for bit {@link #sum(FloatVector)} of it. Small enough that C2 inlines it into
     * the kernels (a call left out would box the eight vectors).
     */
    static void sum8(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, FloatVector v4, FloatVector v5,
                     FloatVector v6, FloatVector v7, float[] out) {
        v0 = v0.add(v0.rearrange(XOR_H1)).blend(v1.add(v1.rearrange(XOR_H1)), HIGH_H1);
        v2 = v2.add(v2.rearrange(XOR_H1)).blend(v3.add(v3.rearrange(XOR_H1)), HIGH_H1);
        v4 = v4.add(v4.rearrange(XOR_H1)).blend(v5.add(v5.rearrange(XOR_H1)), HIGH_H1);
        v6 = v6.add(v6.rearrange(XOR_H1)).blend(v7.add(v7.rearrange(XOR_H1)), HIGH_H1);
        v0 = v0.add(v0.rearrange(XOR_H2)).blend(v2.add(v2.rearrange(XOR_H2)), HIGH_H2);
        v4 = v4.add(v4.rearrange(XOR_H2)).blend(v6.add(v6.rearrange(XOR_H2)), HIGH_H2);
        v0 = v0.add(v0.rearrange(XOR_H3)).blend(v4.add(v4.rearrange(XOR_H3)), HIGH_H3);
        if (L == 16) {
            v0 = v0.add(v0.rearrange(XOR_H4));
        }
        v0.intoArray(out, 0);
    }

    /** The lanes i with (i & h) != 0. */
    private static VectorMask<Float> bitMask(int h) {
        boolean[] bits = new boolean[L];
        for (int i = 0; i < L; i++) {
            bits[i] = (i & h) != 0;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    /** Follows which vector each lane holds through the blends: vector q's sum is in lane SUM8_LANE[q]. */
    /**
     * The lane sums of v0..v7 into {@code out} for {@link #sums8Lane}: one {@link #sum8} butterfly where the width
     * allows, else each vector stored at {@code out[q * L ..]} to be summed by {@link #sum(float[], int)}.
     */
    static void sums8(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, FloatVector v4, FloatVector v5,
                      FloatVector v6, FloatVector v7, float[] out) {
        if (EIGHT_AT_ONCE) {
            sum8(v0, v1, v2, v3, v4, v5, v6, v7, out);
        } else {
            v0.intoArray(out, 0);
            v1.intoArray(out, L);
            v2.intoArray(out, 2 * L);
            v3.intoArray(out, 3 * L);
            v4.intoArray(out, 4 * L);
            v5.intoArray(out, 5 * L);
            v6.intoArray(out, 6 * L);
            v7.intoArray(out, 7 * L);
        }
    }

    /** Vector q's lane sum after {@link #sums8}: the same bits whichever way it went. */
    static float sums8Lane(float[] out, int q) {
        return EIGHT_AT_ONCE ? out[SUM8_LANE[q]] : sum(out, q * L);
    }

    private static int[] sum8Lanes() {
        int[][] owner = new int[8][L];
        for (int q = 0; q < 8; q++) {
            java.util.Arrays.fill(owner[q], q);
        }
        int count = 8;
        for (int h = L / 2; h >= 1 && count > 1; h /= 2) {
            for (int v = 0; v < count / 2; v++) {
                int[] blended = new int[L];
                for (int i = 0; i < L; i++) {
                    blended[i] = (i & h) != 0 ? owner[2 * v + 1][i] : owner[2 * v][i];
                }
                owner[v] = blended;
            }
            count /= 2;
        }
        int[] lane = new int[8];
        java.util.Arrays.fill(lane, -1);
        for (int i = L - 1; i >= 0; i--) { // the lowest lane of a group is the one the butterfly keeps
            lane[owner[0][i]] = i;
        }
        return lane;
    }

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
