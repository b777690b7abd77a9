package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimizer updates on the Vector API. Plain multiplies and adds in the scalar reference's order
 * (no FMA contraction), and IEEE sqrt and division, so results equal the scalar kernel's bit for bit.
 */
final class VectorOptimizers {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();

    private VectorOptimizers() {
    }

    static void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                           float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i).mul(decay);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pi.mul(l2));
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i).mul(beta1).add(d.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).mul(beta2).add(d.mul(c2).mul(d));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector den = vi.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
            pi.sub(mi.mul(stepSize).div(den)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i, k).mul(decay);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i, k).add(pi.mul(l2));
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i, k).mul(beta1).add(d.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i, k).mul(beta2).add(d.mul(c2).mul(d));
            mi.intoArray(m, mOff + i, k);
            vi.intoArray(v, vOff + i, k);
            FloatVector den = vi.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
            pi.sub(mi.mul(stepSize).div(den)).intoArray(p, pOff + i, k);
        }
    }
}
