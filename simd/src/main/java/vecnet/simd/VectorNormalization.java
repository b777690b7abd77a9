package vecnet.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The batch-normalization kernels on the Vector API: a lane per channel, L channels per vector, each lane
 * summing its rows in order with {@link ScalarNormalization}'s operations, so the bits are the same. The sums
 * run two vectors of channels per pass over the rows (two independent add chains); the last {@code c % L}
 * channels go to the scalar kernels rather than a masked tail (dearer to compile, see the optimizers).
 */
final class VectorNormalization implements NormKernels {
    private static final VectorSpecies<Float> S = VectorWidth.SPECIES;
    private static final int L = S.length();

    @Override
    public void sums(int rows, int c, float[] x, int xOff, float[] s, int sOff) {
        int j = 0;
        for (; j + 2 * L <= c; j += 2 * L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            for (int r = 0, o = xOff + j; r < rows; r++, o += c) {
                a0 = a0.add(FloatVector.fromArray(S, x, o));
                a1 = a1.add(FloatVector.fromArray(S, x, o + L));
            }
            a0.intoArray(s, sOff + j);
            a1.intoArray(s, sOff + j + L);
        }
        for (; j + L <= c; j += L) {
            FloatVector a0 = FloatVector.zero(S);
            for (int r = 0, o = xOff + j; r < rows; r++, o += c) {
                a0 = a0.add(FloatVector.fromArray(S, x, o));
            }
            a0.intoArray(s, sOff + j);
        }
        ScalarNormalization.sums(j, rows, c, x, xOff, s, sOff);
    }

    @Override
    public void squaredDeviations(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] s,
                                  int sOff) {
        int j = 0;
        for (; j + 2 * L <= c; j += 2 * L) {
            FloatVector m0 = FloatVector.fromArray(S, mean, meanOff + j);
            FloatVector m1 = FloatVector.fromArray(S, mean, meanOff + j + L);
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            for (int r = 0, o = xOff + j; r < rows; r++, o += c) {
                FloatVector d0 = FloatVector.fromArray(S, x, o).sub(m0);
                FloatVector d1 = FloatVector.fromArray(S, x, o + L).sub(m1);
                a0 = a0.add(d0.mul(d0));
                a1 = a1.add(d1.mul(d1));
            }
            a0.intoArray(s, sOff + j);
            a1.intoArray(s, sOff + j + L);
        }
        for (; j + L <= c; j += L) {
            FloatVector m0 = FloatVector.fromArray(S, mean, meanOff + j);
            FloatVector a0 = FloatVector.zero(S);
            for (int r = 0, o = xOff + j; r < rows; r++, o += c) {
                FloatVector d0 = FloatVector.fromArray(S, x, o).sub(m0);
                a0 = a0.add(d0.mul(d0));
            }
            a0.intoArray(s, sOff + j);
        }
        ScalarNormalization.squaredDeviations(j, rows, c, x, xOff, mean, meanOff, s, sOff);
    }

    @Override
    public void backwardSums(int rows, int c, float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                             float[] sDy, float[] sDyXc, int sOff) {
        int j = 0;
        for (; j + L <= c; j += L) { // two chains per vector already: Σ dy and Σ dy·(x − mean)
            FloatVector m0 = FloatVector.fromArray(S, mean, meanOff + j);
            FloatVector a0 = FloatVector.zero(S);
            FloatVector b0 = FloatVector.zero(S);
            for (int r = 0, o = j; r < rows; r++, o += c) {
                FloatVector g0 = FloatVector.fromArray(S, dy, dyOff + o);
                a0 = a0.add(g0);
                b0 = b0.add(g0.mul(FloatVector.fromArray(S, x, xOff + o).sub(m0)));
            }
            a0.intoArray(sDy, sOff + j);
            b0.intoArray(sDyXc, sOff + j);
        }
        ScalarNormalization.backwardSums(j, rows, c, dy, dyOff, x, xOff, mean, meanOff, sDy, sDyXc, sOff);
    }

    @Override
    public void normalize(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] scale,
                          int scaleOff, float[] shift, int shiftOff, float[] y, int yOff) {
        int cv = c - c % L;
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            for (int j = 0; j < cv; j += L) {
                FloatVector xc = FloatVector.fromArray(S, x, xOff + o + j).sub(FloatVector.fromArray(S, mean, meanOff + j));
                xc.mul(FloatVector.fromArray(S, scale, scaleOff + j)).add(FloatVector.fromArray(S, shift, shiftOff + j))
                        .intoArray(y, yOff + o + j);
            }
        }
        ScalarNormalization.normalize(cv, rows, c, x, xOff, mean, meanOff, scale, scaleOff, shift, shiftOff, y, yOff);
    }

    @Override
    public void normalizeBackward(int rows, int c, float[] dy, int dyOff, float[] x, int xOff, float[] mean,
                                  int meanOff, float[] coef, int coefOff, float[] dx, int dxOff) {
        int cv = c - c % L;
        int proj = coefOff + c;
        int scale = coefOff + 2 * c;
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            for (int j = 0; j < cv; j += L) {
                FloatVector xc = FloatVector.fromArray(S, x, xOff + o + j).sub(FloatVector.fromArray(S, mean, meanOff + j));
                FloatVector t = FloatVector.fromArray(S, dy, dyOff + o + j).sub(FloatVector.fromArray(S, coef, coefOff + j))
                        .sub(xc.mul(FloatVector.fromArray(S, coef, proj + j)));
                t.mul(FloatVector.fromArray(S, coef, scale + j)).intoArray(dx, dxOff + o + j);
            }
        }
        ScalarNormalization.normalizeBackward(cv, rows, c, dy, dyOff, x, xOff, mean, meanOff, coef, coefOff, dx, dxOff);
    }
}
