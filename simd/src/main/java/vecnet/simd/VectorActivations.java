package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Activations on the Vector API. Every function has its own loop with its operators written as
 * literals (an operator passed as an argument is not a JIT constant and runs an order of magnitude slower) and no
 * vector crosses a call. Each loop runs full vectors, then one masked vector for the tail, so the tail
 * computes the same float formula as the body. Output may be the input at the same offset.
 */
final class VectorActivations implements ActivationKernels {
    static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    /** Int lanes matching the float lanes one for one (same shape, same 32-bit lane size). */
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    static final int L = S.length();
    private static final float GELU_M2K = (float) (-2.0 * ScalarActivations.GELU_K);
    private static final float GELU_M2KC = (float) (-2.0 * ScalarActivations.GELU_K * ScalarActivations.GELU_C);
    private static final float GELU_2K = (float) (2.0 * ScalarActivations.GELU_K);
    private static final float GELU_6KC = (float) (6.0 * ScalarActivations.GELU_K * ScalarActivations.GELU_C);


    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, int n) {
        // C2 does not vectorise the scalar loop (x and y may be one array), which ran at a float per cycle
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (int i = bound; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    @Override
    public void activate(Activation f, float param, float[] x, int xOff, float[] y, int yOff, int n) {
        switch (f) {
            case STEP -> step(x, xOff, y, yOff, n);
            case IDENTITY -> System.arraycopy(x, xOff, y, yOff, n);
            case SIGMOID -> sigmoid(x, xOff, y, yOff, n);
            case TANH -> tanh(x, xOff, y, yOff, n);
            case RELU -> relu(x, xOff, y, yOff, n);
            case LEAKY_RELU -> leakyRelu(param, x, xOff, y, yOff, n);
            case ELU -> elu(param, 1f, x, xOff, y, yOff, n);
            case SELU -> elu(Activation.SELU_ALPHA, Activation.SELU_LAMBDA, x, xOff, y, yOff, n);
            case SILU -> silu(x, xOff, y, yOff, n);
            case GELU -> gelu(x, xOff, y, yOff, n);
            case GELU_TANH -> geluTanh(x, xOff, y, yOff, n);
            case SOFTPLUS -> softplus(x, xOff, y, yOff, n);
            case HARD_SIGMOID -> hardSigmoid(x, xOff, y, yOff, n);
            default -> throw new AssertionError(f);
        }
    }

    @Override
    public void activateBackward(Activation f, float param, float[] x, int xOff, float[] dy, int dyOff,
                                 float[] dx, int dxOff, int n) {
        switch (f) {
            case STEP -> java.util.Arrays.fill(dx, dxOff, dxOff + n, 0f);
            case IDENTITY -> System.arraycopy(dy, dyOff, dx, dxOff, n);
            case SIGMOID -> sigmoidBackward(x, xOff, dy, dyOff, dx, dxOff, n);
            case TANH -> tanhBackward(x, xOff, dy, dyOff, dx, dxOff, n);
            case RELU -> leakyReluBackward(0f, x, xOff, dy, dyOff, dx, dxOff, n);
            case LEAKY_RELU -> leakyReluBackward(param, x, xOff, dy, dyOff, dx, dxOff, n);
            case ELU -> eluBackward(param, 1f, x, xOff, dy, dyOff, dx, dxOff, n);
            case SELU -> eluBackward(Activation.SELU_ALPHA, Activation.SELU_LAMBDA, x, xOff, dy, dyOff, dx, dxOff, n);
            case SILU -> siluBackward(x, xOff, dy, dyOff, dx, dxOff, n);
            case GELU -> geluBackward(x, xOff, dy, dyOff, dx, dxOff, n);
            case GELU_TANH -> geluTanhBackward(x, xOff, dy, dyOff, dx, dxOff, n);
            case SOFTPLUS -> sigmoidBackwardOfSoftplus(x, xOff, dy, dyOff, dx, dxOff, n);
            case HARD_SIGMOID -> hardSigmoidBackward(x, xOff, dy, dyOff, dx, dxOff, n);
            default -> throw new AssertionError(f);
        }
    }

    /**
     * VectorOperators.TANH, EXPM1 and LOG1P are not intrinsified at 256 bits on AVX2 (several times the
     * cost of EXP per element; figures in docs/design-notes.md), so they are built from exp, written out at
     * each use so every vector stays in registers. Each kernel has one loop whose last step masks its loads
     * and stores, so each exp has one call site: a second one, in a separate tail, was not inlined (cold) and
     * boxed its vectors at every call:
     * tanh u = sign(u) (1 - e) / (1 + e) with e = exp(-2|u|); expm1 x = exp(x) - 1 (softplus: see
     * there). Below |x| = SMALL the exp forms cancel, so tanh uses
     * its odd Taylor polynomial to x⁷ (truncation < 2e-9 relative) and expm1 its polynomial to x⁵
     * (< 5e-8 relative).
     */
    private static final float SMALL = 0.125f;

    // ---- forward -------------------------------------------------------------------------------

    private static void step(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            zero.blend(one, v.compare(VectorOperators.GT, 0f)).blend(v, v.test(VectorOperators.IS_NAN))
                    .intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m);
            zero.blend(one, v.compare(VectorOperators.GT, 0f)).blend(v, v.test(VectorOperators.IS_NAN))
                    .intoArray(y, yOff + i, m);
        }
    }

    private static void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector out = one.div(VectorMath.exp(v.neg()).add(one));
            if (full) {
                out.intoArray(y, yOff + i);
            } else {
                out.intoArray(y, yOff + i, m);
            }
        }
    }

    private static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector u = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector ua = u.lanewise(VectorOperators.ABS); // tanh(u) from one EXP, see SMALL
            FloatVector ue = VectorMath.exp(ua.mul(-2f));
            FloatVector u2 = u.mul(u);
            FloatVector t = ue.neg().add(1f).div(ue.add(1f))
                    .lanewise(VectorOperators.NEG, u.compare(VectorOperators.LT, 0f))
                    .blend(u2.fma(-17f / 315f, 2f / 15f).mul(u2).add(-1f / 3f).mul(u2).add(1f).mul(u),
                            ua.compare(VectorOperators.LT, SMALL));
            if (full) {
                t.intoArray(y, yOff + i);
            } else {
                t.intoArray(y, yOff + i, m);
            }
        }
    }

    private static void relu(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            // MAX has Math.max semantics: NaN propagates, max(-0, 0) = +0
            FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).max(0f).intoArray(y, yOff + i, m);
        }
    }

    private static void leakyRelu(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m);
            v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i, m);
        }
    }

    /** ELU (scale 1) and SELU (scale λ, alpha α). */
    private static void elu(float alpha, float scale, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector out = VectorMath.exp(v).sub(1f) // expm1 from one EXP, see SMALL
                    .blend(v.fma(1f / 5f, 1f).mul(v).fma(1f / 4f, 1f).mul(v).fma(1f / 3f, 1f).mul(v).fma(0.5f, 1f)
                            .mul(v),
                            v.lanewise(VectorOperators.ABS).compare(VectorOperators.LT, SMALL))
                    .mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).mul(scale)
                    ;
            if (full) {
                out.intoArray(y, yOff + i);
            } else {
                out.intoArray(y, yOff + i, m);
            }
        }
    }

    private static void silu(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector out = v.div(VectorMath.exp(v.neg()).add(one));
            if (full) {
                out.intoArray(y, yOff + i);
            } else {
                out.intoArray(y, yOff + i, m);
            }
        }
    }

    /** Exact GELU, x Φ(x) (see {@link VectorMath#normalCdf}). */
    private static void gelu(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector out = v.mul(VectorMath.normalCdf(v));
            if (full) {
                out.intoArray(y, yOff + i);
            } else {
                out.intoArray(y, yOff + i, m);
            }
        }
    }

    /** Elements per pass of {@link #geluBackward} (its Φ values wait in the thread's buffer of this size). */
    private static final int GELU_CHUNK = 1024;
    private static final ThreadLocal<float[]> GELU_CDF = ThreadLocal.withInitial(() -> new float[GELU_CHUNK]);

    /**
     * Exact GELU' = Φ(x) + x φ(x), φ(x) = e^(-x²/2) / √(2π), in chunks of two passes, Φ (through the thread's
     * buffer) then φ and the product, each its own method: with both in one loop C2 left one of them out and boxed
     * the vectors in every JVM (12 B per element, 3x slower). The same operations as one pass, so the same bits.
     */
    private static void geluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        float[] cdf = GELU_CDF.get();
        for (int c = 0; c < n; c += GELU_CHUNK) {
            int len = Math.min(GELU_CHUNK, n - c);
            normalCdfInto(x, xOff + c, len, cdf);
            geluBackwardFromCdf(x, xOff + c, dy, dyOff + c, dx, dxOff + c, len, cdf);
        }
    }

    /** cdf[0, len) = Φ(x[xOff ..]); the buffer has room for whole vectors, so only the loads are masked. */
    private static void normalCdfInto(float[] x, int xOff, int len, float[] cdf) {
        for (int i = 0; i < len; i += L) {
            FloatVector v = i + L <= len ? FloatVector.fromArray(S, x, xOff + i)
                    : FloatVector.fromArray(S, x, xOff + i, S.indexInRange(i, len));
            VectorMath.normalCdf(v).intoArray(cdf, i);
        }
    }

    /** dx = dy · (x φ(x) + Φ(x)), Φ from cdf[0, len). */
    private static void geluBackwardFromCdf(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int len,
                                            float[] cdf) {
        float invSqrt2Pi = (float) ScalarActivations.INV_SQRT_2PI;
        for (int i = 0; i < len; i += L) {
            boolean full = i + L <= len;
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector pdf = VectorMath.exp(v.mul(v).mul(-0.5f)).mul(invSqrt2Pi);
            FloatVector d = v.fma(pdf, FloatVector.fromArray(S, cdf, i));
            FloatVector g = full ? FloatVector.fromArray(S, dy, dyOff + i) : FloatVector.fromArray(S, dy, dyOff + i, m);
            if (full) {
                g.mul(d).intoArray(dx, dxOff + i);
            } else {
                g.mul(d).intoArray(dx, dxOff + i, m);
            }
        }
    }

    /**
     * GELU's tanh form through the identity 0.5 (1 + tanh u) = σ(2u) = 1 / (1 + exp(-2u)): one EXP and
     * one division, as for SiLU, and no cancellation where 1 + tanh u is tiny (large negative x).
     * -2u = x (-2k - 2kc x²). A large negative x gives exp = inf and x / inf = -0, PyTorch's value.
     */
    private static void geluTanh(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector e = VectorMath.exp(v.mul(v).fma(GELU_M2KC, GELU_M2K).mul(v));
            FloatVector out = v.div(e.add(1f));
            if (full) {
                out.intoArray(y, yOff + i);
            } else {
                out.intoArray(y, yOff + i, m);
            }
        }
    }

    /**
     * {@code max(x, 0) + log1p(e)}, e = exp(-|x|) in (0, 1], with log1p(e) = 2 atanh(r), r = e / (2 + e)
     * <= 1/3, summed as the odd series of atanh to r¹³ (truncation < 2e-8 relative, accurate for tiny
     * e). One exp, a division and a few FMAs: cheaper than exp followed by a vector LOG (design notes).
     */
    private static void softplus(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector e = VectorMath.exp(v.lanewise(VectorOperators.ABS).neg());
            FloatVector r = e.div(e.add(2f));
            FloatVector r2 = r.mul(r);
            FloatVector l = r2.fma(1f / 13f, 1f / 11f).mul(r2).add(1f / 9f).mul(r2).add(1f / 7f).mul(r2).add(1f / 5f)
                    .mul(r2).add(1f / 3f).mul(r2).add(1f).mul(r.mul(2f));
            FloatVector out = l.add(v.max(0f));
            if (full) {
                out.intoArray(y, yOff + i);
            } else {
                out.intoArray(y, yOff + i, m);
            }
        }
    }

    private static void hardSigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        float sixth = 1f / 6f;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(sixth, 0.5f).max(0f).min(1f).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).fma(sixth, 0.5f).max(0f).min(1f).intoArray(y, yOff + i, m);
        }
    }

    // ---- backward: dx = dy * f'(x) -----------------------------------------------------------

    /** σ' = e r² with e = exp(-|x|), r = 1 / (1 + e): no overflow, no cancellation in 1 - σ. */
    private static void sigmoidBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector xV = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector e = VectorMath.exp(xV.lanewise(VectorOperators.ABS).neg());
            FloatVector r = one.div(e.add(one));
            FloatVector dyV = full ? FloatVector.fromArray(S, dy, dyOff + i)
                    : FloatVector.fromArray(S, dy, dyOff + i, m);
            FloatVector out = dyV.mul(e.mul(r).mul(r));
            if (full) {
                out.intoArray(dx, dxOff + i);
            } else {
                out.intoArray(dx, dxOff + i, m);
            }
        }
    }

    private static void tanhBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector u = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector ua = u.lanewise(VectorOperators.ABS); // tanh(u) from one EXP, see SMALL
            FloatVector ue = VectorMath.exp(ua.mul(-2f));
            FloatVector u2 = u.mul(u);
            FloatVector t = ue.neg().add(1f).div(ue.add(1f))
                    .lanewise(VectorOperators.NEG, u.compare(VectorOperators.LT, 0f))
                    .blend(u2.fma(-17f / 315f, 2f / 15f).mul(u2).add(-1f / 3f).mul(u2).add(1f).mul(u),
                            ua.compare(VectorOperators.LT, SMALL));
            FloatVector dyV = full ? FloatVector.fromArray(S, dy, dyOff + i)
                    : FloatVector.fromArray(S, dy, dyOff + i, m);
            FloatVector out = dyV.mul(t.neg().fma(t, one));
            if (full) {
                out.intoArray(dx, dxOff + i);
            } else {
                out.intoArray(dx, dxOff + i, m);
            }
        }
    }

    /** ReLU (alpha 0) and Leaky ReLU: dy where x > 0, else alpha * dy. */
    private static void leakyReluBackward(float alpha, float[] x, int xOff, float[] dy, int dyOff, float[] dx,
                                          int dxOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(S, dy, dyOff + i);
            VectorMask<Float> pos = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
            g.mul(alpha).blend(g, pos).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(S, dy, dyOff + i, m);
            VectorMask<Float> pos = FloatVector.fromArray(S, x, xOff + i, m).compare(VectorOperators.GT, 0f);
            g.mul(alpha).blend(g, pos).intoArray(dx, dxOff + i, m);
        }
    }

    private static void eluBackward(float alpha, float scale, float[] x, int xOff, float[] dy, int dyOff,
                                    float[] dx, int dxOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector d = VectorMath.exp(v).mul(alpha).blend(one, v.compare(VectorOperators.GT, 0f));
            FloatVector dyV = full ? FloatVector.fromArray(S, dy, dyOff + i)
                    : FloatVector.fromArray(S, dy, dyOff + i, m);
            FloatVector out = dyV.mul(d.mul(scale));
            if (full) {
                out.intoArray(dx, dxOff + i);
            } else {
                out.intoArray(dx, dxOff + i, m);
            }
        }
    }

    /** (x σ)' = σ + x σ', with σ and σ' from one e = exp(-|x|) as in {@link #sigmoidBackward}. */
    private static void siluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector e = VectorMath.exp(v.lanewise(VectorOperators.ABS).neg());
            FloatVector r = one.div(e.add(one));
            FloatVector er = e.mul(r);
            FloatVector s = er.blend(r, v.compare(VectorOperators.GE, 0f));
            FloatVector d = v.mul(er.mul(r)).add(s);
            FloatVector dyV = full ? FloatVector.fromArray(S, dy, dyOff + i)
                    : FloatVector.fromArray(S, dy, dyOff + i, m);
            FloatVector out = dyV.mul(d);
            if (full) {
                out.intoArray(dx, dxOff + i);
            } else {
                out.intoArray(dx, dxOff + i, m);
            }
        }
    }

    /**
     * GELU' = σ(2u) + x σ'(2u) 2u', with σ'(2u) = e r², e = exp(-|2u|) <= 1 and r = 1 / (1 + e), so
     * nothing overflows: σ(2u) is r for u >= 0 and e r otherwise; 2u' = 2k (1 + 3c x²).
     */
    private static void geluTanhBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                         int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector v2 = v.mul(v);
            FloatVector z = v2.fma(GELU_M2KC, GELU_M2K).mul(v);
            FloatVector e = VectorMath.exp(z.lanewise(VectorOperators.ABS).neg());
            FloatVector r = one.div(e.add(one));
            FloatVector s = r.blend(e.mul(r), z.compare(VectorOperators.GT, 0f));
            FloatVector d = v.mul(e).mul(r).mul(r).fma(v2.fma(GELU_6KC, GELU_2K), s);
            FloatVector dyV = full ? FloatVector.fromArray(S, dy, dyOff + i)
                    : FloatVector.fromArray(S, dy, dyOff + i, m);
            FloatVector out = dyV.mul(d);
            if (full) {
                out.intoArray(dx, dxOff + i);
            } else {
                out.intoArray(dx, dxOff + i, m);
            }
        }
    }

    /** Softplus' derivative is σ(x). */
    private static void sigmoidBackwardOfSoftplus(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                                  int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            boolean full = i + L <= n;
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector xV = full ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector s = one.div(VectorMath.exp(xV.neg()).add(one));
            FloatVector dyV = full ? FloatVector.fromArray(S, dy, dyOff + i)
                    : FloatVector.fromArray(S, dy, dyOff + i, m);
            FloatVector out = dyV.mul(s);
            if (full) {
                out.intoArray(dx, dxOff + i);
            } else {
                out.intoArray(dx, dxOff + i, m);
            }
        }
    }

    private static void hardSigmoidBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                            int n) {
        FloatVector zero = FloatVector.zero(S);
        float sixth = (float) (1.0 / 6.0);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            VectorMask<Float> in = v.compare(VectorOperators.GT, -3f).and(v.compare(VectorOperators.LT, 3f));
            zero.blend(FloatVector.fromArray(S, dy, dyOff + i).mul(sixth), in).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m);
            VectorMask<Float> in = v.compare(VectorOperators.GT, -3f).and(v.compare(VectorOperators.LT, 3f));
            zero.blend(FloatVector.fromArray(S, dy, dyOff + i, m).mul(sixth), in).intoArray(dx, dxOff + i, m);
        }
    }

    // ---- softmax -------------------------------------------------------------------------------

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        int bound = S.loopBound(cols);
        float[] lanes = new float[L]; // one per call: the row sum goes through memory, see Lanes.sum(float[])
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * cols;
            int yi = yOff + r * cols;
            float max = rowMax(x, xi, cols, bound);
            // y = exp(x - max) and its sum in one pass, then scale. One loop with the tail masked: a second
            // call site of VectorMath.exp is not inlined (C2's node budget) and boxes its vectors per row.
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xi + j, m).sub(max));
                e.intoArray(y, yi + j, m);
                acc = acc.add(e, m);
            }
            acc.intoArray(lanes, 0);
            float inv = 1f / Lanes.sum(lanes);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, y, yi + j).mul(inv).intoArray(y, yi + j);
            }
            if (j < cols) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector.fromArray(S, y, yi + j, m).mul(inv).intoArray(y, yi + j, m);
            }
        }
    }

    @Override
    public void logSoftmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        int bound = S.loopBound(cols);
        float[] lanes = new float[L]; // see softmaxRows
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * cols;
            int yi = yOff + r * cols;
            float max = rowMax(x, xi, cols, bound);
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < cols; j += L) { // one exp call site, tail masked: see softmaxRows
                VectorMask<Float> m = S.indexInRange(j, cols);
                acc = acc.add(VectorMath.exp(FloatVector.fromArray(S, x, xi + j, m).sub(max)), m);
            }
            acc.intoArray(lanes, 0);
            float sum = Lanes.sum(lanes);
            // (x - max) - log(sum), not x - (max + log(sum)): the latter rounds to half an ulp of max (3e-5 at
            // logits near 1000) before the subtraction; x - max is exact for x near max.
            float logSum = (float) Math.log(sum);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, x, xi + j).sub(max).sub(logSum).intoArray(y, yi + j);
            }
            if (j < cols) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector.fromArray(S, x, xi + j, m).sub(max).sub(logSum).intoArray(y, yi + j, m);
            }
        }
    }

    /** Row maximum with Math.max semantics (a NaN makes it NaN, so the whole row becomes NaN). */
    private static float rowMax(float[] x, int off, int cols, int bound) {
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < bound; j += L) {
            mv = mv.max(FloatVector.fromArray(S, x, off + j));
        }
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; j < cols; j++) {
            max = Math.max(max, x[off + j]);
        }
        return max;
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff,
                                    float[] dx, int dxOff) {
        int bound = S.loopBound(cols);
        float[] lanes = new float[L]; // one per call, as in softmaxRows
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * cols;
            int gi = dyOff + r * cols;
            int di = dxOff + r * cols;
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                acc = FloatVector.fromArray(S, dy, gi + j).fma(FloatVector.fromArray(S, y, yi + j), acc);
            }
            acc.intoArray(lanes, 0); // through memory, see Lanes.sums8
            float dot = Lanes.sum(lanes, 0);
            for (; j < cols; j++) {
                dot += dy[gi + j] * y[yi + j];
            }
            j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, dy, gi + j).sub(dot).mul(FloatVector.fromArray(S, y, yi + j))
                        .intoArray(dx, di + j);
            }
            for (; j < cols; j++) {
                dx[di + j] = y[yi + j] * (dy[gi + j] - dot);
            }
        }
    }

    @Override
    public void logSoftmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff,
                                       float[] dx, int dxOff) {
        int bound = S.loopBound(cols);
        float[] lanes = new float[L]; // one per call, as in softmaxRows
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * cols;
            int gi = dyOff + r * cols;
            int di = dxOff + r * cols;
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                acc = acc.add(FloatVector.fromArray(S, dy, gi + j));
            }
            acc.intoArray(lanes, 0); // through memory, see Lanes.sums8
            float sum = Lanes.sum(lanes, 0);
            for (; j < cols; j++) {
                sum += dy[gi + j];
            }
            for (j = 0; j < cols; j += L) { // one exp call site, tail masked: see softmaxRows
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector e = VectorMath.exp(FloatVector.fromArray(S, y, yi + j, m));
                e.mul(-sum).add(FloatVector.fromArray(S, dy, gi + j, m)).intoArray(dx, di + j, m);
            }
        }
    }

    // ---- maxout: vectorised across units; indices kept in an int vector of the same lane count ----

    @Override
    public void maxout(int rows, int units, int k, float[] x, int xOff, float[] y, int yOff, int[] idx,
                       int idxOff) {
        int bound = S.loopBound(units);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * units * k;
            int yr = yOff + r * units;
            int ir = idxOff + r * units;
            int u = 0;
            for (; u < bound; u += L) {
                FloatVector best = FloatVector.fromArray(S, x, xr + u);
                IntVector arg = IntVector.zero(I);
                for (int j = 1; j < k; j++) {
                    FloatVector v = FloatVector.fromArray(S, x, xr + j * units + u);
                    // same rule as the scalar reference: greater wins, a NaN wins over a number
                    VectorMask<Float> win = v.compare(VectorOperators.GT, best)
                            .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                    best = best.blend(v, win);
                    arg = arg.blend(j, win.cast(I));
                }
                best.intoArray(y, yr + u);
                arg.intoArray(idx, ir + u);
            }
            for (; u < units; u++) {
                float b = x[xr + u];
                int a = 0;
                for (int j = 1; j < k; j++) {
                    float v = x[xr + j * units + u];
                    if (v > b || (v != v && b == b)) {
                        b = v;
                        a = j;
                    }
                }
                y[yr + u] = b;
                idx[ir + u] = a;
            }
        }
    }

    @Override
    public void maxoutBackward(int rows, int units, int k, float[] dy, int dyOff, int[] idx, int idxOff,
                               float[] dx, int dxOff) {
        int bound = S.loopBound(units);
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            int xr = dxOff + r * units * k;
            int gr = dyOff + r * units;
            int ir = idxOff + r * units;
            for (int j = 0; j < k; j++) {
                int u = 0;
                for (; u < bound; u += L) {
                    VectorMask<Float> won = IntVector.fromArray(I, idx, ir + u).compare(VectorOperators.EQ, j).cast(S);
                    zero.blend(FloatVector.fromArray(S, dy, gr + u), won).intoArray(dx, xr + j * units + u);
                }
                for (; u < units; u++) {
                    dx[xr + j * units + u] = idx[ir + u] == j ? dy[gr + u] : 0f;
                }
            }
        }
    }
}
