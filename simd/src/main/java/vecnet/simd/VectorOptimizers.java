package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every fused optimizer update on the Vector API: the Adam family (Adam, AMSGrad, RAdam, AdaBelief),
 * then SGD, Adagrad and RMSprop. Plain multiplies and adds in the scalar reference's order (no FMA
 * contraction), IEEE sqrt and division, and lanewise MAX, which has {@code Math.max}'s semantics (NaN
 * wins, +0 above -0), so results equal {@link ScalarOptimizers}' bit for bit. Each flag combination of
 * SGD and RMSprop is its own loop, so no loop tests a flag or merges two vectors from branches. The last
 * n % L elements go to the scalar reference rather than a masked tail: masked loads and stores made each
 * method several times dearer to compile (C1 and C2), which a cold JVM pays in its first epoch.
 */
final class VectorOptimizers implements OptimizerKernels {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();
    /** Takes each update's last n % L elements: the same operations per element, so the same bits. */
    private static final ScalarOptimizers SCALAR = new ScalarOptimizers();

    @Override
    public void adamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                           float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
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
        if (bound < n) {
            SCALAR.adamUpdate(n - bound, p, pOff + bound, g, gOff + bound, m, mOff + bound, v, vOff + bound, beta1, beta2,
                    oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
        }
    }

    /** Adam with AMSGrad: the denominator uses vMax = max(vMax, v) (lanewise MAX is Math.max: NaN wins). */
    @Override
    public void amsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                              int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize,
                              float bc2Sqrt, float eps, float decay, float l2) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
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
        if (bound < n) {
            SCALAR.amsgradUpdate(n - bound, p, pOff + bound, g, gOff + bound, m, mOff + bound, v, vOff + bound, vMax,
                    vMaxOff + bound, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
        }
    }

    /** RAdam: the rectified and the plain-momentum step are separate loops (the flag is fixed per call). */
    @Override
    public void radamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                            float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, boolean rectified, float stepSize, float eps, float decay,
                            float l2) {
        if (rectified) {
            radamRectified(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, eps, decay, l2);
        } else {
            radamPlain(n, p, pOff, g, gOff, m, mOff, v, vOff, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, decay, l2);
        }
        int done = S.loopBound(n);
        if (done < n) {
            SCALAR.radamUpdate(n - done, p, pOff + done, g, gOff + done, m, mOff + done, v, vOff + done, beta1, beta2,
                    oneMinusBeta1, oneMinusBeta2, rectified, stepSize, eps, decay, l2);
        }
    }

    /** p = p' - stepSize * m / (sqrt(v) + eps). */
    private static void radamRectified(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff,
                                       float[] v, int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float eps,
                                       float decay, float l2) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
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
    }

    /** p = p' - stepSize * m (v is still updated). */
    private static void radamPlain(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                   int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float decay, float l2) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
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
    }

    /** AdaBelief: s tracks (g - m)^2 (plus eps), decoupled decay of p. */
    @Override
    public void adaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] s,
                                int sOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
                                float decay) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
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
        if (bound < n) {
            SCALAR.adaBeliefUpdate(n - bound, p, pOff + bound, g, gOff + bound, m, mOff + bound, s, sOff + bound, beta1,
                    beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay);
        }
    }

    // ---- SGD, Adagrad, RMSprop ----
    @Override
    public void sgdUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
                          float weightDecay, float momentum, float dampening, boolean nesterov, boolean firstStep) {
        if (buf == null) {
            sgd(n, p, pOff, g, gOff, lr, weightDecay);
        } else if (firstStep && nesterov) {
            sgdFirstNesterov(n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum);
        } else if (firstStep) {
            sgdFirst(n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay);
        } else if (nesterov) {
            sgdNesterov(n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum, 1 - dampening);
        } else {
            sgdMomentum(n, p, pOff, g, gOff, buf, bufOff, lr, weightDecay, momentum, 1 - dampening);
        }
        int done = S.loopBound(n);
        if (done < n) {
            SCALAR.sgdUpdate(n - done, p, pOff + done, g, gOff + done, buf, bufOff + done, lr, weightDecay, momentum,
                    dampening, nesterov, firstStep);
        }
    }

    /** p -= lr * (g + wd * p). */
    private static void sgd(int n, float[] p, int pOff, float[] g, int gOff, float lr, float wd) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            pv.sub(d.mul(lr)).intoArray(p, pOff + i);
        }
    }

    /** First step: buf = d; p -= lr * d. */
    private static void sgdFirst(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
                                 float wd) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            d.intoArray(buf, bufOff + i);
            pv.sub(d.mul(lr)).intoArray(p, pOff + i);
        }
    }

    /** First Nesterov step: buf = d; p -= lr * (d + mu * d). */
    private static void sgdFirstNesterov(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff,
                                         float lr, float wd, float mu) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            d.intoArray(buf, bufOff + i);
            pv.sub(d.add(d.mul(mu)).mul(lr)).intoArray(p, pOff + i);
        }
    }

    /** buf = mu * buf + c * d; p -= lr * buf. */
    private static void sgdMomentum(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff,
                                    float lr, float wd, float mu, float c) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            FloatVector b = FloatVector.fromArray(S, buf, bufOff + i).mul(mu).add(d.mul(c));
            b.intoArray(buf, bufOff + i);
            pv.sub(b.mul(lr)).intoArray(p, pOff + i);
        }
    }

    /** buf = mu * buf + c * d; p -= lr * (d + mu * buf). */
    private static void sgdNesterov(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff,
                                    float lr, float wd, float mu, float c) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            FloatVector b = FloatVector.fromArray(S, buf, bufOff + i).mul(mu).add(d.mul(c));
            b.intoArray(buf, bufOff + i);
            pv.sub(d.add(b.mul(mu)).mul(lr)).intoArray(p, pOff + i);
        }
    }

    @Override
    public void adagradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] sum, int sumOff, float clr,
                              float wd, float eps) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            FloatVector s = FloatVector.fromArray(S, sum, sumOff + i).add(d.mul(d));
            s.intoArray(sum, sumOff + i);
            pv.sub(d.mul(clr).div(s.lanewise(VectorOperators.SQRT).add(eps))).intoArray(p, pOff + i);
        }
        if (bound < n) {
            SCALAR.adagradUpdate(n - bound, p, pOff + bound, g, gOff + bound, sum, sumOff + bound, clr, wd, eps);
        }
    }

    @Override
    public void rmspropUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg, int sqOff,
                              float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha, float eps,
                              float wd, float momentum) {
        float c = 1 - alpha;
        if (gradAvg == null && buf == null) {
            rmsprop(n, p, pOff, g, gOff, squareAvg, sqOff, lr, alpha, c, eps, wd);
        } else if (gradAvg == null) {
            rmspropMomentum(n, p, pOff, g, gOff, squareAvg, sqOff, buf, bufOff, lr, alpha, c, eps, wd, momentum);
        } else if (buf == null) {
            rmspropCentered(n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, lr, alpha, c, eps, wd);
        } else {
            rmspropCenteredMomentum(n, p, pOff, g, gOff, squareAvg, sqOff, gradAvg, gaOff, buf, bufOff, lr, alpha, c,
                    eps, wd, momentum);
        }
        int done = S.loopBound(n);
        if (done < n) {
            SCALAR.rmspropUpdate(n - done, p, pOff + done, g, gOff + done, squareAvg, sqOff + done, gradAvg,
                    gaOff + done, buf, bufOff + done, lr, alpha, eps, wd, momentum);
        }
    }

    /** v = alpha * v + c * d * d; p -= lr * d / (sqrt(v) + eps). */
    private static void rmsprop(int n, float[] p, int pOff, float[] g, int gOff, float[] sq, int sqOff, float lr,
                                float alpha, float c, float eps, float wd) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            FloatVector v = FloatVector.fromArray(S, sq, sqOff + i).mul(alpha).add(d.mul(c).mul(d));
            v.intoArray(sq, sqOff + i);
            FloatVector avg = v.lanewise(VectorOperators.SQRT).add(eps);
            pv.sub(d.mul(lr).div(avg)).intoArray(p, pOff + i);
        }
    }

    /** As {@link #rmsprop}, then buf = mu * buf + d / avg; p -= lr * buf. */
    private static void rmspropMomentum(int n, float[] p, int pOff, float[] g, int gOff, float[] sq, int sqOff,
                                        float[] buf, int bufOff, float lr, float alpha, float c, float eps, float wd,
                                        float mu) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            FloatVector v = FloatVector.fromArray(S, sq, sqOff + i).mul(alpha).add(d.mul(c).mul(d));
            v.intoArray(sq, sqOff + i);
            FloatVector avg = v.lanewise(VectorOperators.SQRT).add(eps);
            FloatVector b = FloatVector.fromArray(S, buf, bufOff + i).mul(mu).add(d.div(avg));
            b.intoArray(buf, bufOff + i);
            pv.sub(b.mul(lr)).intoArray(p, pOff + i);
        }
    }

    /** Centered: a = alpha * a + c * d; the denominator uses max(0, v - a * a). */
    private static void rmspropCentered(int n, float[] p, int pOff, float[] g, int gOff, float[] sq, int sqOff,
                                        float[] ga, int gaOff, float lr, float alpha, float c, float eps, float wd) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            FloatVector v = FloatVector.fromArray(S, sq, sqOff + i).mul(alpha).add(d.mul(c).mul(d));
            v.intoArray(sq, sqOff + i);
            FloatVector a = FloatVector.fromArray(S, ga, gaOff + i).mul(alpha).add(d.mul(c));
            a.intoArray(ga, gaOff + i);
            FloatVector avg = v.sub(a.mul(a)).max(0f).lanewise(VectorOperators.SQRT).add(eps);
            pv.sub(d.mul(lr).div(avg)).intoArray(p, pOff + i);
        }
    }

    private static void rmspropCenteredMomentum(int n, float[] p, int pOff, float[] g, int gOff, float[] sq,
                                                int sqOff, float[] ga, int gaOff, float[] buf, int bufOff, float lr,
                                                float alpha, float c, float eps, float wd, float mu) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i).add(pv.mul(wd));
            FloatVector v = FloatVector.fromArray(S, sq, sqOff + i).mul(alpha).add(d.mul(c).mul(d));
            v.intoArray(sq, sqOff + i);
            FloatVector a = FloatVector.fromArray(S, ga, gaOff + i).mul(alpha).add(d.mul(c));
            a.intoArray(ga, gaOff + i);
            FloatVector avg = v.sub(a.mul(a)).max(0f).lanewise(VectorOperators.SQRT).add(eps);
            FloatVector b = FloatVector.fromArray(S, buf, bufOff + i).mul(mu).add(d.div(avg));
            b.intoArray(buf, bufOff + i);
            pv.sub(b.mul(lr)).intoArray(p, pOff + i);
        }
    }

    /** Elements checked between two tests of the accumulators: a test costs a few cycles, a block a few hundred. */
    static final int FINITE_BLOCK = 1024;

    /**
     * x·0 is ±0 for a finite x and NaN for ±Inf and NaN, so four chains of {@code fma(x, 0, acc)} stay zero
     * until a non-finite element passes; each block of {@link #FINITE_BLOCK} is tested once, and a block that
     * fails is scanned again by the reference for the index.
     */
    @Override
    public int firstNonFinite(int n, float[] x, int xOff) {
        FloatVector zero = FloatVector.zero(S);
        int step = 4 * L;
        int block = Math.max(step, FINITE_BLOCK / step * step);
        int start = 0;
        for (; start + block <= n; start += block) {
            FloatVector a0 = zero;
            FloatVector a1 = zero;
            FloatVector a2 = zero;
            FloatVector a3 = zero;
            for (int i = start, end = start + block; i < end; i += step) {
                a0 = FloatVector.fromArray(S, x, xOff + i).fma(zero, a0);
                a1 = FloatVector.fromArray(S, x, xOff + i + L).fma(zero, a1);
                a2 = FloatVector.fromArray(S, x, xOff + i + 2 * L).fma(zero, a2);
                a3 = FloatVector.fromArray(S, x, xOff + i + 3 * L).fma(zero, a3);
            }
            if (a0.add(a1).add(a2).add(a3).test(VectorOperators.IS_NAN).anyTrue()) {
                return start + SCALAR.firstNonFinite(block, x, xOff + start);
            }
        }
        int rest = SCALAR.firstNonFinite(n - start, x, xOff + start);
        return rest < 0 ? -1 : start + rest;
    }
}
