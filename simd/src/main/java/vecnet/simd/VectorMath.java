package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * exp built from lane-wise arithmetic only. {@code lanewise(VectorOperators.EXP)} is a call to an SVML
 * routine once C2 has compiled the caller and {@code Math.exp} per lane before, so the same activation gave
 * different bits before and after warm-up (the service issue's JIT-tier drift). Adds, multiplies, FMAs,
 * comparisons and bit moves round the same way in every tier, so this gives identical bits in the
 * interpreter, C1 and C2 (checked by {@code JitTierTest}).
 *
 * <p>Cody-Waite reduction {@code x = n ln2 + r}, |r| <= ln2 / 2, and Cephes' degree-5 polynomial for
 * {@code exp(r) = 1 + r + r² P(r)} (relative error below 1e-7, within one ulp of the rounded exact value over
 * the normal range), scaled by {@code 2^n} as two powers of two written into exponent bits, so that subnormal
 * results (n down to -149) are rounded once, correctly. Above {@link #HI} the result is {@code +Inf}, below
 * {@link #LO} 0; NaN stays NaN.
 */
final class VectorMath {
    static final float HI = 88.72283935546875f; // ln(FLT_MAX)
    static final float LO = -103.972084f; // below, e^x < 2^-150 rounds to 0
    private static final float LOG2E = 1.44269504088896341f;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23: x + MAGIC rounds x to an integer in the low bits
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private VectorMath() {
    }

    /** e^x lane by lane, bit-identical in every JIT tier; see the class comment for the range. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(LO).min(HI);
        FloatVector t = xc.fma(LOG2E, MAGIC); // n + MAGIC, n = round(x log2 e)
        FloatVector n = t.sub(MAGIC);
        FloatVector r = n.fma(xc.broadcast(-LN2_HI), xc);
        r = n.fma(xc.broadcast(-LN2_LO), r);
        FloatVector p = r.fma(P0, P1);
        p = p.fma(r, xc.broadcast(P2));
        p = p.fma(r, xc.broadcast(P3));
        p = p.fma(r, xc.broadcast(P4));
        p = p.fma(r, xc.broadcast(P5));
        FloatVector e = p.fma(r.mul(r), r).add(1f);
        // 2^n = 2^n1 * 2^n2 with n1 = n >> 1: both factors are normal for n in [-150, 128].
        IntVector ni = (IntVector) t.reinterpretAsInts().sub(MAGIC_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = (FloatVector) n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = (FloatVector) n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return e.mul(s1).mul(s2).blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, HI))
                .blend(0f, x.compare(VectorOperators.LT, LO));
    }
}
