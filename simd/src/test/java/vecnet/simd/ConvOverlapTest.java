package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * conv2d's work buffer may share an array with bias only on disjoint ranges: the kernels write scratch
 * to work before they read the bias, so an overlap used to overwrite the caller's bias.
 */
@Tag("agreement")
class ConvOverlapTest {
    static final float TOL = 1e-5f;

    @Test
    void workOverlappingBiasIsRejectedNamingBoth() {
        int n = 1;
        int h = 5;
        int w = 5;
        int cin = 2;
        int cout = 3;
        Window2d win = Window2d.of(3, 1, 1);
        SplittableRandom rnd = new SplittableRandom(51);
        float[] x = ConvTestData.random(rnd, n * h * w * cin);
        float[] weight = ConvTestData.random(rnd, 3 * 3 * cin * cout);
        float[] y = new float[n * win.outH(h) * win.outW(w) * cout];
        int work = Simd.conv2dWorkSize(n, h, w, cin, win);
        float[] bias = {0.5f, -1f, 2f};
        for (Kernels impl : Kernels.available()) {
            for (int bOff : new int[] {0, work - 1, work / 2}) { // bias inside, straddling the end, in the middle
                float[] shared = new float[work + cout];
                System.arraycopy(bias, 0, shared, bOff, cout);
                float[] before = shared.clone();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Simd.conv2d(impl.gemm(), impl.conv(), n, h, w, cin, cout, win, x, 0, weight, 0,
                                shared, bOff, y, 0, shared, 0));
                assertEquals("work must not overlap bias: [0, " + work + ") and [" + bOff + ", " + (bOff + cout)
                        + ") of the same array", e.getMessage(), impl.name());
                assertArrayEquals(before, shared, 0f, "the bias was changed");
            }
            // disjoint ranges of one array are fine, and the bias survives the call
            float[] shared = new float[cout + work];
            System.arraycopy(bias, 0, shared, 0, cout);
            Simd.conv2d(impl.gemm(), impl.conv(), n, h, w, cin, cout, win, x, 0, weight, 0, shared, 0, y, 0, shared,
                    cout);
            assertArrayEquals(bias, Arrays.copyOf(shared, cout), 0f, impl.name());
            float[] separate = new float[y.length];
            Simd.conv2d(impl.gemm(), impl.conv(), n, h, w, cin, cout, win, x, 0, weight, 0, bias, 0, separate, 0,
                    new float[work], 0);
            assertArrayEquals(separate, y, TOL, impl.name());
        }
        float[] shared = new float[work + cout];
        assertThrows(IllegalArgumentException.class, () -> Simd.conv2d(n, h, w, cin, cout, win, x, 0, weight, 0,
                shared, 1, y, 0, shared, 0)); // the public entry point checks it too
    }
}
