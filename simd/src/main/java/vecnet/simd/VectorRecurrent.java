package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The recurrent cell kernels on the Vector API. Each row of the batch is a few passes over contiguous
 * runs of the hidden units, each pass one small method (full vectors, then one masked vector for the
 * tail, so the tail computes the same float formula as the body): for an LSTM σ(a + b + c + d) over
 * the i and f blocks, tanh(...) over g, σ over o, then the cell update. Small methods because C1 gave
 * up on the one-method-per-cell form ("out of virtual registers": 1.6 KB of bytecode for the LSTM step,
 * and still at 624 bytes for a GRU pass with one tanh and five loads), which leaves a kernel in the
 * interpreter's Vector API fallback (allocating a vector per operation) until C2 is done. σ(x) =
 * 1 / (1 + e^−x) and tanh are VectorActivations' forms on {@link VectorMath#exp} (bit-identical in every
 * JIT tier; tanh's odd polynomial below |x| = {@link #TANH_SMALL}), written out at each use. Loaded by
 * name, only when {@code jdk.incubator.vector} is present.
 */
final class VectorRecurrent implements RecurrentKernels {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();
    /** Where tanh switches from its Taylor polynomial to the exp form, as in VectorActivations. */
    private static final float TANH_SMALL = 0.125f;

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public void lstmCellForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih,
                                int bihOff, float[] bhh, int bhhOff, float[] cPrev, int cPrevOff, float[] gates,
                                int gatesOff, float[] c, int cOff, float[] h, int hOff, int ldh) {
        int g4 = 4 * hidden;
        for (int r = 0; r < n; r++) {
            int x = xgOff + r * g4;
            int y = hgOff + r * g4;
            int a = gatesOff + r * g4;
            sigmoidOfSum(xg, x, hg, y, bih, bihOff, bhh, bhhOff, gates, a, 2 * hidden); // i, f
            tanhOfSum(xg, x + 2 * hidden, hg, y + 2 * hidden, bih, bihOff + 2 * hidden, bhh, bhhOff + 2 * hidden,
                    gates, a + 2 * hidden, hidden); // g
            sigmoidOfSum(xg, x + 3 * hidden, hg, y + 3 * hidden, bih, bihOff + 3 * hidden, bhh, bhhOff + 3 * hidden,
                    gates, a + 3 * hidden, hidden); // o
            lstmState(hidden, gates, a, cPrev, cPrevOff + r * hidden, c, cOff + r * hidden, h, hOff + r * ldh);
        }
    }

    @Override
    public void lstmCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                                 float[] c, int cOff, float[] dh, int dhOff, int lddh, float[] dhNext, int dhNextOff,
                                 float[] dc, int dcOff, float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff) {
        int g4 = 4 * hidden;
        for (int r = 0; r < n; r++) {
            int s = r * hidden;
            // dcPrev holds dC between the passes (it may be dc itself: each element is read, then written)
            lstmBackwardOutput(hidden, gates, gatesOff + r * g4, c, cOff + s, dh, dhOff + r * lddh, dhNext,
                    dhNextOff + s, dc, dcOff + s, dGates, dGatesOff + r * g4, dcPrev, dcPrevOff + s);
            lstmBackwardInput(hidden, gates, gatesOff + r * g4, dGates, dGatesOff + r * g4, dcPrev, dcPrevOff + s);
            lstmBackwardForget(hidden, gates, gatesOff + r * g4, cPrev, cPrevOff + s, dGates, dGatesOff + r * g4,
                    dcPrev, dcPrevOff + s);
        }
    }

    @Override
    public void gruCellForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih,
                               int bihOff, float[] bhh, int bhhOff, float[] hPrev, int hPrevOff, int ldhPrev,
                               float[] gates, int gatesOff, float[] hn, int hnOff, float[] h, int hOff, int ldh) {
        int g3 = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int x = xgOff + r * g3;
            int y = hgOff + r * g3;
            int a = gatesOff + r * g3;
            sigmoidOfSum(xg, x, hg, y, bih, bihOff, bhh, bhhOff, gates, a, 2 * hidden); // r, z
            gruNewGate(hidden, xg, x + 2 * hidden, hg, y + 2 * hidden, bih, bihOff + 2 * hidden, bhh,
                    bhhOff + 2 * hidden, gates, a, hn, hnOff + r * hidden);
            gruOutput(hidden, gates, a, hPrev, hPrevOff + r * ldhPrev, h, hOff + r * ldh);
        }
    }

    @Override
    public void gruCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] hn, int hnOff, float[] hPrev,
                                int hPrevOff, int ldhPrev, float[] dh, int dhOff, int lddh, float[] dhNext,
                                int dhNextOff, float[] dxg, int dxgOff, float[] dhg, int dhgOff, float[] dhPrev,
                                int dhPrevOff) {
        int g3 = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int s = r * hidden;
            gruBackwardUpdate(hidden, gates, gatesOff + r * g3, hPrev, hPrevOff + r * ldhPrev, dh, dhOff + r * lddh,
                    dhNext, dhNextOff + s, dxg, dxgOff + r * g3, dhg, dhgOff + r * g3, dhPrev, dhPrevOff + s);
            gruBackwardReset(hidden, gates, gatesOff + r * g3, hn, hnOff + s, dxg, dxgOff + r * g3, dhg,
                    dhgOff + r * g3);
        }
    }

    @Override
    public void rnnCellForward(int n, int hidden, boolean relu, float[] xg, int xgOff, float[] hg, int hgOff,
                               float[] bih, int bihOff, float[] bhh, int bhhOff, float[] h, int hOff, int ldh) {
        for (int r = 0; r < n; r++) {
            if (relu) {
                reluOfSum(xg, xgOff + r * hidden, hg, hgOff + r * hidden, bih, bihOff, bhh, bhhOff, h, hOff + r * ldh,
                        hidden);
            } else {
                tanhOfSum(xg, xgOff + r * hidden, hg, hgOff + r * hidden, bih, bihOff, bhh, bhhOff, h, hOff + r * ldh,
                        hidden);
            }
        }
    }

    @Override
    public void rnnCellBackward(int n, int hidden, boolean relu, float[] h, int hOff, int ldh, float[] dh, int dhOff,
                                int lddh, float[] dhNext, int dhNextOff, float[] dg, int dgOff) {
        for (int r = 0; r < n; r++) {
            int s = r * hidden;
            if (relu) {
                reluBackward(h, hOff + r * ldh, dh, dhOff + r * lddh, dhNext, dhNextOff + s, dg, dgOff + s, hidden);
            } else {
                tanhBackward(h, hOff + r * ldh, dh, dhOff + r * lddh, dhNext, dhNextOff + s, dg, dgOff + s, hidden);
            }
        }
    }

    // ---- passes over one row: len contiguous elements ------------------------------------------

    /** y = σ(a + b + c + d); y may be a at the same offset. */
    private static void sigmoidOfSum(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] d,
                                     int dOff, float[] y, int yOff, int len) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < len; j += L) {
            boolean full = j + L <= len;
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector va = full ? FloatVector.fromArray(S, a, aOff + j) : FloatVector.fromArray(S, a, aOff + j, m);
            FloatVector vb = full ? FloatVector.fromArray(S, b, bOff + j) : FloatVector.fromArray(S, b, bOff + j, m);
            FloatVector vc = full ? FloatVector.fromArray(S, c, cOff + j) : FloatVector.fromArray(S, c, cOff + j, m);
            FloatVector vd = full ? FloatVector.fromArray(S, d, dOff + j) : FloatVector.fromArray(S, d, dOff + j, m);
            FloatVector p = va.add(vb).add(vc).add(vd);
            FloatVector q = one.div(VectorMath.exp(p.neg()).add(one));
            if (full) {
                q.intoArray(y, yOff + j);
            } else {
                q.intoArray(y, yOff + j, m);
            }
        }
    }

    /** y = tanh(a + b + c + d); y may be a at the same offset. */
    private static void tanhOfSum(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] d,
                                  int dOff, float[] y, int yOff, int len) {
        for (int j = 0; j < len; j += L) {
            boolean full = j + L <= len;
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector va = full ? FloatVector.fromArray(S, a, aOff + j) : FloatVector.fromArray(S, a, aOff + j, m);
            FloatVector vb = full ? FloatVector.fromArray(S, b, bOff + j) : FloatVector.fromArray(S, b, bOff + j, m);
            FloatVector vc = full ? FloatVector.fromArray(S, c, cOff + j) : FloatVector.fromArray(S, c, cOff + j, m);
            FloatVector vd = full ? FloatVector.fromArray(S, d, dOff + j) : FloatVector.fromArray(S, d, dOff + j, m);
            FloatVector p = va.add(vb).add(vc).add(vd);
            FloatVector ta = p.lanewise(VectorOperators.ABS);
            FloatVector te = VectorMath.exp(ta.mul(-2f));
            FloatVector t2 = p.mul(p);
            FloatVector t = te.neg().add(1f).div(te.add(1f))
                    .lanewise(VectorOperators.NEG, p.compare(VectorOperators.LT, 0f))
                    .blend(t2.fma(-17f / 315f, 2f / 15f).mul(t2).add(-1f / 3f).mul(t2).add(1f).mul(p),
                            ta.compare(VectorOperators.LT, TANH_SMALL));
            if (full) {
                t.intoArray(y, yOff + j);
            } else {
                t.intoArray(y, yOff + j, m);
            }
        }
    }

    /** y = max(0, a + b + c + d). */
    private static void reluOfSum(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] d,
                                  int dOff, float[] y, int yOff, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += L) {
            FloatVector p = FloatVector.fromArray(S, a, aOff + j)
                    .add(FloatVector.fromArray(S, b, bOff + j))
                    .add(FloatVector.fromArray(S, c, cOff + j))
                    .add(FloatVector.fromArray(S, d, dOff + j));
            p.max(0f).intoArray(y, yOff + j);
        }
        if (j < len) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector p = FloatVector.fromArray(S, a, aOff + j, m)
                    .add(FloatVector.fromArray(S, b, bOff + j, m))
                    .add(FloatVector.fromArray(S, c, cOff + j, m))
                    .add(FloatVector.fromArray(S, d, dOff + j, m));
            p.max(0f).intoArray(y, yOff + j, m);
        }
    }

    /** One row of the LSTM state: c = f ⊙ cPrev + i ⊙ g, h = o ⊙ tanh(c), from the activations at a. */
    private static void lstmState(int len, float[] gates, int a, float[] cPrev, int cpOff, float[] c, int cOff,
                                  float[] h, int hOff) {
        for (int j = 0; j < len; j += L) {
            boolean full = j + L <= len;
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector gf = full ? FloatVector.fromArray(S, gates, a + len + j)
                    : FloatVector.fromArray(S, gates, a + len + j, m);
            FloatVector gg = full ? FloatVector.fromArray(S, gates, a + 2 * len + j)
                    : FloatVector.fromArray(S, gates, a + 2 * len + j, m);
            FloatVector cp = full ? FloatVector.fromArray(S, cPrev, cpOff + j)
                    : FloatVector.fromArray(S, cPrev, cpOff + j, m);
            FloatVector fcp = gf.mul(cp);
            FloatVector gi = full ? FloatVector.fromArray(S, gates, a + j)
                    : FloatVector.fromArray(S, gates, a + j, m);
            FloatVector cc = gi.fma(gg, fcp);
            FloatVector tca = cc.lanewise(VectorOperators.ABS);
            FloatVector tce = VectorMath.exp(tca.mul(-2f));
            FloatVector tc2 = cc.mul(cc);
            FloatVector tc = tce.neg().add(1f).div(tce.add(1f))
                    .lanewise(VectorOperators.NEG, cc.compare(VectorOperators.LT, 0f))
                    .blend(tc2.fma(-17f / 315f, 2f / 15f).mul(tc2).add(-1f / 3f).mul(tc2).add(1f).mul(cc),
                            tca.compare(VectorOperators.LT, TANH_SMALL));
            if (full) {
                cc.intoArray(c, cOff + j);
            } else {
                cc.intoArray(c, cOff + j, m);
            }
            FloatVector go = full ? FloatVector.fromArray(S, gates, a + 3 * len + j)
                    : FloatVector.fromArray(S, gates, a + 3 * len + j, m);
            FloatVector out = go.mul(tc);
            if (full) {
                out.intoArray(h, hOff + j);
            } else {
                out.intoArray(h, hOff + j, m);
            }
        }
    }

    /**
     * One row of the LSTM backward, first pass: dH = dh + dhNext, dC = dc + dH ⊙ o ⊙ (1 − tanh² c) into
     * dcPrev, and the o gate's pre-activation gradient dH ⊙ tanh c ⊙ o (1 − o).
     */
    private static void lstmBackwardOutput(int len, float[] gates, int a, float[] c, int cOff, float[] dh, int dhOff,
                                           float[] dhNext, int dnOff, float[] dc, int dcOff, float[] dGates, int d,
                                           float[] dcPrev, int dcpOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < len; j += L) {
            boolean full = j + L <= len;
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector go = full ? FloatVector.fromArray(S, gates, a + 3 * len + j)
                    : FloatVector.fromArray(S, gates, a + 3 * len + j, m);
            FloatVector cv = full ? FloatVector.fromArray(S, c, cOff + j) : FloatVector.fromArray(S, c, cOff + j, m);
            FloatVector tca = cv.lanewise(VectorOperators.ABS);
            FloatVector tce = VectorMath.exp(tca.mul(-2f));
            FloatVector tc2 = cv.mul(cv);
            FloatVector tc = tce.neg().add(1f).div(tce.add(1f))
                    .lanewise(VectorOperators.NEG, cv.compare(VectorOperators.LT, 0f))
                    .blend(tc2.fma(-17f / 315f, 2f / 15f).mul(tc2).add(-1f / 3f).mul(tc2).add(1f).mul(cv),
                            tca.compare(VectorOperators.LT, TANH_SMALL));
            FloatVector dhV = full ? FloatVector.fromArray(S, dh, dhOff + j)
                    : FloatVector.fromArray(S, dh, dhOff + j, m);
            FloatVector dhNextV = full ? FloatVector.fromArray(S, dhNext, dnOff + j)
                    : FloatVector.fromArray(S, dhNext, dnOff + j, m);
            FloatVector dH = dhV.add(dhNextV);
            FloatVector dcv = full ? FloatVector.fromArray(S, dc, dcOff + j)
                    : FloatVector.fromArray(S, dc, dcOff + j, m);
            FloatVector out = dH.mul(go).mul(tc.neg().fma(tc, one)).add(dcv);
            if (full) {
                out.intoArray(dcPrev, dcpOff + j);
            } else {
                out.intoArray(dcPrev, dcpOff + j, m);
            }
            FloatVector out1 = dH.mul(tc).mul(go).mul(one.sub(go));
            if (full) {
                out1.intoArray(dGates, d + 3 * len + j);
            } else {
                out1.intoArray(dGates, d + 3 * len + j, m);
            }
        }
    }

    /** Second pass: the i and g gradients from dC (held in dcPrev). */
    private static void lstmBackwardInput(int len, float[] gates, int a, float[] dGates, int d, float[] dcPrev,
                                          int dcpOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += L) {
            FloatVector dC = FloatVector.fromArray(S, dcPrev, dcpOff + j);
            FloatVector gi = FloatVector.fromArray(S, gates, a + j);
            FloatVector gg = FloatVector.fromArray(S, gates, a + 2 * len + j);
            dC.mul(gg).mul(gi).mul(one.sub(gi)).intoArray(dGates, d + j);
            dC.mul(gi).mul(gg.neg().fma(gg, one)).intoArray(dGates, d + 2 * len + j);
        }
        if (j < len) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector dC = FloatVector.fromArray(S, dcPrev, dcpOff + j, m);
            FloatVector gi = FloatVector.fromArray(S, gates, a + j, m);
            FloatVector gg = FloatVector.fromArray(S, gates, a + 2 * len + j, m);
            dC.mul(gg).mul(gi).mul(one.sub(gi)).intoArray(dGates, d + j, m);
            dC.mul(gi).mul(gg.neg().fma(gg, one)).intoArray(dGates, d + 2 * len + j, m);
        }
    }

    /** Third pass: the f gradient, then dcPrev = dC ⊙ f (separate passes keep each method small for C1). */
    private static void lstmBackwardForget(int len, float[] gates, int a, float[] cPrev, int cpOff, float[] dGates,
                                           int d, float[] dcPrev, int dcpOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += L) {
            FloatVector dC = FloatVector.fromArray(S, dcPrev, dcpOff + j);
            FloatVector gf = FloatVector.fromArray(S, gates, a + len + j);
            FloatVector cp = FloatVector.fromArray(S, cPrev, cpOff + j);
            dC.mul(cp).mul(gf).mul(one.sub(gf)).intoArray(dGates, d + len + j);
            dC.mul(gf).intoArray(dcPrev, dcpOff + j);
        }
        if (j < len) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector dC = FloatVector.fromArray(S, dcPrev, dcpOff + j, m);
            FloatVector gf = FloatVector.fromArray(S, gates, a + len + j, m);
            FloatVector cp = FloatVector.fromArray(S, cPrev, cpOff + j, m);
            dC.mul(cp).mul(gf).mul(one.sub(gf)).intoArray(dGates, d + len + j, m);
            dC.mul(gf).intoArray(dcPrev, dcpOff + j, m);
        }
    }

    /**
     * One row of the GRU's n gate after r (at a): hn = hg_n + bhh_n, nn = tanh(xg_n + bih_n + r ⊙ hn) into
     * the n block; the offsets of xg, hg and the biases point at their n blocks.
     */
    private static void gruNewGate(int len, float[] xg, int x, float[] hg, int y, float[] bih, int bihOff,
                                   float[] bhh, int bhhOff, float[] gates, int a, float[] hn, int hnOff) {
        for (int j = 0; j < len; j += L) {
            boolean full = j + L <= len;
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector hgV = full ? FloatVector.fromArray(S, hg, y + j) : FloatVector.fromArray(S, hg, y + j, m);
            FloatVector bhhV = full ? FloatVector.fromArray(S, bhh, bhhOff + j)
                    : FloatVector.fromArray(S, bhh, bhhOff + j, m);
            FloatVector hnv = hgV.add(bhhV);
            FloatVector xgV = full ? FloatVector.fromArray(S, xg, x + j) : FloatVector.fromArray(S, xg, x + j, m);
            FloatVector bihV = full ? FloatVector.fromArray(S, bih, bihOff + j)
                    : FloatVector.fromArray(S, bih, bihOff + j, m);
            FloatVector xn = xgV.add(bihV);
            FloatVector gatesV = full ? FloatVector.fromArray(S, gates, a + j)
                    : FloatVector.fromArray(S, gates, a + j, m);
            FloatVector pn = gatesV.fma(hnv, xn);
            FloatVector gna = pn.lanewise(VectorOperators.ABS);
            FloatVector gne = VectorMath.exp(gna.mul(-2f));
            FloatVector gn2 = pn.mul(pn);
            FloatVector gn = gne.neg().add(1f).div(gne.add(1f))
                    .lanewise(VectorOperators.NEG, pn.compare(VectorOperators.LT, 0f))
                    .blend(gn2.fma(-17f / 315f, 2f / 15f).mul(gn2).add(-1f / 3f).mul(gn2).add(1f).mul(pn),
                            gna.compare(VectorOperators.LT, TANH_SMALL));
            if (full) {
                gn.intoArray(gates, a + 2 * len + j);
            } else {
                gn.intoArray(gates, a + 2 * len + j, m);
            }
            if (full) {
                hnv.intoArray(hn, hnOff + j);
            } else {
                hnv.intoArray(hn, hnOff + j, m);
            }
        }
    }

    /** One row of the GRU output: h = (1 − z) ⊙ nn + z ⊙ hPrev, from the gates at a. */
    private static void gruOutput(int len, float[] gates, int a, float[] hPrev, int hpOff, float[] h, int hOff) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += L) {
            FloatVector gn = FloatVector.fromArray(S, gates, a + 2 * len + j);
            FloatVector gz = FloatVector.fromArray(S, gates, a + len + j);
            FloatVector.fromArray(S, hPrev, hpOff + j).sub(gn).fma(gz, gn).intoArray(h, hOff + j);
        }
        if (j < len) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector gn = FloatVector.fromArray(S, gates, a + 2 * len + j, m);
            FloatVector gz = FloatVector.fromArray(S, gates, a + len + j, m);
            FloatVector.fromArray(S, hPrev, hpOff + j, m).sub(gn).fma(gz, gn).intoArray(h, hOff + j, m);
        }
    }

    /** GRU backward, first pass: dn (pre-activation) and dz into both gradients, dhPrev = dH ⊙ z. */
    private static void gruBackwardUpdate(int len, float[] gates, int a, float[] hPrev, int hpOff, float[] dh,
                                          int dhOff, float[] dhNext, int dnOff, float[] dxg, int dx, float[] dhg,
                                          int dy, float[] dhPrev, int dhpOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += L) {
            FloatVector gz = FloatVector.fromArray(S, gates, a + len + j);
            FloatVector gn = FloatVector.fromArray(S, gates, a + 2 * len + j);
            FloatVector dH = FloatVector.fromArray(S, dh, dhOff + j)
                    .add(FloatVector.fromArray(S, dhNext, dnOff + j));
            FloatVector dz = dH.mul(FloatVector.fromArray(S, hPrev, hpOff + j).sub(gn)).mul(gz).mul(one.sub(gz));
            dH.mul(one.sub(gz)).mul(gn.neg().fma(gn, one)).intoArray(dxg, dx + 2 * len + j);
            dz.intoArray(dxg, dx + len + j);
            dz.intoArray(dhg, dy + len + j);
            dH.mul(gz).intoArray(dhPrev, dhpOff + j);
        }
        if (j < len) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector gz = FloatVector.fromArray(S, gates, a + len + j, m);
            FloatVector gn = FloatVector.fromArray(S, gates, a + 2 * len + j, m);
            FloatVector dH = FloatVector.fromArray(S, dh, dhOff + j, m)
                    .add(FloatVector.fromArray(S, dhNext, dnOff + j, m));
            FloatVector dz = dH.mul(FloatVector.fromArray(S, hPrev, hpOff + j, m).sub(gn)).mul(gz).mul(one.sub(gz));
            dH.mul(one.sub(gz)).mul(gn.neg().fma(gn, one)).intoArray(dxg, dx + 2 * len + j, m);
            dz.intoArray(dxg, dx + len + j, m);
            dz.intoArray(dhg, dy + len + j, m);
            dH.mul(gz).intoArray(dhPrev, dhpOff + j, m);
        }
    }

    /** Second pass: dr = dn ⊙ hn ⊙ r (1 − r) into both gradients, and the hidden side's n block dn ⊙ r. */
    private static void gruBackwardReset(int len, float[] gates, int a, float[] hn, int hnOff, float[] dxg, int dx,
                                         float[] dhg, int dy) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += L) {
            FloatVector gr = FloatVector.fromArray(S, gates, a + j);
            FloatVector dn = FloatVector.fromArray(S, dxg, dx + 2 * len + j);
            FloatVector dr = dn.mul(FloatVector.fromArray(S, hn, hnOff + j)).mul(gr).mul(one.sub(gr));
            dr.intoArray(dxg, dx + j);
            dr.intoArray(dhg, dy + j);
            dn.mul(gr).intoArray(dhg, dy + 2 * len + j);
        }
        if (j < len) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector gr = FloatVector.fromArray(S, gates, a + j, m);
            FloatVector dn = FloatVector.fromArray(S, dxg, dx + 2 * len + j, m);
            FloatVector dr = dn.mul(FloatVector.fromArray(S, hn, hnOff + j, m)).mul(gr).mul(one.sub(gr));
            dr.intoArray(dxg, dx + j, m);
            dr.intoArray(dhg, dy + j, m);
            dn.mul(gr).intoArray(dhg, dy + 2 * len + j, m);
        }
    }

    /** dg = (dh + dhNext) ⊙ (1 − y²). */
    private static void tanhBackward(float[] h, int hOff, float[] dh, int dhOff, float[] dhNext, int dnOff, float[] dg,
                                     int dgOff, int len) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += L) {
            FloatVector y = FloatVector.fromArray(S, h, hOff + j);
            FloatVector dH = FloatVector.fromArray(S, dh, dhOff + j)
                    .add(FloatVector.fromArray(S, dhNext, dnOff + j));
            dH.mul(y.neg().fma(y, one)).intoArray(dg, dgOff + j);
        }
        if (j < len) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector y = FloatVector.fromArray(S, h, hOff + j, m);
            FloatVector dH = FloatVector.fromArray(S, dh, dhOff + j, m)
                    .add(FloatVector.fromArray(S, dhNext, dnOff + j, m));
            dH.mul(y.neg().fma(y, one)).intoArray(dg, dgOff + j, m);
        }
    }

    /** dg = (dh + dhNext) where y > 0, else 0. */
    private static void reluBackward(float[] h, int hOff, float[] dh, int dhOff, float[] dhNext, int dnOff, float[] dg,
                                     int dgOff, int len) {
        FloatVector zero = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += L) {
            FloatVector dH = FloatVector.fromArray(S, dh, dhOff + j)
                    .add(FloatVector.fromArray(S, dhNext, dnOff + j));
            VectorMask<Float> pos = FloatVector.fromArray(S, h, hOff + j).compare(VectorOperators.GT, 0f);
            zero.blend(dH, pos).intoArray(dg, dgOff + j);
        }
        if (j < len) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector dH = FloatVector.fromArray(S, dh, dhOff + j, m)
                    .add(FloatVector.fromArray(S, dhNext, dnOff + j, m));
            VectorMask<Float> pos = FloatVector.fromArray(S, h, hOff + j, m).compare(VectorOperators.GT, 0f);
            zero.blend(dH, pos).intoArray(dg, dgOff + j, m);
        }
    }
}
