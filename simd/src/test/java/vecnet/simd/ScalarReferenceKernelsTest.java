package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static vecnet.simd.ActivationTest.assertMessage;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The public scalar entry points run the scalar kernels behind the facade's argument checks. */
class ScalarReferenceKernelsTest {
    @Test
    void delegatesToTheScalarKernels() {
        SplittableRandom rnd = new SplittableRandom(2);
        float[] x = ConvTestData.random(rnd, 2 * 6 * 6 * 3);
        float[] a = new float[x.length];
        float[] b = new float[x.length];
        ScalarReference.activate(Activation.GELU, 0f, x, 0, a, 0, x.length);
        Kernels.scalar().activations().activate(Activation.GELU, 0f, x, 0, b, 0, x.length);
        assertArrayEquals(b, a);
        ScalarReference.softmaxRows(12, 18, x, 0, a, 0);
        Kernels.scalar().activations().softmaxRows(12, 18, x, 0, b, 0);
        assertArrayEquals(b, a);
        int[] ia = new int[x.length];
        int[] ib = new int[x.length];
        Window2d win = Window2d.of(2, 2, 0);
        ScalarReference.maxPool2d(2, 6, 6, 3, win, x, 0, a, 0, ia, 0);
        Kernels.scalar().pooling().maxPool2d(2, 6, 6, 3, win, x, 0, b, 0, ib, 0);
        assertArrayEquals(b, a);
        assertArrayEquals(ib, ia);

        ConvCase c = new ConvCase(2, 6, 5, 3, 4, Window2d.of(3, 2, 1), true, 9);
        float[] y = new float[c.outSize()];
        float[] work = new float[Simd.conv2dWorkSize(c.n, c.h, c.w, c.cin, c.win)];
        ScalarReference.conv2d(c.n, c.h, c.w, c.cin, c.cout, c.win, c.x, 0, c.weight, 0, c.bias, 0, y, 0, work, 0);
        float[] expected = new float[c.outSize()];
        Im2colConvolution.forward(Kernels.scalar().gemm(), Kernels.scalar().conv(), c.n, c.h, c.w, c.cin, c.cout, c.win,
                c.x, 0, c.weight, 0, c.bias, 0, expected, 0, new float[work.length], 0);
        assertArrayEquals(expected, y);
        assertMessage("n must be >= 0, was -1", () -> ScalarReference.activate(Activation.RELU, 0f, x, 0, a, 0, -1));
    }
}
