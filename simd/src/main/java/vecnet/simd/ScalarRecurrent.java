package vecnet.simd;

/**
 * The reference recurrent cell kernels: plain loops, each value computed in double from the float
 * inputs and rounded once when stored. In-place aliases (gates = xg, dcPrev = dc, dhPrev = dhNext) are
 * safe because each element's inputs are read before its outputs are written.
 */
final class ScalarRecurrent implements RecurrentKernels {
    @Override
    public String name() {
        return "scalar";
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
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
            int s = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double ai = (double) xg[x + j] + hg[y + j] + bih[bihOff + j] + bhh[bhhOff + j];
                double af = (double) xg[x + hidden + j] + hg[y + hidden + j] + bih[bihOff + hidden + j]
                        + bhh[bhhOff + hidden + j];
                double ag = (double) xg[x + 2 * hidden + j] + hg[y + 2 * hidden + j] + bih[bihOff + 2 * hidden + j]
                        + bhh[bhhOff + 2 * hidden + j];
                double ao = (double) xg[x + 3 * hidden + j] + hg[y + 3 * hidden + j] + bih[bihOff + 3 * hidden + j]
                        + bhh[bhhOff + 3 * hidden + j];
                double i = sigmoid(ai);
                double f = sigmoid(af);
                double g = Math.tanh(ag);
                double o = sigmoid(ao);
                double cc = f * cPrev[cPrevOff + s + j] + i * g;
                gates[a + j] = (float) i;
                gates[a + hidden + j] = (float) f;
                gates[a + 2 * hidden + j] = (float) g;
                gates[a + 3 * hidden + j] = (float) o;
                c[cOff + s + j] = (float) cc;
                h[hOff + r * ldh + j] = (float) (o * Math.tanh(cc));
            }
        }
    }

    @Override
    public void lstmCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                                 float[] c, int cOff, float[] dh, int dhOff, int lddh, float[] dhNext, int dhNextOff,
                                 float[] dc, int dcOff, float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff) {
        int g4 = 4 * hidden;
        for (int r = 0; r < n; r++) {
            int a = gatesOff + r * g4;
            int d = dGatesOff + r * g4;
            int s = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = gates[a + j];
                double f = gates[a + hidden + j];
                double g = gates[a + 2 * hidden + j];
                double o = gates[a + 3 * hidden + j];
                double tc = Math.tanh(c[cOff + s + j]);
                double dH = (double) dh[dhOff + r * lddh + j] + dhNext[dhNextOff + s + j];
                double dC = dc[dcOff + s + j] + dH * o * (1 - tc * tc);
                dGates[d + j] = (float) (dC * g * i * (1 - i));
                dGates[d + hidden + j] = (float) (dC * cPrev[cPrevOff + s + j] * f * (1 - f));
                dGates[d + 2 * hidden + j] = (float) (dC * i * (1 - g * g));
                dGates[d + 3 * hidden + j] = (float) (dH * tc * o * (1 - o));
                dcPrev[dcPrevOff + s + j] = (float) (dC * f);
            }
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
            int s = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double rr = sigmoid((double) xg[x + j] + hg[y + j] + bih[bihOff + j] + bhh[bhhOff + j]);
                double z = sigmoid((double) xg[x + hidden + j] + hg[y + hidden + j] + bih[bihOff + hidden + j]
                        + bhh[bhhOff + hidden + j]);
                double hnj = (double) hg[y + 2 * hidden + j] + bhh[bhhOff + 2 * hidden + j];
                double nn = Math.tanh((double) xg[x + 2 * hidden + j] + bih[bihOff + 2 * hidden + j] + rr * hnj);
                double hp = hPrev[hPrevOff + r * ldhPrev + j];
                gates[a + j] = (float) rr;
                gates[a + hidden + j] = (float) z;
                gates[a + 2 * hidden + j] = (float) nn;
                hn[hnOff + s + j] = (float) hnj;
                h[hOff + r * ldh + j] = (float) ((1 - z) * nn + z * hp);
            }
        }
    }

    @Override
    public void gruCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] hn, int hnOff, float[] hPrev,
                                int hPrevOff, int ldhPrev, float[] dh, int dhOff, int lddh, float[] dhNext,
                                int dhNextOff, float[] dxg, int dxgOff, float[] dhg, int dhgOff, float[] dhPrev,
                                int dhPrevOff) {
        int g3 = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int a = gatesOff + r * g3;
            int dx = dxgOff + r * g3;
            int dy = dhgOff + r * g3;
            int s = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double rr = gates[a + j];
                double z = gates[a + hidden + j];
                double nn = gates[a + 2 * hidden + j];
                double dH = (double) dh[dhOff + r * lddh + j] + dhNext[dhNextOff + s + j];
                double dn = dH * (1 - z) * (1 - nn * nn);
                double dz = dH * (hPrev[hPrevOff + r * ldhPrev + j] - nn) * z * (1 - z);
                double dr = dn * hn[hnOff + s + j] * rr * (1 - rr);
                dxg[dx + j] = (float) dr;
                dxg[dx + hidden + j] = (float) dz;
                dxg[dx + 2 * hidden + j] = (float) dn;
                dhg[dy + j] = (float) dr;
                dhg[dy + hidden + j] = (float) dz;
                dhg[dy + 2 * hidden + j] = (float) (dn * rr);
                dhPrev[dhPrevOff + s + j] = (float) (dH * z);
            }
        }
    }

    @Override
    public void rnnCellForward(int n, int hidden, boolean relu, float[] xg, int xgOff, float[] hg, int hgOff,
                               float[] bih, int bihOff, float[] bhh, int bhhOff, float[] h, int hOff, int ldh) {
        for (int r = 0; r < n; r++) {
            int s = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double a = (double) xg[xgOff + s + j] + hg[hgOff + s + j] + bih[bihOff + j] + bhh[bhhOff + j];
                h[hOff + r * ldh + j] = (float) (relu ? Math.max(a, 0.0) : Math.tanh(a));
            }
        }
    }

    @Override
    public void rnnCellBackward(int n, int hidden, boolean relu, float[] h, int hOff, int ldh, float[] dh, int dhOff,
                                int lddh, float[] dhNext, int dhNextOff, float[] dg, int dgOff) {
        for (int r = 0; r < n; r++) {
            int s = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double y = h[hOff + r * ldh + j];
                double dH = (double) dh[dhOff + r * lddh + j] + dhNext[dhNextOff + s + j];
                dg[dgOff + s + j] = (float) (relu ? (y > 0 ? dH : 0.0) : dH * (1 - y * y));
            }
        }
    }
}
