package vecnet.simd;

/**
 * Argument checks of the fused optimizer updates in {@link Simd}: buffer extents and overlaps, and
 * hyper-parameter ranges, each message naming the argument and its value. Messages are built only on
 * failure, so a valid call allocates nothing.
 */
final class OptimizerArgs {
    private OptimizerArgs() {
    }

    /** {@link Simd#adamUpdate}. */
    static void checkAdamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
                                float decay, float l2) {
        checkBuffers(n, p, pOff, g, gOff, "m", m, mOff, "v", v, vOff, null, null, 0);
        checkAdam(beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    /** {@link Simd#amsgradUpdate}. */
    static void checkAmsgradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                   int vOff, float[] vMax, int vMaxOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize,
                                   float bc2Sqrt, float eps, float decay, float l2) {
        checkBuffers(n, p, pOff, g, gOff, "m", m, mOff, "v", v, vOff, "vMax", vMax, vMaxOff);
        checkAdam(beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    /** {@link Simd#radamUpdate}. */
    static void checkRadamUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                 int vOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float eps, float decay,
                                 float l2) {
        checkBuffers(n, p, pOff, g, gOff, "m", m, mOff, "v", v, vOff, null, null, 0);
        checkBetas(beta1, beta2, oneMinusBeta1, oneMinusBeta2);
        checkFinite("stepSize", stepSize);
        checkNonNegative("eps", eps);
        checkFinite("decay", decay);
        checkFinite("l2", l2);
    }

    /** {@link Simd#adaBeliefUpdate}. */
    static void checkAdaBeliefUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] s,
                                     int sOff, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
                                     float decay) {
        checkBuffers(n, p, pOff, g, gOff, "m", m, mOff, "s", s, sOff, null, null, 0);
        checkBetas(beta1, beta2, oneMinusBeta1, oneMinusBeta2);
        checkFinite("stepSize", stepSize);
        checkBc2Sqrt(bc2Sqrt);
        checkNonNegative("eps", eps);
        checkFinite("decay", decay);
    }

    /** {@link Simd#sgdUpdate}: without a buffer, no momentum and no Nesterov. */
    static void checkSgdUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff, float lr,
                               float weightDecay, float momentum, float dampening, boolean nesterov) {
        checkBuffers(n, p, pOff, g, gOff, buf == null ? null : "buf", buf, bufOff, null, null, 0,
                null, null, 0);
        checkFinite("lr", lr);
        checkFinite("weightDecay", weightDecay);
        checkNonNegative("momentum", momentum);
        checkFinite("dampening", dampening);
        checkMomentumBuffer(buf, momentum);
        if (buf == null && nesterov) {
            throw new IllegalArgumentException("nesterov needs a momentum buffer, but buf is null");
        }
    }

    /** {@link Simd#adagradUpdate}. */
    static void checkAdagradUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] sum, int sumOff,
                                   float clr, float weightDecay, float eps) {
        checkBuffers(n, p, pOff, g, gOff, "sum", sum, sumOff, null, null, 0, null, null, 0);
        checkFinite("clr", clr);
        checkFinite("weightDecay", weightDecay);
        checkNonNegative("eps", eps);
    }

    /** {@link Simd#rmspropUpdate}: gradAvg (centered) and buf (momentum) are optional. */
    static void checkRmspropUpdate(int n, float[] p, int pOff, float[] g, int gOff, float[] squareAvg, int sqOff,
                                   float[] gradAvg, int gaOff, float[] buf, int bufOff, float lr, float alpha,
                                   float eps, float weightDecay, float momentum) {
        checkBuffers(n, p, pOff, g, gOff, "squareAvg", squareAvg, sqOff,
                gradAvg == null ? null : "gradAvg", gradAvg, gaOff, buf == null ? null : "buf", buf, bufOff);
        checkFinite("lr", lr);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
        }
        checkNonNegative("eps", eps);
        checkFinite("weightDecay", weightDecay);
        checkNonNegative("momentum", momentum);
        checkMomentumBuffer(buf, momentum);
    }

    /**
     * The buffers of one in-place update: p, g and up to three state buffers, each n elements from its
     * offset, no two sharing an element (the kernels read and write them in one pass). A state slot with
     * a null name is unused; a named slot with a null array is rejected.
     */
    private static void checkBuffers(int n, float[] p, int pOff, float[] g, int gOff, String n2, float[] a2, int o2,
                             String n3, float[] a3, int o3, String n4, float[] a4, int o4) {
        Args.checkNonNegative("n", n);
        Args.checkArray("p", p, pOff, n);
        Args.checkArray("g", g, gOff, n);
        checkSlot(n2, a2, o2, n);
        checkSlot(n3, a3, o3, n);
        checkSlot(n4, a4, o4, n);
        Args.checkDisjoint("p", p, pOff, n, "g", g, gOff, n);
        checkApart("p", p, pOff, n2, a2, o2, n);
        checkApart("p", p, pOff, n3, a3, o3, n);
        checkApart("p", p, pOff, n4, a4, o4, n);
        checkApart(n2, a2, o2, n3, a3, o3, n);
        checkApart(n2, a2, o2, n4, a4, o4, n);
        checkApart(n3, a3, o3, n4, a4, o4, n);
        checkApart(n2, a2, o2, "g", g, gOff, n);
        checkApart(n3, a3, o3, "g", g, gOff, n);
        checkApart(n4, a4, o4, "g", g, gOff, n);
    }

    private static void checkSlot(String name, float[] a, int off, int n) {
        if (name != null) {
            Args.checkArray(name, a, off, n);
        }
    }

    private static void checkApart(String an, float[] a, int aOff, String bn, float[] b, int bOff, int n) {
        if (an != null && bn != null) {
            Args.checkDisjoint(an, a, aOff, n, bn, b, bOff, n);
        }
    }

    /** Adam's and AMSGrad's scalars; eps may be 0, as in PyTorch and nn's Adam (0/0 is then the user's NaN). */
    private static void checkAdam(float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float decay,
                          float l2) {
        checkBetas(beta1, beta2, oneMinusBeta1, oneMinusBeta2);
        checkFinite("stepSize", stepSize);
        checkBc2Sqrt(bc2Sqrt);
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("eps must be >= 0, was " + eps);
        }
        checkFinite("eps", eps);
        checkFinite("decay", decay);
        checkFinite("l2", l2);
    }

    /**
     * Largest allowed difference between {@code oneMinusBeta} and {@code 1 - beta} in float, in units of
     * {@code ulp(1)}: the caller rounds {@code 1 - beta} once from the double beta (as PyTorch does), which differs
     * from the float difference by at most the rounding of beta itself.
     */
    static final float ONE_MINUS_BETA_ULPS = 2;

    static void checkBetas(float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), was " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), was " + beta2);
        }
        checkOneMinus("oneMinusBeta1", oneMinusBeta1, beta1);
        checkOneMinus("oneMinusBeta2", oneMinusBeta2, beta2);
    }

    private static void checkOneMinus(String name, float oneMinus, float beta) {
        if (!(Math.abs(oneMinus - (1 - beta)) <= ONE_MINUS_BETA_ULPS * Math.ulp(1f))) {
            throw new IllegalArgumentException(name + " must be 1 - beta (" + (1 - beta) + ", rounded once from the "
                    + "double beta), was " + oneMinus);
        }
    }

    static void checkBc2Sqrt(float bc2Sqrt) {
        if (!(bc2Sqrt > 0 && bc2Sqrt <= 1)) {
            throw new IllegalArgumentException("bc2Sqrt must be in (0, 1], was " + bc2Sqrt);
        }
    }

    static void checkFinite(String name, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, was " + value);
        }
    }

    /** A finite value >= 0 (momentum, eps where 0 is allowed). */
    static void checkNonNegative(String name, float value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        checkFinite(name, value);
    }

    /** Without a momentum buffer the update has no momentum term: momentum must then be 0. */
    static void checkMomentumBuffer(float[] buf, float momentum) {
        if (buf == null && momentum != 0) {
            throw new IllegalArgumentException("momentum must be 0 when buf is null (no momentum buffer), was "
                    + momentum);
        }
    }
}
