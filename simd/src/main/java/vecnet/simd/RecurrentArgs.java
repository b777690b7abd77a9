package vecnet.simd;

/**
 * Argument checks of the recurrent cell kernels in {@link Simd}: sizes, extents of every block
 * (dense (n, k·hidden), strided (n rows of hidden with a leading dimension), biases (k·hidden)), and
 * that no output shares an element with an input or another output, except the documented in-place
 * aliases. Messages are built only on failure, so a valid call allocates nothing.
 */
final class RecurrentArgs {
    private RecurrentArgs() {
    }

    static void checkSizes(int n, int hidden, int gates) {
        Args.checkNonNegative("n", n);
        Args.checkNonNegative("hidden", hidden);
        if ((long) n * gates * hidden > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("n * " + gates + " * hidden must fit in an int, was " + n + " * "
                    + gates + " * " + hidden);
        }
    }

    /** A dense (rows, cols) block (the dims text is a constant: a valid call builds no string). */
    static void dense(String name, float[] a, int off, int rows, int cols) {
        GemmArgs.checkMatrix(name, a, off, Math.max(1, cols), rows, cols, "dense rows x cols");
    }

    /** n rows of hidden elements, row stride ld. */
    static void strided(String name, float[] a, int off, int ld, int n, int hidden) {
        GemmArgs.checkMatrix(name, a, off, ld, n, hidden, "n x hidden");
    }

    /** Output block (rows, cols, ld) must not share an element with input block (rows, cols, ld). */
    static void apart(String outName, float[] out, int outOff, int outLd, int outRows, int outCols,
                      String inName, float[] in, int inOff, int inLd, int inRows, int inCols) {
        GemmArgs.checkNoOverlap(outName, out, outOff, Math.max(1, outLd), outRows, outCols, inName, in, inOff,
                Math.max(1, inLd), inRows, inCols);
    }

    /** As {@link #apart}, but the very same block (in place) is allowed. */
    static void sameOrApart(String outName, float[] out, int outOff, int outLd, int outRows, int outCols,
                            String inName, float[] in, int inOff, int inLd, int inRows, int inCols) {
        if (out == in && outOff == inOff && outLd == inLd) {
            return;
        }
        apart(outName, out, outOff, outLd, outRows, outCols, inName, in, inOff, inLd, inRows, inCols);
    }

    /** A dense (n, gates·hidden) output against the two biases (gates·hidden each). */
    static void apartFromBiases(String outName, float[] out, int outOff, int outLd, int rows, int cols,
                                float[] bih, int bihOff, float[] bhh, int bhhOff, int biasLen) {
        apart(outName, out, outOff, outLd, rows, cols, "bih", bih, bihOff, biasLen, 1, biasLen);
        apart(outName, out, outOff, outLd, rows, cols, "bhh", bhh, bhhOff, biasLen, 1, biasLen);
    }

    static void lstmForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih, int bihOff,
                            float[] bhh, int bhhOff, float[] cPrev, int cPrevOff, float[] gates, int gatesOff,
                            float[] c, int cOff, float[] h, int hOff, int ldh) {
        checkSizes(n, hidden, 4);
        int g = 4 * hidden;
        dense("xg", xg, xgOff, n, g);
        dense("hg", hg, hgOff, n, g);
        dense("bih", bih, bihOff, 1, g);
        dense("bhh", bhh, bhhOff, 1, g);
        dense("cPrev", cPrev, cPrevOff, n, hidden);
        dense("gates", gates, gatesOff, n, g);
        dense("c", c, cOff, n, hidden);
        strided("h", h, hOff, ldh, n, hidden);
        sameOrApart("gates", gates, gatesOff, g, n, g, "xg", xg, xgOff, g, n, g);
        apart("gates", gates, gatesOff, g, n, g, "hg", hg, hgOff, g, n, g);
        apartFromBiases("gates", gates, gatesOff, g, n, g, bih, bihOff, bhh, bhhOff, g);
        apart("gates", gates, gatesOff, g, n, g, "cPrev", cPrev, cPrevOff, hidden, n, hidden);
        apart("c", c, cOff, hidden, n, hidden, "xg", xg, xgOff, g, n, g);
        apart("c", c, cOff, hidden, n, hidden, "hg", hg, hgOff, g, n, g);
        apartFromBiases("c", c, cOff, hidden, n, hidden, bih, bihOff, bhh, bhhOff, g);
        apart("c", c, cOff, hidden, n, hidden, "cPrev", cPrev, cPrevOff, hidden, n, hidden);
        apart("c", c, cOff, hidden, n, hidden, "gates", gates, gatesOff, g, n, g);
        apart("h", h, hOff, ldh, n, hidden, "xg", xg, xgOff, g, n, g);
        apart("h", h, hOff, ldh, n, hidden, "hg", hg, hgOff, g, n, g);
        apartFromBiases("h", h, hOff, ldh, n, hidden, bih, bihOff, bhh, bhhOff, g);
        apart("h", h, hOff, ldh, n, hidden, "cPrev", cPrev, cPrevOff, hidden, n, hidden);
        apart("h", h, hOff, ldh, n, hidden, "gates", gates, gatesOff, g, n, g);
        apart("h", h, hOff, ldh, n, hidden, "c", c, cOff, hidden, n, hidden);
    }

    static void lstmBackward(int n, int hidden, float[] gates, int gatesOff, float[] cPrev, int cPrevOff, float[] c,
                             int cOff, float[] dh, int dhOff, int lddh, float[] dhNext, int dhNextOff, float[] dc,
                             int dcOff, float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff) {
        checkSizes(n, hidden, 4);
        int g = 4 * hidden;
        dense("gates", gates, gatesOff, n, g);
        dense("cPrev", cPrev, cPrevOff, n, hidden);
        dense("c", c, cOff, n, hidden);
        strided("dh", dh, dhOff, lddh, n, hidden);
        dense("dhNext", dhNext, dhNextOff, n, hidden);
        dense("dc", dc, dcOff, n, hidden);
        dense("dGates", dGates, dGatesOff, n, g);
        dense("dcPrev", dcPrev, dcPrevOff, n, hidden);
        apart("dGates", dGates, dGatesOff, g, n, g, "gates", gates, gatesOff, g, n, g);
        apart("dGates", dGates, dGatesOff, g, n, g, "cPrev", cPrev, cPrevOff, hidden, n, hidden);
        apart("dGates", dGates, dGatesOff, g, n, g, "c", c, cOff, hidden, n, hidden);
        apart("dGates", dGates, dGatesOff, g, n, g, "dh", dh, dhOff, lddh, n, hidden);
        apart("dGates", dGates, dGatesOff, g, n, g, "dhNext", dhNext, dhNextOff, hidden, n, hidden);
        apart("dGates", dGates, dGatesOff, g, n, g, "dc", dc, dcOff, hidden, n, hidden);
        apart("dcPrev", dcPrev, dcPrevOff, hidden, n, hidden, "gates", gates, gatesOff, g, n, g);
        apart("dcPrev", dcPrev, dcPrevOff, hidden, n, hidden, "cPrev", cPrev, cPrevOff, hidden, n, hidden);
        apart("dcPrev", dcPrev, dcPrevOff, hidden, n, hidden, "c", c, cOff, hidden, n, hidden);
        apart("dcPrev", dcPrev, dcPrevOff, hidden, n, hidden, "dh", dh, dhOff, lddh, n, hidden);
        apart("dcPrev", dcPrev, dcPrevOff, hidden, n, hidden, "dhNext", dhNext, dhNextOff, hidden, n, hidden);
        sameOrApart("dcPrev", dcPrev, dcPrevOff, hidden, n, hidden, "dc", dc, dcOff, hidden, n, hidden);
        apart("dcPrev", dcPrev, dcPrevOff, hidden, n, hidden, "dGates", dGates, dGatesOff, g, n, g);
    }

    static void gruForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih, int bihOff,
                           float[] bhh, int bhhOff, float[] hPrev, int hPrevOff, int ldhPrev, float[] gates,
                           int gatesOff, float[] hn, int hnOff, float[] h, int hOff, int ldh) {
        checkSizes(n, hidden, 3);
        int g = 3 * hidden;
        dense("xg", xg, xgOff, n, g);
        dense("hg", hg, hgOff, n, g);
        dense("bih", bih, bihOff, 1, g);
        dense("bhh", bhh, bhhOff, 1, g);
        strided("hPrev", hPrev, hPrevOff, ldhPrev, n, hidden);
        dense("gates", gates, gatesOff, n, g);
        dense("hn", hn, hnOff, n, hidden);
        strided("h", h, hOff, ldh, n, hidden);
        sameOrApart("gates", gates, gatesOff, g, n, g, "xg", xg, xgOff, g, n, g);
        apart("gates", gates, gatesOff, g, n, g, "hg", hg, hgOff, g, n, g);
        apartFromBiases("gates", gates, gatesOff, g, n, g, bih, bihOff, bhh, bhhOff, g);
        apart("gates", gates, gatesOff, g, n, g, "hPrev", hPrev, hPrevOff, ldhPrev, n, hidden);
        apart("hn", hn, hnOff, hidden, n, hidden, "xg", xg, xgOff, g, n, g);
        apart("hn", hn, hnOff, hidden, n, hidden, "hg", hg, hgOff, g, n, g);
        apartFromBiases("hn", hn, hnOff, hidden, n, hidden, bih, bihOff, bhh, bhhOff, g);
        apart("hn", hn, hnOff, hidden, n, hidden, "hPrev", hPrev, hPrevOff, ldhPrev, n, hidden);
        apart("hn", hn, hnOff, hidden, n, hidden, "gates", gates, gatesOff, g, n, g);
        apart("h", h, hOff, ldh, n, hidden, "xg", xg, xgOff, g, n, g);
        apart("h", h, hOff, ldh, n, hidden, "hg", hg, hgOff, g, n, g);
        apartFromBiases("h", h, hOff, ldh, n, hidden, bih, bihOff, bhh, bhhOff, g);
        apart("h", h, hOff, ldh, n, hidden, "hPrev", hPrev, hPrevOff, ldhPrev, n, hidden);
        apart("h", h, hOff, ldh, n, hidden, "gates", gates, gatesOff, g, n, g);
        apart("h", h, hOff, ldh, n, hidden, "hn", hn, hnOff, hidden, n, hidden);
    }

    static void gruBackward(int n, int hidden, float[] gates, int gatesOff, float[] hn, int hnOff, float[] hPrev,
                            int hPrevOff, int ldhPrev, float[] dh, int dhOff, int lddh, float[] dhNext, int dhNextOff,
                            float[] dxg, int dxgOff, float[] dhg, int dhgOff, float[] dhPrev, int dhPrevOff) {
        checkSizes(n, hidden, 3);
        int g = 3 * hidden;
        dense("gates", gates, gatesOff, n, g);
        dense("hn", hn, hnOff, n, hidden);
        strided("hPrev", hPrev, hPrevOff, ldhPrev, n, hidden);
        strided("dh", dh, dhOff, lddh, n, hidden);
        dense("dhNext", dhNext, dhNextOff, n, hidden);
        dense("dxg", dxg, dxgOff, n, g);
        dense("dhg", dhg, dhgOff, n, g);
        dense("dhPrev", dhPrev, dhPrevOff, n, hidden);
        for (int k = 0; k < 3; k++) { // each output against each input and the outputs before it
            String on = k == 0 ? "dxg" : k == 1 ? "dhg" : "dhPrev";
            float[] o = k == 0 ? dxg : k == 1 ? dhg : dhPrev;
            int oo = k == 0 ? dxgOff : k == 1 ? dhgOff : dhPrevOff;
            int oc = k == 2 ? hidden : g;
            apart(on, o, oo, oc, n, oc, "gates", gates, gatesOff, g, n, g);
            apart(on, o, oo, oc, n, oc, "hn", hn, hnOff, hidden, n, hidden);
            apart(on, o, oo, oc, n, oc, "hPrev", hPrev, hPrevOff, ldhPrev, n, hidden);
            apart(on, o, oo, oc, n, oc, "dh", dh, dhOff, lddh, n, hidden);
            if (k == 2) {
                sameOrApart(on, o, oo, oc, n, oc, "dhNext", dhNext, dhNextOff, hidden, n, hidden);
                apart(on, o, oo, oc, n, oc, "dxg", dxg, dxgOff, g, n, g);
                apart(on, o, oo, oc, n, oc, "dhg", dhg, dhgOff, g, n, g);
            } else {
                apart(on, o, oo, oc, n, oc, "dhNext", dhNext, dhNextOff, hidden, n, hidden);
            }
        }
        apart("dhg", dhg, dhgOff, g, n, g, "dxg", dxg, dxgOff, g, n, g);
    }

    static void rnnForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih, int bihOff,
                           float[] bhh, int bhhOff, float[] h, int hOff, int ldh) {
        checkSizes(n, hidden, 1);
        dense("xg", xg, xgOff, n, hidden);
        dense("hg", hg, hgOff, n, hidden);
        dense("bih", bih, bihOff, 1, hidden);
        dense("bhh", bhh, bhhOff, 1, hidden);
        strided("h", h, hOff, ldh, n, hidden);
        apart("h", h, hOff, ldh, n, hidden, "xg", xg, xgOff, hidden, n, hidden);
        apart("h", h, hOff, ldh, n, hidden, "hg", hg, hgOff, hidden, n, hidden);
        apartFromBiases("h", h, hOff, ldh, n, hidden, bih, bihOff, bhh, bhhOff, hidden);
    }

    static void rnnBackward(int n, int hidden, float[] h, int hOff, int ldh, float[] dh, int dhOff, int lddh,
                            float[] dhNext, int dhNextOff, float[] dg, int dgOff) {
        checkSizes(n, hidden, 1);
        strided("h", h, hOff, ldh, n, hidden);
        strided("dh", dh, dhOff, lddh, n, hidden);
        dense("dhNext", dhNext, dhNextOff, n, hidden);
        dense("dg", dg, dgOff, n, hidden);
        apart("dg", dg, dgOff, hidden, n, hidden, "h", h, hOff, ldh, n, hidden);
        apart("dg", dg, dgOff, hidden, n, hidden, "dh", dh, dhOff, lddh, n, hidden);
        apart("dg", dg, dgOff, hidden, n, hidden, "dhNext", dhNext, dhNextOff, hidden, n, hidden);
    }
}
