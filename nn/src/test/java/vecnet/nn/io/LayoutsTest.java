package vecnet.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.Conv2d;
import vecnet.nn.Flatten;
import vecnet.nn.Linear;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.autograd.Var;

class LayoutsTest {
    /** Float sums in another order than the double reference. */
    private static final double TOLERANCE = 1e-5;
    /** A wrong layout is off by far more than rounding. */
    private static final double CLEARLY_DIFFERENT = 1e-2;

    private static Tensor random(SplittableRandom r, int... dims) {
        Tensor t = Tensor.zeros(dims);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) r.nextGaussian();
        }
        return t;
    }

    private static double maxDifference(double[] expected, Tensor actual) {
        assertEquals(expected.length, actual.size());
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual.data()[actual.offset() + i]));
        }
        return worst;
    }

    @Test
    void aConvertedWeightOnNhwcFeaturesEqualsPyTorchsOnNchwFeatures() {
        int n = 2;
        int c = 5;
        int h = 3;
        int w = 4;
        int out = 6;
        SplittableRandom r = new SplittableRandom(21);
        Tensor nhwc = random(r, n, h, w, c);
        Tensor pytorchWeight = random(r, out, c * h * w); // columns in (c, h, w) order
        double[] reference = new double[n * out];
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < out; o++) {
                double sum = 0;
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            // PyTorch: flatten of NCHW, feature index (ch·h + y)·w + x
                            sum += (double) pytorchWeight.get(o, (ch * h + y) * w + x) * nhwc.get(s, y, x, ch);
                        }
                    }
                }
                reference[s * out + o] = sum;
            }
        }
        Linear linear = new Linear(c * h * w, out, false, r);
        Sequential model = new Sequential(new Flatten(), linear);

        linear.loadStateDict(Map.of("weight", Layouts.linearInputFromNchw(pytorchWeight, c, h, w)), true);
        double converted = maxDifference(reference, model.forward(Var.constant(nhwc)).value());
        assertTrue(converted < TOLERANCE, "converted weight is off by " + converted);

        linear.loadStateDict(Map.of("weight", pytorchWeight), true);
        double unconverted = maxDifference(reference, model.forward(Var.constant(nhwc)).value());
        assertTrue(unconverted > CLEARLY_DIFFERENT, "the unconverted weight must not fit: " + unconverted);
    }

    @Test
    void theLinearConvertersAreInversesAndReadViews() {
        SplittableRandom r = new SplittableRandom(22);
        Tensor weight = random(r, 3, 2 * 3 * 4);
        Tensor there = Layouts.linearInputFromNchw(weight, 2, 3, 4);
        assertEquals(weight.shape(), there.shape());
        assertArrayEquals(weight.toArray(), Layouts.linearInputToNchw(there, 2, 3, 4).toArray());
        // one column by hand: NCHW feature (c=1, y=2, x=3) is NHWC feature (y=2, x=3, c=1)
        assertEquals(weight.get(2, (1 * 3 + 2) * 4 + 3), there.get(2, (2 * 4 + 3) * 2 + 1));

        float[] backing = new float[2 + weight.size()];
        System.arraycopy(weight.data(), 0, backing, 2, weight.size());
        Tensor view = Tensor.wrap(backing, 2, weight.shape());
        assertArrayEquals(there.toArray(), Layouts.linearInputFromNchw(view, 2, 3, 4).toArray());
        assertArrayEquals(weight.toArray(), Layouts.linearInputToNchw(Tensor.wrap(
                concatenated(new float[] {7f}, there.toArray()), 1, there.shape()), 2, 3, 4).toArray());
    }

    private static float[] concatenated(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theLinearConvertersRefuseBadShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layouts.linearInputFromNchw(Tensor.zeros(3, 10), 2, 3, 4));
        assertTrue(e.getMessage().contains("shape (out, c·h·w = 24) for c=2, h=3, w=4, shape was (3, 10)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layouts.linearInputToNchw(Tensor.zeros(24), 2, 3, 4));
        e = assertThrows(IllegalArgumentException.class, () -> Layouts.linearInputToNchw(Tensor.zeros(1, 0), 0, 3, 4));
        assertTrue(e.getMessage().contains("c, h and w must be >= 1, were 0, 3, 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layouts.linearInputFromNchw(null, 1, 1, 1));
    }

    @Test
    void pyTorchConvWeightsComputePyTorchsConvolution() {
        SplittableRandom r = new SplittableRandom(23);
        Sequential ours = new Sequential(new Conv2d(2, 3, 3, 3, 1, 1, true, r), new ReLU(), new Flatten(),
                new Linear(3 * 4 * 4, 2, true, r));
        Map<String, Tensor> pt = Layouts.toPyTorch(ours);
        Tensor oihw = pt.get("0.weight");
        assertEquals(Shape.of(3, 2, 3, 3), oihw.shape());
        assertArrayEquals(Conv2d.toOihw(ours.stateDict().get("0.weight")).toArray(), oihw.toArray());
        assertSame(ours.stateDict().get("3.weight"), pt.get("3.weight"), "Linear weights pass through");

        // PyTorch's convolution (NCHW input, OIHW weight, padding 1) computed directly
        Tensor nhwc = random(r, 1, 4, 4, 2);
        Tensor bias = pt.get("0.bias");
        double[] reference = new double[4 * 4 * 3]; // laid out NHWC to compare with our output
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                for (int o = 0; o < 3; o++) {
                    double sum = bias.get(o);
                    for (int ch = 0; ch < 2; ch++) {
                        for (int i = 0; i < 3; i++) {
                            for (int j = 0; j < 3; j++) {
                                int yy = y + i - 1;
                                int xx = x + j - 1;
                                if (yy >= 0 && yy < 4 && xx >= 0 && xx < 4) {
                                    sum += (double) oihw.get(o, ch, i, j) * nhwc.get(0, yy, xx, ch);
                                }
                            }
                        }
                    }
                    reference[(y * 4 + x) * 3 + o] = sum;
                }
            }
        }
        double off = maxDifference(reference, ours.get(0).forward(Var.constant(nhwc)).value());
        assertTrue(off < TOLERANCE, "conv differs from PyTorch's by " + off);

        Sequential fresh = new Sequential(new Conv2d(2, 3, 3, 3, 1, 1, true, r), new ReLU(), new Flatten(),
                new Linear(3 * 4 * 4, 2, true, r));
        Map<String, Tensor> back = Layouts.fromPyTorch(pt, fresh);
        assertArrayEquals(ours.stateDict().get("0.weight").toArray(), back.get("0.weight").toArray());
        fresh.loadStateDict(back, true);
        assertArrayEquals(ours.forward(Var.constant(nhwc)).value().toArray(),
                fresh.forward(Var.constant(nhwc)).value().toArray());
    }

    @Test
    void fromPyTorchRefusesAConvWeightOfTheWrongRank() {
        Sequential target = new Sequential(new Conv2d(1, 2, 3));
        Map<String, Tensor> pt = new LinkedHashMap<>();
        pt.put("0.weight", Tensor.zeros(2, 9));
        pt.put("0.bias", Tensor.zeros(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layouts.fromPyTorch(pt, target));
        assertTrue(e.getMessage().contains("pytorchStateDict['0.weight'] is a Conv2d weight and must have rank 4"),
                e.getMessage());
        Map<String, Tensor> nullKey = new java.util.HashMap<>();
        nullKey.put(null, Tensor.zeros(1));
        e = assertThrows(IllegalArgumentException.class, () -> Layouts.fromPyTorch(nullKey, target));
        assertTrue(e.getMessage().contains("keys must not be null"), e.getMessage());
        pt.put("0.bias", null);
        pt.put("0.weight", Tensor.zeros(2, 1, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Layouts.fromPyTorch(pt, target));
        assertThrows(IllegalArgumentException.class, () -> Layouts.fromPyTorch(null, target));
        assertThrows(IllegalArgumentException.class, () -> Layouts.toPyTorch(null));
    }
}
