package vecnet.simd;

/**
 * 2-D convolution composed from kernels: explicit im2col followed by one GEMM. Layouts: x is NHWC
 * (n, h, w, cin); the weights are (kernelH, kernelW, cin, cout), i.e. a K x cout matrix with
 * K = kernelH * kernelW * cin, so {@code y = col · W} is already NHWC (n, outH, outW, cout). A
 * pointwise convolution (1x1, stride 1, no padding) skips im2col: x itself is the column matrix.
 *
 * <pre>
 * forward   y  = col · W (+ bias, preloaded into y so the GEMM adds it with beta = 1)
 * backward  dW = colᵀ · dY      dX = col2im(dY · Wᵀ)      db = Σ_rows dY
 * </pre>
 * The implementation is a parameter so tests can run the same composition on both kernel sets.
 * Arguments are checked by {@link Simd}.
 */
final class Conv2d {
    private Conv2d() {
    }

    /** 1x1 kernel, stride 1, no padding: the input already is the column matrix. */
    static boolean isPointwise(Window2d win) {
        return win.kernelH() == 1 && win.kernelW() == 1 && win.strideH() == 1 && win.strideW() == 1
                && win.padH() == 0 && win.padW() == 0;
    }

    /** Floats of scratch the explicit path needs: the column matrix, outH*outW*n rows x K. */
    static long workSize(int n, int h, int w, int cin, Window2d win) {
        if (isPointwise(win)) {
            return 0;
        }
        return (long) n * win.outH(h) * win.outW(w) * win.kernelH() * win.kernelW() * cin;
    }

    static void forward(KernelSupport k, int n, int h, int w, int cin, int cout, Window2d win,
                        float[] x, int xOff, float[] weight, int wOff, float[] bias, int bOff,
                        float[] y, int yOff, float[] work, int workOff) {
        int rows = n * win.outH(h) * win.outW(w);
        int kk = win.kernelH() * win.kernelW() * cin;
        float beta = 0f;
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias, bOff, y, yOff + r * cout, cout);
            }
            beta = 1f;
        }
        float[] a = x;
        int aOff = xOff;
        if (!isPointwise(win)) {
            k.im2col(n, h, w, cin, win, x, xOff, work, workOff);
            a = work;
            aOff = workOff;
        }
        k.sgemm(false, false, rows, cout, kk, 1f, a, aOff, kk, weight, wOff, cout, beta, y, yOff, cout);
    }

    static void backwardInput(KernelSupport k, int n, int h, int w, int cin, int cout, Window2d win,
                              float[] dy, int dyOff, float[] weight, int wOff, float[] dx, int dxOff,
                              float[] work, int workOff) {
        int rows = n * win.outH(h) * win.outW(w);
        int kk = win.kernelH() * win.kernelW() * cin;
        if (isPointwise(win)) {
            k.sgemm(false, true, rows, cin, cout, 1f, dy, dyOff, cout, weight, wOff, cout, 0f, dx, dxOff, cin);
            return;
        }
        k.sgemm(false, true, rows, kk, cout, 1f, dy, dyOff, cout, weight, wOff, cout, 0f, work, workOff, kk);
        k.col2im(n, h, w, cin, win, work, workOff, dx, dxOff);
    }

    static void backwardWeight(KernelSupport k, int n, int h, int w, int cin, int cout, Window2d win,
                               float[] x, int xOff, float[] dy, int dyOff, float[] dWeight, int dwOff,
                               float[] work, int workOff) {
        int rows = n * win.outH(h) * win.outW(w);
        int kk = win.kernelH() * win.kernelW() * cin;
        float[] a = x;
        int aOff = xOff;
        if (!isPointwise(win)) {
            k.im2col(n, h, w, cin, win, x, xOff, work, workOff);
            a = work;
            aOff = workOff;
        }
        k.sgemm(true, false, kk, cout, rows, 1f, a, aOff, kk, dy, dyOff, cout, 0f, dWeight, dwOff, cout);
    }
}
