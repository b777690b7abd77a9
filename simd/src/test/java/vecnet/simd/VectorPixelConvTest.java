package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link VectorPixelConv} against a known answer, the narrow kernel it replaces (bit for bit) and the reference. */
class VectorPixelConvTest {
    /** Floats before and after the output that no call may write. */
    private static final int GUARD = 40;

    /** Row blocks of 14 pixel pairs with and without a tail, a tail only, 1 to 8 channels, 3 and 5 kernel rows. */
    static ConvCase[] cases() {
        return new ConvCase[] {
            new ConvCase(3, 28, 28, 1, 6, Window2d.of(5, 1, 2), true, 41), // LeNet-5's first layer
            new ConvCase(2, 9, 30, 1, 5, new Window2d(3, 5, 1, 1, 1, 2, 1, 1), false, 42), // 14 pairs + 1
            new ConvCase(1, 5, 58, 1, 8, Window2d.of(5, 1, 0), true, 43), // 54 wide: 14 pairs + 13
            new ConvCase(2, 12, 12, 1, 1, Window2d.of(5, 1, 2), true, 44), // 6 pairs: the tail only
            new ConvCase(5, 28, 28, 1, 7, Window2d.of(5, 1, 0), false, 45),
        };
    }

    private static boolean vectorWidthFits() {
        return KernelProvider.vectorModulePresent() && VectorPixelConv.L == 2 * VectorPixelConv.CHANNELS;
    }

    private static float[] run(ConvCase c, boolean pixel) {
        float[] y = new float[GUARD + c.outSize() + GUARD];
        Arrays.fill(y, Float.NaN);
        if (pixel) {
            VectorPixelConv.conv(c.n, c.h, c.w, c.cout, c.win, c.x, 0, c.weight, 0, c.bias, 0, y, GUARD);
        } else {
            VectorNarrowConv.conv(c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, c.weight, 0, c.bias, 0, y, GUARD);
        }
        for (int i = 0; i < GUARD; i++) {
            assertTrue(Float.isNaN(y[i]) && Float.isNaN(y[y.length - 1 - i]), "wrote outside the output " + c);
        }
        return Arrays.copyOfRange(y, GUARD, GUARD + c.outSize());
    }

    /** All-ones input: each output is (c + 1) times the taps inside the image, plus c / 2; exact in float. */
    @Test
    void knownAnswer() {
        assumeTrue(vectorWidthFits(), "needs 512-bit vectors");
        int n = 2, h = 6, w = 32, cout = 6;
        Window2d win = Window2d.of(5, 1, 2);
        assertTrue(VectorPixelConv.accepts(w, 1, cout, win));
        float[] x = new float[n * h * w];
        Arrays.fill(x, 1f);
        float[] weight = new float[25 * cout];
        for (int t = 0; t < 25; t++) {
            for (int c = 0; c < cout; c++) {
                weight[t * cout + c] = c + 1;
            }
        }
        float[] bias = {0f, 0.5f, 1f, 1.5f, 2f, 2.5f};
        float[] y = new float[n * h * w * cout];
        Arrays.fill(y, Float.NaN);
        VectorPixelConv.conv(n, h, w, cout, win, x, 0, weight, 0, bias, 0, y, 0);
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < h; p++) {
                for (int q = 0; q < w; q++) {
                    int rows = Math.min(h - 1, p + 2) - Math.max(0, p - 2) + 1;
                    int cols = Math.min(w - 1, q + 2) - Math.max(0, q - 2) + 1;
                    for (int c = 0; c < cout; c++) {
                        float expected = (c + 1) * rows * cols + 0.5f * c;
                        assertEquals(expected, y[((b * h + p) * w + q) * cout + c], 0f,
                                "b=" + b + " p=" + p + " q=" + q + " c=" + c);
                    }
                }
            }
        }
    }

    @Test
    void sameBitsAsTheNarrowKernel() {
        assumeTrue(vectorWidthFits(), "needs 512-bit vectors");
        for (ConvCase c : cases()) {
            assertTrue(VectorPixelConv.accepts(c.w, c.cin, c.cout, c.win), c.toString());
            assertArrayEquals(run(c, false), run(c, true), c.toString());
        }
    }

    @Test
    void agreesWithTheReference() {
        assumeTrue(vectorWidthFits(), "needs 512-bit vectors");
        for (ConvCase c : cases()) {
            c.assertMatchesDirect(run(c, true), "pixel-pair kernel");
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        assumeTrue(vectorWidthFits(), "needs 512-bit vectors");
        int previous = vecnet.core.Parallel.parallelism();
        try {
            for (ConvCase c : cases()) {
                vecnet.core.Parallel.setParallelism(1);
                float[] one = run(c, true);
                vecnet.core.Parallel.setParallelism(2);
                assertArrayEquals(one, run(c, true), c.toString());
            }
        } finally {
            vecnet.core.Parallel.setParallelism(previous);
        }
    }

    @Test
    void takesOnlyItsLayers() {
        assumeTrue(KernelProvider.vectorModulePresent(), "needs the vector module");
        Window2d five = Window2d.of(5, 1, 2);
        assertEquals(vectorWidthFits(), VectorPixelConv.accepts(28, 1, 6, five));
        assertFalse(VectorPixelConv.accepts(27, 1, 6, five), "odd output width");
        assertFalse(VectorPixelConv.accepts(28, 2, 6, five), "two input channels");
        assertFalse(VectorPixelConv.accepts(28, 1, 9, five), "nine output channels");
        assertFalse(VectorPixelConv.accepts(28, 1, 6, Window2d.of(3, 1, 1)), "a 3-wide kernel");
        assertFalse(VectorPixelConv.accepts(28, 1, 6, Window2d.of(5, 2, 2)), "stride 2");
        assertFalse(VectorPixelConv.accepts(28, 1, 6, new Window2d(5, 5, 1, 1, 2, 2, 1, 2)), "dilation 2");
    }
}
