package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The recurrent cell kernels on the Vector API: each row of the batch runs full vectors across the
 * hidden units, then one masked vector for the tail, so the tail computes the same float formula as
 * the body. σ(x) = 1 / (1 + e^−x) and tanh are VectorActivations' forms (one EXP each, tanh's odd
 * polynomial below |x| = {@link #TANH_SMALL}; TANH itself is not intrinsified on AVX2), written out at
 * each use so no vector crosses a call. Loaded by name, only when {@code jdk.incubator.vector} is present.
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
        FloatVector one = FloatVector.broadcast(S, 1f);
        int h1 = hidden;
        int h2 = 2 * hidden;
        int h3 = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int x = xgOff + r * 4 * hidden;
            int y = hgOff + r * 4 * hidden;
            int a = gatesOff + r * 4 * hidden;
            int s = r * hidden;
            int ho = hOff + r * ldh;
            int j = 0;
            for (int bound = S.loopBound(hidden); j < bound; j += L) {
                FloatVector pi = FloatVector.fromArray(S, xg, x + j)
                        .add(FloatVector.fromArray(S, hg, y + j))
                        .add(FloatVector.fromArray(S, bih, bihOff + j))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + j));
                FloatVector pf = FloatVector.fromArray(S, xg, x + h1 + j)
                        .add(FloatVector.fromArray(S, hg, y + h1 + j))
                        .add(FloatVector.fromArray(S, bih, bihOff + h1 + j))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h1 + j));
                FloatVector pg = FloatVector.fromArray(S, xg, x + h2 + j)
                        .add(FloatVector.fromArray(S, hg, y + h2 + j))
                        .add(FloatVector.fromArray(S, bih, bihOff + h2 + j))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h2 + j));
                FloatVector po = FloatVector.fromArray(S, xg, x + h3 + j)
                        .add(FloatVector.fromArray(S, hg, y + h3 + j))
                        .add(FloatVector.fromArray(S, bih, bihOff + h3 + j))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h3 + j));
                FloatVector gi = one.div(pi.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector gf = one.div(pf.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector gga = pg.lanewise(VectorOperators.ABS);
                FloatVector gge = gga.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector gg2 = pg.mul(pg);
                FloatVector gg = gge.neg().add(1f).div(gge.add(1f))
                        .lanewise(VectorOperators.NEG, pg.compare(VectorOperators.LT, 0f))
                        .blend(gg2.fma(-17f / 315f, 2f / 15f).mul(gg2).add(-1f / 3f).mul(gg2).add(1f).mul(pg),
                                gga.compare(VectorOperators.LT, TANH_SMALL));
                FloatVector go = one.div(po.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector cc = gi.fma(gg, gf.mul(FloatVector.fromArray(S, cPrev, cPrevOff + s + j)));
                FloatVector tca = cc.lanewise(VectorOperators.ABS);
                FloatVector tce = tca.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector tc2 = cc.mul(cc);
                FloatVector tc = tce.neg().add(1f).div(tce.add(1f))
                        .lanewise(VectorOperators.NEG, cc.compare(VectorOperators.LT, 0f))
                        .blend(tc2.fma(-17f / 315f, 2f / 15f).mul(tc2).add(-1f / 3f).mul(tc2).add(1f).mul(cc),
                                tca.compare(VectorOperators.LT, TANH_SMALL));
                gi.intoArray(gates, a + j);
                gf.intoArray(gates, a + h1 + j);
                gg.intoArray(gates, a + h2 + j);
                go.intoArray(gates, a + h3 + j);
                cc.intoArray(c, cOff + s + j);
                go.mul(tc).intoArray(h, ho + j);
            }
            if (j < hidden) {
                VectorMask<Float> m = S.indexInRange(j, hidden);
                FloatVector pi = FloatVector.fromArray(S, xg, x + j, m)
                        .add(FloatVector.fromArray(S, hg, y + j, m))
                        .add(FloatVector.fromArray(S, bih, bihOff + j, m))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + j, m));
                FloatVector pf = FloatVector.fromArray(S, xg, x + h1 + j, m)
                        .add(FloatVector.fromArray(S, hg, y + h1 + j, m))
                        .add(FloatVector.fromArray(S, bih, bihOff + h1 + j, m))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h1 + j, m));
                FloatVector pg = FloatVector.fromArray(S, xg, x + h2 + j, m)
                        .add(FloatVector.fromArray(S, hg, y + h2 + j, m))
                        .add(FloatVector.fromArray(S, bih, bihOff + h2 + j, m))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h2 + j, m));
                FloatVector po = FloatVector.fromArray(S, xg, x + h3 + j, m)
                        .add(FloatVector.fromArray(S, hg, y + h3 + j, m))
                        .add(FloatVector.fromArray(S, bih, bihOff + h3 + j, m))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h3 + j, m));
                FloatVector gi = one.div(pi.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector gf = one.div(pf.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector gga = pg.lanewise(VectorOperators.ABS);
                FloatVector gge = gga.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector gg2 = pg.mul(pg);
                FloatVector gg = gge.neg().add(1f).div(gge.add(1f))
                        .lanewise(VectorOperators.NEG, pg.compare(VectorOperators.LT, 0f))
                        .blend(gg2.fma(-17f / 315f, 2f / 15f).mul(gg2).add(-1f / 3f).mul(gg2).add(1f).mul(pg),
                                gga.compare(VectorOperators.LT, TANH_SMALL));
                FloatVector go = one.div(po.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector cc = gi.fma(gg, gf.mul(FloatVector.fromArray(S, cPrev, cPrevOff + s + j, m)));
                FloatVector tca = cc.lanewise(VectorOperators.ABS);
                FloatVector tce = tca.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector tc2 = cc.mul(cc);
                FloatVector tc = tce.neg().add(1f).div(tce.add(1f))
                        .lanewise(VectorOperators.NEG, cc.compare(VectorOperators.LT, 0f))
                        .blend(tc2.fma(-17f / 315f, 2f / 15f).mul(tc2).add(-1f / 3f).mul(tc2).add(1f).mul(cc),
                                tca.compare(VectorOperators.LT, TANH_SMALL));
                gi.intoArray(gates, a + j, m);
                gf.intoArray(gates, a + h1 + j, m);
                gg.intoArray(gates, a + h2 + j, m);
                go.intoArray(gates, a + h3 + j, m);
                cc.intoArray(c, cOff + s + j, m);
                go.mul(tc).intoArray(h, ho + j, m);
            }
        }
    }

    @Override
    public void lstmCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                                 float[] c, int cOff, float[] dh, int dhOff, int lddh, float[] dhNext, int dhNextOff,
                                 float[] dc, int dcOff, float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int h1 = hidden;
        int h2 = 2 * hidden;
        int h3 = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int a = gatesOff + r * 4 * hidden;
            int d = dGatesOff + r * 4 * hidden;
            int s = r * hidden;
            int dho = dhOff + r * lddh;
            int j = 0;
            for (int bound = S.loopBound(hidden); j < bound; j += L) {
                FloatVector gi = FloatVector.fromArray(S, gates, a + j);
                FloatVector gf = FloatVector.fromArray(S, gates, a + h1 + j);
                FloatVector gg = FloatVector.fromArray(S, gates, a + h2 + j);
                FloatVector go = FloatVector.fromArray(S, gates, a + h3 + j);
                FloatVector cv = FloatVector.fromArray(S, c, cOff + s + j);
                FloatVector tca = cv.lanewise(VectorOperators.ABS);
                FloatVector tce = tca.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector tc2 = cv.mul(cv);
                FloatVector tc = tce.neg().add(1f).div(tce.add(1f))
                        .lanewise(VectorOperators.NEG, cv.compare(VectorOperators.LT, 0f))
                        .blend(tc2.fma(-17f / 315f, 2f / 15f).mul(tc2).add(-1f / 3f).mul(tc2).add(1f).mul(cv),
                                tca.compare(VectorOperators.LT, TANH_SMALL));
                FloatVector dH = FloatVector.fromArray(S, dh, dho + j)
                        .add(FloatVector.fromArray(S, dhNext, dhNextOff + s + j));
                FloatVector dC = dH.mul(go).mul(tc.neg().fma(tc, one))
                        .add(FloatVector.fromArray(S, dc, dcOff + s + j));
                dC.mul(gg).mul(gi).mul(one.sub(gi)).intoArray(dGates, d + j);
                FloatVector cp = FloatVector.fromArray(S, cPrev, cPrevOff + s + j);
                dC.mul(cp).mul(gf).mul(one.sub(gf)).intoArray(dGates, d + h1 + j);
                dC.mul(gi).mul(gg.neg().fma(gg, one)).intoArray(dGates, d + h2 + j);
                dH.mul(tc).mul(go).mul(one.sub(go)).intoArray(dGates, d + h3 + j);
                dC.mul(gf).intoArray(dcPrev, dcPrevOff + s + j);
            }
            if (j < hidden) {
                VectorMask<Float> m = S.indexInRange(j, hidden);
                FloatVector gi = FloatVector.fromArray(S, gates, a + j, m);
                FloatVector gf = FloatVector.fromArray(S, gates, a + h1 + j, m);
                FloatVector gg = FloatVector.fromArray(S, gates, a + h2 + j, m);
                FloatVector go = FloatVector.fromArray(S, gates, a + h3 + j, m);
                FloatVector cv = FloatVector.fromArray(S, c, cOff + s + j, m);
                FloatVector tca = cv.lanewise(VectorOperators.ABS);
                FloatVector tce = tca.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector tc2 = cv.mul(cv);
                FloatVector tc = tce.neg().add(1f).div(tce.add(1f))
                        .lanewise(VectorOperators.NEG, cv.compare(VectorOperators.LT, 0f))
                        .blend(tc2.fma(-17f / 315f, 2f / 15f).mul(tc2).add(-1f / 3f).mul(tc2).add(1f).mul(cv),
                                tca.compare(VectorOperators.LT, TANH_SMALL));
                FloatVector dH = FloatVector.fromArray(S, dh, dho + j, m)
                        .add(FloatVector.fromArray(S, dhNext, dhNextOff + s + j, m));
                FloatVector dC = dH.mul(go).mul(tc.neg().fma(tc, one))
                        .add(FloatVector.fromArray(S, dc, dcOff + s + j, m));
                dC.mul(gg).mul(gi).mul(one.sub(gi)).intoArray(dGates, d + j, m);
                FloatVector cp = FloatVector.fromArray(S, cPrev, cPrevOff + s + j, m);
                dC.mul(cp).mul(gf).mul(one.sub(gf)).intoArray(dGates, d + h1 + j, m);
                dC.mul(gi).mul(gg.neg().fma(gg, one)).intoArray(dGates, d + h2 + j, m);
                dH.mul(tc).mul(go).mul(one.sub(go)).intoArray(dGates, d + h3 + j, m);
                dC.mul(gf).intoArray(dcPrev, dcPrevOff + s + j, m);
            }
        }
    }

    @Override
    public void gruCellForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih,
                               int bihOff, float[] bhh, int bhhOff, float[] hPrev, int hPrevOff, int ldhPrev,
                               float[] gates, int gatesOff, float[] hn, int hnOff, float[] h, int hOff, int ldh) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int h1 = hidden;
        int h2 = 2 * hidden;
        for (int r = 0; r < n; r++) {
            int x = xgOff + r * 3 * hidden;
            int y = hgOff + r * 3 * hidden;
            int a = gatesOff + r * 3 * hidden;
            int s = r * hidden;
            int hpo = hPrevOff + r * ldhPrev;
            int ho = hOff + r * ldh;
            int j = 0;
            for (int bound = S.loopBound(hidden); j < bound; j += L) {
                FloatVector pr = FloatVector.fromArray(S, xg, x + j)
                        .add(FloatVector.fromArray(S, hg, y + j))
                        .add(FloatVector.fromArray(S, bih, bihOff + j))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + j));
                FloatVector pz = FloatVector.fromArray(S, xg, x + h1 + j)
                        .add(FloatVector.fromArray(S, hg, y + h1 + j))
                        .add(FloatVector.fromArray(S, bih, bihOff + h1 + j))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h1 + j));
                FloatVector gr = one.div(pr.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector gz = one.div(pz.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector hnv = FloatVector.fromArray(S, hg, y + h2 + j)
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h2 + j));
                FloatVector pn = gr.fma(hnv, FloatVector.fromArray(S, xg, x + h2 + j)
                        .add(FloatVector.fromArray(S, bih, bihOff + h2 + j)));
                FloatVector gna = pn.lanewise(VectorOperators.ABS);
                FloatVector gne = gna.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector gn2 = pn.mul(pn);
                FloatVector gn = gne.neg().add(1f).div(gne.add(1f))
                        .lanewise(VectorOperators.NEG, pn.compare(VectorOperators.LT, 0f))
                        .blend(gn2.fma(-17f / 315f, 2f / 15f).mul(gn2).add(-1f / 3f).mul(gn2).add(1f).mul(pn),
                                gna.compare(VectorOperators.LT, TANH_SMALL));
                FloatVector hp = FloatVector.fromArray(S, hPrev, hpo + j);
                gr.intoArray(gates, a + j);
                gz.intoArray(gates, a + h1 + j);
                gn.intoArray(gates, a + h2 + j);
                hnv.intoArray(hn, hnOff + s + j);
                hp.sub(gn).fma(gz, gn).intoArray(h, ho + j);
            }
            if (j < hidden) {
                VectorMask<Float> m = S.indexInRange(j, hidden);
                FloatVector pr = FloatVector.fromArray(S, xg, x + j, m)
                        .add(FloatVector.fromArray(S, hg, y + j, m))
                        .add(FloatVector.fromArray(S, bih, bihOff + j, m))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + j, m));
                FloatVector pz = FloatVector.fromArray(S, xg, x + h1 + j, m)
                        .add(FloatVector.fromArray(S, hg, y + h1 + j, m))
                        .add(FloatVector.fromArray(S, bih, bihOff + h1 + j, m))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h1 + j, m));
                FloatVector gr = one.div(pr.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector gz = one.div(pz.neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector hnv = FloatVector.fromArray(S, hg, y + h2 + j, m)
                        .add(FloatVector.fromArray(S, bhh, bhhOff + h2 + j, m));
                FloatVector pn = gr.fma(hnv, FloatVector.fromArray(S, xg, x + h2 + j, m)
                        .add(FloatVector.fromArray(S, bih, bihOff + h2 + j, m)));
                FloatVector gna = pn.lanewise(VectorOperators.ABS);
                FloatVector gne = gna.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector gn2 = pn.mul(pn);
                FloatVector gn = gne.neg().add(1f).div(gne.add(1f))
                        .lanewise(VectorOperators.NEG, pn.compare(VectorOperators.LT, 0f))
                        .blend(gn2.fma(-17f / 315f, 2f / 15f).mul(gn2).add(-1f / 3f).mul(gn2).add(1f).mul(pn),
                                gna.compare(VectorOperators.LT, TANH_SMALL));
                FloatVector hp = FloatVector.fromArray(S, hPrev, hpo + j, m);
                gr.intoArray(gates, a + j, m);
                gz.intoArray(gates, a + h1 + j, m);
                gn.intoArray(gates, a + h2 + j, m);
                hnv.intoArray(hn, hnOff + s + j, m);
                hp.sub(gn).fma(gz, gn).intoArray(h, ho + j, m);
            }
        }
    }

    @Override
    public void gruCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] hn, int hnOff, float[] hPrev,
                                int hPrevOff, int ldhPrev, float[] dh, int dhOff, int lddh, float[] dhNext,
                                int dhNextOff, float[] dxg, int dxgOff, float[] dhg, int dhgOff, float[] dhPrev,
                                int dhPrevOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int h1 = hidden;
        int h2 = 2 * hidden;
        for (int r = 0; r < n; r++) {
            int a = gatesOff + r * 3 * hidden;
            int dx = dxgOff + r * 3 * hidden;
            int dy = dhgOff + r * 3 * hidden;
            int s = r * hidden;
            int hpo = hPrevOff + r * ldhPrev;
            int dho = dhOff + r * lddh;
            int j = 0;
            for (int bound = S.loopBound(hidden); j < bound; j += L) {
                FloatVector gr = FloatVector.fromArray(S, gates, a + j);
                FloatVector gz = FloatVector.fromArray(S, gates, a + h1 + j);
                FloatVector gn = FloatVector.fromArray(S, gates, a + h2 + j);
                FloatVector dH = FloatVector.fromArray(S, dh, dho + j)
                        .add(FloatVector.fromArray(S, dhNext, dhNextOff + s + j));
                FloatVector dn = dH.mul(one.sub(gz)).mul(gn.neg().fma(gn, one));
                FloatVector dz = dH.mul(FloatVector.fromArray(S, hPrev, hpo + j).sub(gn)).mul(gz).mul(one.sub(gz));
                FloatVector dr = dn.mul(FloatVector.fromArray(S, hn, hnOff + s + j)).mul(gr).mul(one.sub(gr));
                dr.intoArray(dxg, dx + j);
                dz.intoArray(dxg, dx + h1 + j);
                dn.intoArray(dxg, dx + h2 + j);
                dr.intoArray(dhg, dy + j);
                dz.intoArray(dhg, dy + h1 + j);
                dn.mul(gr).intoArray(dhg, dy + h2 + j);
                dH.mul(gz).intoArray(dhPrev, dhPrevOff + s + j);
            }
            if (j < hidden) {
                VectorMask<Float> m = S.indexInRange(j, hidden);
                FloatVector gr = FloatVector.fromArray(S, gates, a + j, m);
                FloatVector gz = FloatVector.fromArray(S, gates, a + h1 + j, m);
                FloatVector gn = FloatVector.fromArray(S, gates, a + h2 + j, m);
                FloatVector dH = FloatVector.fromArray(S, dh, dho + j, m)
                        .add(FloatVector.fromArray(S, dhNext, dhNextOff + s + j, m));
                FloatVector dn = dH.mul(one.sub(gz)).mul(gn.neg().fma(gn, one));
                FloatVector dz = dH.mul(FloatVector.fromArray(S, hPrev, hpo + j, m).sub(gn)).mul(gz).mul(one.sub(gz));
                FloatVector dr = dn.mul(FloatVector.fromArray(S, hn, hnOff + s + j, m)).mul(gr).mul(one.sub(gr));
                dr.intoArray(dxg, dx + j, m);
                dz.intoArray(dxg, dx + h1 + j, m);
                dn.intoArray(dxg, dx + h2 + j, m);
                dr.intoArray(dhg, dy + j, m);
                dz.intoArray(dhg, dy + h1 + j, m);
                dn.mul(gr).intoArray(dhg, dy + h2 + j, m);
                dH.mul(gz).intoArray(dhPrev, dhPrevOff + s + j, m);
            }
        }
    }

    @Override
    public void rnnCellForward(int n, int hidden, boolean relu, float[] xg, int xgOff, float[] hg, int hgOff,
                               float[] bih, int bihOff, float[] bhh, int bhhOff, float[] h, int hOff, int ldh) {
        if (relu) {
            for (int r = 0; r < n; r++) {
                int s = r * hidden;
                int ho = hOff + r * ldh;
            int j = 0;
            for (int bound = S.loopBound(hidden); j < bound; j += L) {
                FloatVector p = FloatVector.fromArray(S, xg, xgOff + s + j)
                        .add(FloatVector.fromArray(S, hg, hgOff + s + j))
                        .add(FloatVector.fromArray(S, bih, bihOff + j))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + j));
                p.max(0f).intoArray(h, ho + j);
            }
            if (j < hidden) {
                VectorMask<Float> m = S.indexInRange(j, hidden);
                FloatVector p = FloatVector.fromArray(S, xg, xgOff + s + j, m)
                        .add(FloatVector.fromArray(S, hg, hgOff + s + j, m))
                        .add(FloatVector.fromArray(S, bih, bihOff + j, m))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + j, m));
                p.max(0f).intoArray(h, ho + j, m);
            }
            }
            return;
        }
        for (int r = 0; r < n; r++) {
            int s = r * hidden;
            int ho = hOff + r * ldh;
            int j = 0;
            for (int bound = S.loopBound(hidden); j < bound; j += L) {
                FloatVector p = FloatVector.fromArray(S, xg, xgOff + s + j)
                        .add(FloatVector.fromArray(S, hg, hgOff + s + j))
                        .add(FloatVector.fromArray(S, bih, bihOff + j))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + j));
                FloatVector ta = p.lanewise(VectorOperators.ABS);
                FloatVector te = ta.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector t2 = p.mul(p);
                FloatVector t = te.neg().add(1f).div(te.add(1f))
                        .lanewise(VectorOperators.NEG, p.compare(VectorOperators.LT, 0f))
                        .blend(t2.fma(-17f / 315f, 2f / 15f).mul(t2).add(-1f / 3f).mul(t2).add(1f).mul(p),
                                ta.compare(VectorOperators.LT, TANH_SMALL));
                t.intoArray(h, ho + j);
            }
            if (j < hidden) {
                VectorMask<Float> m = S.indexInRange(j, hidden);
                FloatVector p = FloatVector.fromArray(S, xg, xgOff + s + j, m)
                        .add(FloatVector.fromArray(S, hg, hgOff + s + j, m))
                        .add(FloatVector.fromArray(S, bih, bihOff + j, m))
                        .add(FloatVector.fromArray(S, bhh, bhhOff + j, m));
                FloatVector ta = p.lanewise(VectorOperators.ABS);
                FloatVector te = ta.mul(-2f).lanewise(VectorOperators.EXP);
                FloatVector t2 = p.mul(p);
                FloatVector t = te.neg().add(1f).div(te.add(1f))
                        .lanewise(VectorOperators.NEG, p.compare(VectorOperators.LT, 0f))
                        .blend(t2.fma(-17f / 315f, 2f / 15f).mul(t2).add(-1f / 3f).mul(t2).add(1f).mul(p),
                                ta.compare(VectorOperators.LT, TANH_SMALL));
                t.intoArray(h, ho + j, m);
            }
        }
    }

    @Override
    public void rnnCellBackward(int n, int hidden, boolean relu, float[] h, int hOff, int ldh, float[] dh, int dhOff,
                                int lddh, float[] dhNext, int dhNextOff, float[] dg, int dgOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < n; r++) {
            int s = r * hidden;
            int ho = hOff + r * ldh;
            int dho = dhOff + r * lddh;
            if (relu) {
            int j = 0;
            for (int bound = S.loopBound(hidden); j < bound; j += L) {
                FloatVector dH = FloatVector.fromArray(S, dh, dho + j)
                        .add(FloatVector.fromArray(S, dhNext, dhNextOff + s + j));
                VectorMask<Float> pos = FloatVector.fromArray(S, h, ho + j).compare(VectorOperators.GT, 0f);
                zero.blend(dH, pos).intoArray(dg, dgOff + s + j);
            }
            if (j < hidden) {
                VectorMask<Float> m = S.indexInRange(j, hidden);
                FloatVector dH = FloatVector.fromArray(S, dh, dho + j, m)
                        .add(FloatVector.fromArray(S, dhNext, dhNextOff + s + j, m));
                VectorMask<Float> pos = FloatVector.fromArray(S, h, ho + j, m).compare(VectorOperators.GT, 0f);
                zero.blend(dH, pos).intoArray(dg, dgOff + s + j, m);
            }
            } else {
            int j = 0;
            for (int bound = S.loopBound(hidden); j < bound; j += L) {
                FloatVector y = FloatVector.fromArray(S, h, ho + j);
                FloatVector dH = FloatVector.fromArray(S, dh, dho + j)
                        .add(FloatVector.fromArray(S, dhNext, dhNextOff + s + j));
                dH.mul(y.neg().fma(y, one)).intoArray(dg, dgOff + s + j);
            }
            if (j < hidden) {
                VectorMask<Float> m = S.indexInRange(j, hidden);
                FloatVector y = FloatVector.fromArray(S, h, ho + j, m);
                FloatVector dH = FloatVector.fromArray(S, dh, dho + j, m)
                        .add(FloatVector.fromArray(S, dhNext, dhNextOff + s + j, m));
                dH.mul(y.neg().fma(y, one)).intoArray(dg, dgOff + s + j, m);
            }
            }
        }
    }
}
