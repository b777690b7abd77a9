package vecnet.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;

/** Each initializer: its bound or standard deviation from the fans, and seeded reproducibility. */
class InitTest {
    /** Sample statistics of 64k draws: std of the std estimate is about 0.3 %, allow 3 %. */
    static final double REL_STAT_TOL = 0.03;

    static double std(Tensor t) {
        double s = 0;
        double s2 = 0;
        for (float v : t.toArray()) {
            s += v;
            s2 += (double) v * v;
        }
        double m = s / t.size();
        return Math.sqrt(s2 / t.size() - m * m);
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.toArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void fansFollowPyTorch() {
        assertEquals(300, Init.fanIn(Tensor.zeros(200, 300)));
        assertEquals(200, Init.fanOut(Tensor.zeros(200, 300)));
        Tensor conv = Tensor.zeros(16, 3, 3, 8); // (out, kh, kw, in)
        assertEquals(72, Init.fanIn(conv));
        assertEquals(144, Init.fanOut(conv));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(Tensor.zeros(5)));
    }

    @Test
    void uniformFamilies() {
        Tensor t = Tensor.zeros(256, 256);
        double bound = Math.sqrt(6.0 / 512); // Xavier, gain 1
        Init.xavierUniform(t, 1, new SplittableRandom(1));
        assertTrue(maxAbs(t) <= bound && maxAbs(t) > 0.99 * bound);
        assertEquals(bound / Math.sqrt(3), std(t), REL_STAT_TOL * bound);
        double he = Math.sqrt(6.0 / 256); // Kaiming, a = 0: √2·√(3/fanIn)
        Init.kaimingUniform(t, 0, false, new SplittableRandom(1));
        assertTrue(maxAbs(t) <= he && maxAbs(t) > 0.99 * he);
        Init.uniform(t, -0.5, 0.5, new SplittableRandom(1));
        assertTrue(maxAbs(t) <= 0.5);
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(t, 1, 1, new SplittableRandom(1)));
    }

    @Test
    void normalFamilies() {
        Tensor t = Tensor.zeros(256, 256);
        Init.xavierNormal(t, 2, new SplittableRandom(2));
        double xs = 2 * Math.sqrt(2.0 / 512);
        assertEquals(xs, std(t), REL_STAT_TOL * xs);
        Init.kaimingNormal(t, 0, true, new SplittableRandom(2));
        double ks = Math.sqrt(2.0 / 256);
        assertEquals(ks, std(t), REL_STAT_TOL * ks);
        Init.normal(t, 0, 0.1, new SplittableRandom(2));
        assertEquals(0.1, std(t), REL_STAT_TOL * 0.1);
    }

    @Test
    void constantAndSeeding() {
        Tensor t = Tensor.zeros(3);
        Init.constant(t, 0.5);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, t.toArray());
        Tensor a = Init.normal(Tensor.zeros(10), 0, 1, new SplittableRandom(9));
        Tensor b = Init.normal(Tensor.zeros(10), 0, 1, new SplittableRandom(9));
        assertArrayEquals(a.toArray(), b.toArray());
        Init.manualSeed(5);
        float[] first = new vecnet.nn.Linear(4, 4).weight().value().toArray();
        Init.manualSeed(5);
        assertArrayEquals(first, new vecnet.nn.Linear(4, 4).weight().value().toArray());
    }
}
