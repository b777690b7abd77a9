package vecnet.simd;

/**
 * The range of kernel taps of one output that fall on real input along one axis: shared by the
 * facade's checks and the vector pooling kernels, and free of Vector API types so the facade can use
 * it without the module.
 */
final class WindowTaps {
    private WindowTaps() {
    }

    /** First valid kernel tap along one axis for an output at {@code start} (= o * stride - pad). */
    static int firstTap(int start, int dilation, int kernel) {
        int t = 0;
        while (t < kernel && start + t * dilation < 0) {
            t++;
        }
        return t;
    }

    /** One past the last valid kernel tap along one axis for an input of size {@code size}. */
    static int endTap(int start, int dilation, int kernel, int size) {
        int t = kernel;
        while (t > 0 && start + (t - 1) * dilation >= size) {
            t--;
        }
        return t;
    }
}
