package vecnet.simd;

/**
 * The readable batch-normalization kernels: one channel at a time, its rows in order. The static forms
 * take the channels from {@code from} to c: they are also the vector kernels' tail for the last
 * {@code c % L} channels, which is why the sums are float sums in the rows' order rather than double ones
 * (the same operations give the same bits).
 */
final class ScalarNormalization implements NormKernels {
    @Override
    public void sums(int rows, int c, float[] x, int xOff, float[] s, int sOff) {
        sums(0, rows, c, x, xOff, s, sOff);
    }

    static void sums(int from, int rows, int c, float[] x, int xOff, float[] s, int sOff) {
        for (int j = from; j < c; j++) {
            float acc = 0f;
            for (int r = 0, o = xOff + j; r < rows; r++, o += c) {
                acc += x[o];
            }
            s[sOff + j] = acc;
        }
    }

    @Override
    public void squaredDeviations(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] s,
                                  int sOff) {
        squaredDeviations(0, rows, c, x, xOff, mean, meanOff, s, sOff);
    }

    static void squaredDeviations(int from, int rows, int c, float[] x, int xOff, float[] mean, int meanOff,
                                  float[] s, int sOff) {
        for (int j = from; j < c; j++) {
            float m = mean[meanOff + j];
            float acc = 0f;
            for (int r = 0, o = xOff + j; r < rows; r++, o += c) {
                float d = x[o] - m;
                acc += d * d;
            }
            s[sOff + j] = acc;
        }
    }

    @Override
    public void backwardSums(int rows, int c, float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                             float[] sDy, float[] sDyXc, int sOff) {
        backwardSums(0, rows, c, dy, dyOff, x, xOff, mean, meanOff, sDy, sDyXc, sOff);
    }

    static void backwardSums(int from, int rows, int c, float[] dy, int dyOff, float[] x, int xOff, float[] mean,
                             int meanOff, float[] sDy, float[] sDyXc, int sOff) {
        for (int j = from; j < c; j++) {
            float m = mean[meanOff + j];
            float accDy = 0f;
            float accDyXc = 0f;
            for (int r = 0, o = j; r < rows; r++, o += c) {
                float g = dy[dyOff + o];
                accDy += g;
                accDyXc += g * (x[xOff + o] - m);
            }
            sDy[sOff + j] = accDy;
            sDyXc[sOff + j] = accDyXc;
        }
    }

    @Override
    public void normalize(int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] scale,
                          int scaleOff, float[] shift, int shiftOff, float[] y, int yOff) {
        normalize(0, rows, c, x, xOff, mean, meanOff, scale, scaleOff, shift, shiftOff, y, yOff);
    }

    static void normalize(int from, int rows, int c, float[] x, int xOff, float[] mean, int meanOff, float[] scale,
                          int scaleOff, float[] shift, int shiftOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            for (int j = from; j < c; j++) {
                y[yOff + o + j] = (x[xOff + o + j] - mean[meanOff + j]) * scale[scaleOff + j] + shift[shiftOff + j];
            }
        }
    }

    @Override
    public void normalizeBackward(int rows, int c, float[] dy, int dyOff, float[] x, int xOff, float[] mean,
                                  int meanOff, float[] coef, int coefOff, float[] dx, int dxOff) {
        normalizeBackward(0, rows, c, dy, dyOff, x, xOff, mean, meanOff, coef, coefOff, dx, dxOff);
    }

    static void normalizeBackward(int from, int rows, int c, float[] dy, int dyOff, float[] x, int xOff,
                                  float[] mean, int meanOff, float[] coef, int coefOff, float[] dx, int dxOff) {
        int proj = coefOff + c;
        int scale = coefOff + 2 * c;
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            for (int j = from; j < c; j++) {
                float xc = x[xOff + o + j] - mean[meanOff + j];
                float t = dy[dyOff + o + j] - coef[coefOff + j] - xc * coef[proj + j];
                dx[dxOff + o + j] = t * coef[scale + j];
            }
        }
    }
}
