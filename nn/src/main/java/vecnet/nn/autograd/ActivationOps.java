package vecnet.nn.autograd;

/**
 * Elementwise forward and backward loops for {@link Unary}. Plain Java for now: to be switched to the
 * simd module's activation kernels when issue 3 lands (this class is the only place to change).
 */
final class ActivationOps {
    private ActivationOps() {
    }

    /** y[i] = f(x[i]). */
    static void forward(Unary op, double p, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) op.f(x[xOff + i], p);
        }
    }

    /** dx[i] += dy[i] · f'(x[i]) (y is the forward output). */
    static void backward(Unary op, double p, float[] x, int xOff, float[] y, int yOff,
                         float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] += (float) (dy[dyOff + i] * op.df(x[xOff + i], y[yOff + i], p));
        }
    }
}
