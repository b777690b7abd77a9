package vecnet.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Log-softmax at large logits: each log-probability must be as precise as its own magnitude allows, not
 * only to half an ulp of the row maximum (the vector path once computed {@code x - (max + log sum)}, which
 * rounds the shift to 3e-5 at logits near 1000 before subtracting).
 */
class LogSoftmaxPrecisionTest {
    /** Allowed error in ulps of the exact log-probability (x - max exact, one rounding each for log and -). */
    static final double MAX_ULPS = 4;

    @Test
    void largeLogitsKeepTheirPrecisionOnBothPaths() {
        int cols = 37; // a vector body and a masked tail at every width
        float[] x = new float[cols];
        for (int j = 0; j < cols; j++) {
            x[j] = 1000f + (j % 7) * 0.25f - (j % 3) * 0.125f;
        }
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.vector()}) {
            float[] y = new float[cols];
            Simd.logSoftmaxRows(k.activations(), 1, cols, x, 0, y, 0);
            double max = Double.NEGATIVE_INFINITY;
            for (float v : x) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : x) {
                sum += Math.exp(v - max);
            }
            for (int j = 0; j < cols; j++) {
                double exact = (x[j] - max) - Math.log(sum);
                double ulps = Math.abs(y[j] - exact) / Math.ulp((float) exact);
                assertTrue(ulps <= MAX_ULPS, k.name() + " log-softmax[" + j + "] = " + y[j] + ", exact " + exact + " ("
                        + ulps + " ulps)");
            }
        }
    }
}
