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
     * The eight lane sums of the vectors stored at {@code buf[off + q * L ..]}, q = 0..7, in place: with
     * {@link #EIGHT_AT_ONCE}, one butterfly leaves vector q's sum at {@code buf[off + SUM8_LANE[q]]}, bit for bit
     * {@link #sum(FloatVector)} of it; otherwise the vectors stay where they are for {@link #sum(float[], int)}.
     * Read the sums with {@link #sums8Lane}. The vectors go through memory, not arguments: a kernel's call that
     * C2 does not inline boxes its vector arguments, and for the accumulators of a loop it then boxes them at every
     * iteration (a 1x784x256 product allocated 905 KB per call and ran 10x slower in about one JVM in 20).
     */
    static void sums8(float[] buf, int off) {
        if (!EIGHT_AT_ONCE) {
            return;
        }
        FloatVector v0 = FloatVector.fromArray(S, buf, off);
        FloatVector v1 = FloatVector.fromArray(S, buf, off + L);
        FloatVector v2 = FloatVector.fromArray(S, buf, off + 2 * L);
        FloatVector v3 = FloatVector.fromArray(S, buf, off + 3 * L);
        FloatVector v4 = FloatVector.fromArray(S, buf, off + 4 * L);
        FloatVector v5 = FloatVector.fromArray(S, buf, off + 5 * L);
        FloatVector v6 = FloatVector.fromArray(S, buf, off + 6 * L);
        FloatVector v7 = FloatVector.fromArray(S, buf, off + 7 * L);
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
        v0.intoArray(buf, off);
    }

    /** Vector q's lane sum after {@link #sums8} at {@code buf[off ..]}: the same bits whichever way it went. */
    static float sums8Lane(float[] buf, int off, int q) {
        return EIGHT_AT_ONCE ? buf[off + SUM8_LANE[q]] : sum(buf, off + q * L);
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

    /**
     * The sum of all lanes of {@code v}, bit-identical in every JIT tier: the order's definition. Kernels use the
     * stored-lanes forms below, which add in this order (see {@link #sums8} for why).
     */
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
