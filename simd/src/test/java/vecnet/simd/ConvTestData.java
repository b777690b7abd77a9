package vecnet.simd;

import java.util.SplittableRandom;

/** Seeded test data and double-precision helpers shared by the pooling and convolution tests. */
final class ConvTestData {
    private ConvTestData() {
    }

    /** Uniform in [-1, 1). */
    static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
