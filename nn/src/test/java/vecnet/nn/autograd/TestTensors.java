package vecnet.nn.autograd;

import java.util.SplittableRandom;

import vecnet.core.Tensor;

/** Seeded random tensors for tests. */
public final class TestTensors {
    private TestTensors() {
    }

    /** Uniform in [lo, hi). */
    public static Tensor uniform(long seed, double lo, double hi, int... dims) {
        Tensor t = Tensor.zeros(dims);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) r.nextDouble(lo, hi);
        }
        return t;
    }

    /** Uniform in ±[lo, hi): keeps values away from kinks at 0. */
    public static Tensor awayFromZero(long seed, double lo, double hi, int... dims) {
        Tensor t = Tensor.zeros(dims);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.size(); i++) {
            double v = r.nextDouble(lo, hi);
            t.data()[i] = (float) (r.nextBoolean() ? v : -v);
        }
        return t;
    }
}
