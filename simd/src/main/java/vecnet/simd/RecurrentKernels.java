package vecnet.simd;

/**
 * The fused per-time-step gate arithmetic of the recurrent cells, one forward and one backward kernel
 * per cell type: everything between the two GEMMs of a step (input projection and hidden projection,
 * computed by the caller) in one pass over the batch. Gate order and formulas are PyTorch's. Arguments
 * are validated by {@link Simd} ({@link RecurrentArgs}) before they get here: implementations never
 * check and never allocate. Every (n, k·hidden) block is dense row-major unless an {@code ld} is given;
 * {@code n} is the batch, {@code hidden} the hidden size.
 */
interface RecurrentKernels {
    /** A short name for logs and benchmark tables, e.g. {@code scalar} or {@code vector-256}. */
    String name();

    /**
     * LSTM step, gates (i, f, g, o): a = xg + hg + bih + bhh (n, 4·hidden); i, f, o = σ(a), g = tanh(a);
     * c = f ⊙ cPrev + i ⊙ g; h = o ⊙ tanh(c). Writes the activations to gates (which may be xg at the
     * same offset), c (n, hidden) and h (n rows of hidden, row stride ldh).
     */
    void lstmCellForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih, int bihOff,
                         float[] bhh, int bhhOff, float[] cPrev, int cPrevOff, float[] gates, int gatesOff,
                         float[] c, int cOff, float[] h, int hOff, int ldh);

    /**
     * LSTM step backward from the forward's gates, cPrev and c: with dH = dh + dhNext (dh has row stride
     * lddh) and dC = dc + dH ⊙ o ⊙ (1 − tanh² c), writes the pre-activation gradients dGates (n, 4·hidden)
     * and dcPrev = dC ⊙ f (which may be dc at the same offset).
     */
    void lstmCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] cPrev, int cPrevOff, float[] c,
                          int cOff, float[] dh, int dhOff, int lddh, float[] dhNext, int dhNextOff, float[] dc,
                          int dcOff, float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff);

    /**
     * GRU step, gates (r, z, n): r = σ(xg_r + bih_r + hg_r + bhh_r), z likewise, hn = hg_n + bhh_n,
     * nn = tanh(xg_n + bih_n + r ⊙ hn), h = (1 − z) ⊙ nn + z ⊙ hPrev. Writes the activations (r, z, nn) to
     * gates (which may be xg at the same offset), hn (n, hidden; backward needs it) and h (stride ldh).
     */
    void gruCellForward(int n, int hidden, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih, int bihOff,
                        float[] bhh, int bhhOff, float[] hPrev, int hPrevOff, int ldhPrev, float[] gates,
                        int gatesOff, float[] hn, int hnOff, float[] h, int hOff, int ldh);

    /**
     * GRU step backward: with dH = dh + dhNext, writes the gradients of the input-side pre-activations
     * dxg = (dr, dz, dn), of the hidden-side ones dhg = (dr, dz, dn ⊙ r) (they differ in the n block,
     * where r multiplies the hidden projection), and the direct part of hPrev's gradient dhPrev = dH ⊙ z
     * (the caller adds dhg · W_hh); dhPrev may be dhNext at the same offset.
     */
    void gruCellBackward(int n, int hidden, float[] gates, int gatesOff, float[] hn, int hnOff, float[] hPrev,
                         int hPrevOff, int ldhPrev, float[] dh, int dhOff, int lddh, float[] dhNext, int dhNextOff,
                         float[] dxg, int dxgOff, float[] dhg, int dhgOff, float[] dhPrev, int dhPrevOff);

    /** Elman step: h = act(xg + hg + bih + bhh), act tanh or (relu) max(0, ·); h has row stride ldh. */
    void rnnCellForward(int n, int hidden, boolean relu, float[] xg, int xgOff, float[] hg, int hgOff, float[] bih,
                        int bihOff, float[] bhh, int bhhOff, float[] h, int hOff, int ldh);

    /**
     * Elman step backward from the output h (stride ldh): dg = (dh + dhNext) ⊙ act'(h), with
     * tanh' = 1 − h² and relu' = [h > 0].
     */
    void rnnCellBackward(int n, int hidden, boolean relu, float[] h, int hOff, int ldh, float[] dh, int dhOff,
                         int lddh, float[] dhNext, int dhNextOff, float[] dg, int dgOff);
}
