package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;

/** Layer constructors reject values that would give garbage, when the layer is built, naming the argument. */
class LayerArgumentTest {
    private static void rejects(String expected, Executable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void batchNormEpsMustBeAPositiveFiniteFloat() {
        double[] bad = {Double.POSITIVE_INFINITY, Double.NaN, 0, -1e-5, 1e-50 /* 0 as a float */, 1e39 /* inf */};
        for (double eps : bad) {
            rejects("eps must be > 0 and finite (as a float), was " + eps, () -> new BatchNorm1d(3, eps, 0.1));
            rejects("eps must be > 0 and finite (as a float), was " + eps, () -> new BatchNorm2d(3, eps, 0.1));
        }
        rejects("momentum must be in [0, 1], was NaN", () -> new BatchNorm1d(3, 1e-5, Double.NaN));
        rejects("channels must be >= 1, was 0", () -> new BatchNorm2d(0)); // its own parameter name
        new BatchNorm1d(3, 1e-30, 1); // small but a positive float: fine
    }

    @Test
    void maxoutRowsMustNotOverflow() {
        // 65537² wraps to 131073 in int: the layer used to be built with that many rows
        rejects("out * pieces = 65537 * 65537 exceeds Integer.MAX_VALUE", () -> new Maxout(2, 65537, 65537));
        rejects("out * pieces = 65536 * 65536 exceeds Integer.MAX_VALUE", () -> new Maxout(2, 65536, 65536));
        rejects("weight size in * out * pieces = 1024 * 1024 * 4096 exceeds Integer.MAX_VALUE",
                () -> new Maxout(1024, 1024, 4096));
        rejects("pieces must be >= 1, was 0", () -> new Maxout(2, 3, 0));
        rejects("out must be >= 1, was -1", () -> new Maxout(2, -1, 3));
    }

    @Test
    void weightSizesMustFitAnInt() {
        rejects("weight size in * out = 65536 * 65536 exceeds Integer.MAX_VALUE", () -> new Linear(65536, 65536));
        rejects("weight size out * kh * kw * in = 4096 * 32 * 32 * 4096 exceeds Integer.MAX_VALUE",
                () -> new Conv2d(4096, 4096, 32));
        rejects("rng must not be null", () -> new Linear(2, 2, true, null));
        rejects("rng must not be null", () -> new Conv2d(1, 1, 1, 1, 1, 0, false, null));
    }

    @Test
    void poolingKernelAndStrideMustBePositive() {
        rejects("kernel must be >= 1, was 0", () -> new MaxPool2d(0));
        rejects("kernel must be >= 1, was -2", () -> new AvgPool2d(-2));
        rejects("stride must be >= 1, was 0", () -> new MaxPool2d(2, 0));
        rejects("stride must be >= 1, was -1", () -> new AvgPool2d(2, -1));
        assertEquals(Shape.of(1, 1, 1, 1),
                new MaxPool2d(2, 3).forward(Var.constant(Tensor.zeros(1, 3, 3, 1))).shape()); // valid: built
    }

    @Test
    void activationParametersMustBeFinite() {
        rejects("alpha must be finite, was NaN", () -> new ELU(Double.NaN));
        rejects("alpha must be finite, was Infinity", () -> new ELU(Double.POSITIVE_INFINITY));
        rejects("alpha must be finite, was -Infinity", () -> new ELU(Double.NEGATIVE_INFINITY));
        rejects("alpha must be finite, was NaN", () -> Ops.elu(Var.constant(Tensor.zeros(2)), Double.NaN));
        rejects("slope must be in [0, 1), was NaN", () -> new LeakyReLU(Double.NaN));
        rejects("slope must be in [0, 1), was Infinity", () -> new LeakyReLU(Double.POSITIVE_INFINITY));
    }

    @Test
    void dropoutProbabilityMustBeInZeroOne() {
        double[] bad = {1, 1.5, -0.1, Double.NaN, Double.POSITIVE_INFINITY};
        for (double p : bad) {
            rejects("p must be in [0, 1), was " + p, () -> new Dropout(p, 1));
        }
        // the largest valid p keeps the survivors finite
        Dropout d = new Dropout(Math.nextDown(1.0), 2);
        Tensor ones = Tensor.zeros(64);
        ones.fill(1f);
        for (float v : d.forward(Var.constant(ones)).value().toArray()) {
            assertTrue(Float.isFinite(v), "dropout output " + v);
        }
    }

    @Test
    void penaltyLambdaMustBeFinite() {
        Var w = Var.parameter(Tensor.zeros(2));
        rejects("lambda must be >= 0 and finite, was Infinity",
                () -> Penalty.l2(Double.POSITIVE_INFINITY, java.util.List.of(w)));
        assertEquals(0f, Penalty.l1(0.5, java.util.List.of(w)).item());
    }

    @Test
    void validConstructorsStillWork() {
        SplittableRandom r = new SplittableRandom(3);
        Maxout m = new Maxout(4, 3, 2, r);
        assertEquals(Shape.of(6, 4), m.linear().weight().shape());
        assertEquals(Shape.of(5, 3), m.forward(Var.constant(Tensor.zeros(5, 4))).shape());
        assertEquals(Shape.of(2, 3, 3, 2), new Conv2d(4, 2, 3, 3, 1, 1, true, r).forward(
                Var.constant(Tensor.zeros(2, 3, 3, 4))).shape());
    }
}
