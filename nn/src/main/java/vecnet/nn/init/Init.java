package vecnet.nn.init;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import vecnet.core.Tensor;

/**
 * Weight initializers, in place and seeded (PyTorch's {@code torch.nn.init}). Fans follow PyTorch for
 * a weight (out, ..., in): fanIn = in × receptive field, fanOut = out × receptive field, where the
 * receptive field is the product of the middle dimensions (kh·kw for an NHWC conv weight (out, kh, kw,
 * in)). Layers built without an explicit generator draw from {@link #defaultGenerator()}, which
 * {@link #manualSeed(long)} resets, as {@code torch.manual_seed}.
 *
 * <p>Thread safety: thread-safe: the default generator is guarded by a lock; an initializer writes only its tensor
 * and draws from the caller's generator, which must not be used by another thread meanwhile unless it is
 * thread-safe ({@code SplittableRandom} is not).
 */
public final class Init {
    private static final Object LOCK = new Object();
    private static SplittableRandom global = new SplittableRandom(0x5eed);

    private Init() {
    }

    /** Reseeds the generator that layers use by default. */
    public static void manualSeed(long seed) {
        synchronized (LOCK) {
            global = new SplittableRandom(seed);
        }
    }

    /** A new generator split off the default one (so concurrent layer construction is safe). */
    public static RandomGenerator defaultGenerator() {
        synchronized (LOCK) {
            return global.split();
        }
    }

    public static Tensor constant(Tensor t, double value) {
        requireTensor(t);
        t.fill((float) value);
        return t;
    }

    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /** U(a, b). */
    public static Tensor uniform(Tensor t, double a, double b, RandomGenerator rng) {
        requireTensor(t);
        requireRng(rng);
        requireFinite("a", a);
        requireFinite("b", b);
        if (!(a < b)) {
            throw new IllegalArgumentException("uniform bounds must satisfy a < b, were a=" + a + ", b=" + b);
        }
        for (int i = 0; i < t.size(); i++) {
            t.data()[t.offset() + i] = (float) rng.nextDouble(a, b);
        }
        return t;
    }

    /** N(mean, std²). */
    public static Tensor normal(Tensor t, double mean, double std, RandomGenerator rng) {
        requireTensor(t);
        requireRng(rng);
        requireFinite("mean", mean);
        requireFinite("std", std);
        if (!(std >= 0)) {
            throw new IllegalArgumentException("std must be >= 0, was " + std);
        }
        for (int i = 0; i < t.size(); i++) {
            t.data()[t.offset() + i] = (float) (mean + std * rng.nextGaussian());
        }
        return t;
    }

    /** Glorot & Bengio (2010): U(±gain·√(6 / (fanIn + fanOut))). */
    public static Tensor xavierUniform(Tensor t, double gain, RandomGenerator rng) {
        requireFinite("gain", gain);
        if (gain < 0) {
            throw new IllegalArgumentException("gain must be >= 0, was " + gain);
        }
        double bound = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniform(t, -bound, bound, rng);
    }

    /** Glorot & Bengio (2010): N(0, gain²·2 / (fanIn + fanOut)). */
    public static Tensor xavierNormal(Tensor t, double gain, RandomGenerator rng) {
        requireFinite("gain", gain);
        if (gain < 0) {
            throw new IllegalArgumentException("gain must be >= 0, was " + gain);
        }
        return normal(t, 0, gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))), rng);
    }

    /**
     * He et al. (2015): U(±gain·√(3 / fan)) with gain = √(2 / (1 + a²)) (leaky ReLU slope a; a = 0 for
     * ReLU) and fan = fanIn, or fanOut when {@code fanOut} is set.
     */
    public static Tensor kaimingUniform(Tensor t, double a, boolean fanOut, RandomGenerator rng) {
        requireFinite("a", a);
        double std = Math.sqrt(2.0 / (1 + a * a)) / Math.sqrt(fanOut ? fanOut(t) : fanIn(t));
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound, rng);
    }

    /** He et al. (2015): N(0, gain² / fan), gain as in {@link #kaimingUniform}. */
    public static Tensor kaimingNormal(Tensor t, double a, boolean fanOut, RandomGenerator rng) {
        requireFinite("a", a);
        double std = Math.sqrt(2.0 / (1 + a * a)) / Math.sqrt(fanOut ? fanOut(t) : fanIn(t));
        return normal(t, 0, std, rng);
    }

    public static int fanIn(Tensor t) {
        requireRank2(t);
        return t.size() / t.dim(0);
    }

    public static int fanOut(Tensor t) {
        requireRank2(t);
        return t.size() / t.dim(-1);
    }

    private static void requireRank2(Tensor t) {
        requireTensor(t);
        if (t.rank() < 2 || t.size() == 0) {
            throw new IllegalArgumentException("t must be non-empty with rank >= 2 to have fans, shape was " + t.shape());
        }
    }

    private static void requireTensor(Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException("t must not be null");
        }
    }

    private static void requireRng(RandomGenerator rng) {
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, was " + value);
        }
    }
}
