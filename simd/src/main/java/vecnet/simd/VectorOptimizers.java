package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused Adam-family updates on the Vector API (Adam, AMSGrad, RAdam, AdaBelief). Plain multiplies and
 * adds in the scalar reference's order (no FMA contraction), IEEE sqrt and division, and lanewise MAX
 * (Math.max semantics), so results equal the scalar kernel's bit for bit. Each body is written out
 * again for the masked tail: a helper taking vectors is not inlined at the cold tail and boxes them.
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

    /** Adam with AMSGrad: the denominator uses vMax = max(vMax, v) (lanewise MAX is Math.max: NaN wins). */
    static void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                              int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float stepSize,
                              float bc2Sqrt, float eps, float decay, float l2) {
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i).mul(decay);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pi.mul(l2));
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i).mul(beta1).add(d.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).mul(beta2).add(d.mul(c2).mul(d));
            FloatVector mx = FloatVector.fromArray(S, vMax, vMaxOff + i).max(vi);
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            mx.intoArray(vMax, vMaxOff + i);
            FloatVector den = mx.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
            pi.sub(mi.mul(stepSize).div(den)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i, k).mul(decay);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i, k).add(pi.mul(l2));
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i, k).mul(beta1).add(d.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i, k).mul(beta2).add(d.mul(c2).mul(d));
            FloatVector mx = FloatVector.fromArray(S, vMax, vMaxOff + i, k).max(vi);
            mi.intoArray(m, mOff + i, k);
            vi.intoArray(v, vOff + i, k);
            mx.intoArray(vMax, vMaxOff + i, k);
            FloatVector den = mx.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
            pi.sub(mi.mul(stepSize).div(den)).intoArray(p, pOff + i, k);
        }
    }

    /** RAdam: the rectified and the plain-momentum step are separate loops (the flag is fixed per call). */
    static void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                            float beta1, float beta2, boolean rectified, float stepSize, float eps, float decay,
                            float l2) {
        if (rectified) {
            radamRectified(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, stepSize, eps, decay, l2);
        } else {
            radamPlain(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, stepSize, decay, l2);
        }
    }

    /** p = p' - stepSize * m / (sqrt(v) + eps). */
    private static void radamRectified(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                                       float[] v, int vOff, float beta1, float beta2, float stepSize, float eps,
                                       float decay, float l2) {
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
            FloatVector den = vi.lanewise(VectorOperators.SQRT).add(eps);
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
            FloatVector den = vi.lanewise(VectorOperators.SQRT).add(eps);
            pi.sub(mi.mul(stepSize).div(den)).intoArray(p, pOff + i, k);
        }
    }

    /** p = p' - stepSize * m (v is still updated). */
    private static void radamPlain(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                   int vOff, float beta1, float beta2, float stepSize, float decay, float l2) {
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
            pi.sub(mi.mul(stepSize)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i, k).mul(decay);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i, k).add(pi.mul(l2));
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i, k).mul(beta1).add(d.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i, k).mul(beta2).add(d.mul(c2).mul(d));
            mi.intoArray(m, mOff + i, k);
            vi.intoArray(v, vOff + i, k);
            pi.sub(mi.mul(stepSize)).intoArray(p, pOff + i, k);
        }
    }

    /** AdaBelief: s tracks (g - m)^2 (plus eps), decoupled decay of p. */
    static void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] s,
                                int sOff, float beta1, float beta2, float stepSize, float bc2Sqrt, float eps,
                                float decay) {
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, g, gOff + i);
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i).mul(beta1).add(d.mul(c1));
            FloatVector r = d.sub(mi);
            FloatVector si = FloatVector.fromArray(S, s, sOff + i).mul(beta2).add(r.mul(c2).mul(r)).add(eps);
            mi.intoArray(m, mOff + i);
            si.intoArray(s, sOff + i);
            FloatVector den = si.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
            FloatVector.fromArray(S, p, pOff + i).mul(decay).sub(mi.mul(stepSize).div(den)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i, k);
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i, k).mul(beta1).add(d.mul(c1));
            FloatVector r = d.sub(mi);
            FloatVector si = FloatVector.fromArray(S, s, sOff + i, k).mul(beta2).add(r.mul(c2).mul(r)).add(eps);
            mi.intoArray(m, mOff + i, k);
            si.intoArray(s, sOff + i, k);
            FloatVector den = si.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
            FloatVector.fromArray(S, p, pOff + i, k).mul(decay).sub(mi.mul(stepSize).div(den))
                    .intoArray(p, pOff + i, k);
        }
    }
}
