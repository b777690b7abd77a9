package vecnet.simd;

/**
 * Argument checks of the fused optimizer updates in {@link Simd}: buffer extents and overlaps, and
 * hyper-parameter ranges, each message naming the argument and its value. Messages are built only on
 * failure, so a valid call allocates nothing.
 */
final class OptimizerArgs {
    private OptimizerArgs() {
    }

    /**
     * The buffers of one in-place update: p, g and up to three state buffers, each n elements from its
     * offset, no two sharing an element (the kernels read and write them in one pass). A state slot with
     * a null name is unused; a named slot with a null array is rejected.
     */
    static void checkBuffers(int n, float[] p, int pOff, float[] g, int gOff, String n2, float[] a2, int o2,
                             String n3, float[] a3, int o3, String n4, float[] a4, int o4) {
        Simd.checkNonNegative("n", n);
        Simd.checkArray("p", p, pOff, n);
        Simd.checkArray("g", g, gOff, n);
        checkSlot(n2, a2, o2, n);
        checkSlot(n3, a3, o3, n);
        checkSlot(n4, a4, o4, n);
        Simd.checkDisjoint("p", p, pOff, n, "g", g, gOff, n);
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
            Simd.checkArray(name, a, off, n);
        }
    }

    private static void checkApart(String an, float[] a, int aOff, String bn, float[] b, int bOff, int n) {
        if (an != null && bn != null) {
            Simd.checkDisjoint(an, a, aOff, n, bn, b, bOff, n);
        }
    }

    /** Adam's and AMSGrad's scalars; eps may be 0, as in PyTorch and nn's Adam (0/0 is then the user's NaN). */
    static void checkAdam(float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay,
                          float l2) {
        checkBetas(beta1, beta2);
        checkFinite("stepSize", stepSize);
        checkBc2Sqrt(bc2Sqrt);
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("eps must be >= 0, was " + eps);
        }
        checkFinite("eps", eps);
        checkFinite("decay", decay);
        checkFinite("l2", l2);
    }

    static void checkBetas(float beta1, float beta2) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), was " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), was " + beta2);
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
