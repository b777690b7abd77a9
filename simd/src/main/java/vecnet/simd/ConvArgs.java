package vecnet.simd;

import static vecnet.simd.Args.checkArray;
import static vecnet.simd.Args.checkDisjoint;
import static vecnet.simd.Args.checkImage;
import static vecnet.simd.Args.checkNonNegative;
import static vecnet.simd.Args.checkPositive;

/**
 * Argument checks of the convolution family in {@link Simd}: sizes against the window, every tensor
 * against its shape (the message names the shape), the work buffer, and overlaps.
 */
final class ConvArgs {
    private ConvArgs() {
    }

    /** {@link Simd#conv2dWorkSize}: the sizes, and a work size an array can hold. */
    static int checkWorkSize(int n, int h, int w, int cin, Window2d win) {
        checkPositive("cin", cin);
        checkImage(n, h, w, cin, win);
        long size = Im2colConvolution.workSize(n, h, w, cin, win);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the column matrix needs " + size + " floats, more than an array holds;"
                    + " split the batch");
        }
        return (int) size;
    }

    /** {@link Simd#conv2d}: the forward checks, and work apart from every other argument; returns y's size. */
    static long checkConv2d(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                            float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff,
                            float[] work, int workOff) {
        long sy = checkConvForward(n, h, w, cin, cout, win, x, xOff, weight, wOff, bias, bOff, y, yOff);
        long sx = (long) n * h * w * cin;
        long sw = (long) win.kernelH() * win.kernelW() * cin * cout;
        long sk = Im2colConvolution.workSize(n, h, w, cin, win);
        checkWork(work, workOff, sk);
        checkWorkDisjoint(work, workOff, sk, "x", x, xOff, sx, "y", y, yOff, sy, "weight", weight, wOff, sw);
        if (bias != null) { // the kernels write scratch to work before they read the bias
            checkDisjoint("work", work, workOff, sk, "bias", bias, bOff, cout);
        }
        return sy;
    }

    /** {@link Simd#conv2dBackwardInput}; returns dx's size. */
    static long checkBackwardInput(int n, int h, int w, int cin, int cout, Window2d win, float[] dy, int dyOff,
                                   float[] weight, int wOff, float[] dx, int dxOff, float[] work, int workOff) {
        checkConv(n, h, w, cin, cout, win);
        long sx = (long) n * h * w * cin;
        long sy = (long) n * win.outH(h) * win.outW(w) * cout;
        long sw = (long) win.kernelH() * win.kernelW() * cin * cout;
        long sk = Im2colConvolution.workSize(n, h, w, cin, win);
        checkTensor("dy", "n x outH x outW x cout", n, win.outH(h), win.outW(w), cout,
                dy, dyOff, sy);
        checkWeight(weight, wOff, win, cin, cout, sw);
        checkTensor("dx", "n x h x w x cin", n, h, w, cin, dx, dxOff, sx);
        checkWork(work, workOff, sk);
        checkDisjoint("dx", dx, dxOff, sx, "dy", dy, dyOff, sy);
        checkDisjoint("dx", dx, dxOff, sx, "weight", weight, wOff, sw);
        checkWorkDisjoint(work, workOff, sk, "dy", dy, dyOff, sy, "dx", dx, dxOff, sx, "weight", weight, wOff,
                sw);
        return sx;
    }

    /** {@link Simd#conv2dBackwardWeight}; returns dy's size. */
    static long checkBackwardWeight(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                    float[] dy, int dyOff, float[] dWeight, int dwOff, float[] work, int workOff) {
        checkConv(n, h, w, cin, cout, win);
        long sx = (long) n * h * w * cin;
        long sy = (long) n * win.outH(h) * win.outW(w) * cout;
        long sw = (long) win.kernelH() * win.kernelW() * cin * cout;
        long sk = Im2colConvolution.workSize(n, h, w, cin, win);
        checkTensor("x", "n x h x w x cin", n, h, w, cin, x, xOff, sx);
        checkTensor("dy", "n x outH x outW x cout", n, win.outH(h), win.outW(w), cout,
                dy, dyOff, sy);
        checkTensor("dWeight", "kernelH x kernelW x cin x cout", win.kernelH(),
                win.kernelW(), cin, cout, dWeight, dwOff, sw);
        checkWork(work, workOff, sk);
        checkDisjoint("dWeight", dWeight, dwOff, sw, "x", x, xOff, sx);
        checkDisjoint("dWeight", dWeight, dwOff, sw, "dy", dy, dyOff, sy);
        checkWorkDisjoint(work, workOff, sk, "x", x, xOff, sx, "dy", dy, dyOff, sy, "dWeight", dWeight, dwOff,
                sw);
        return sy;
    }

    /** {@link Simd#conv2dBackwardBias}; returns the number of output pixels (rows of dy). */
    static int checkBackwardBias(int n, int h, int w, int cout, Window2d win, float[] dy, int dyOff, float[] dBias,
                                 int dbOff) {
        checkImage(n, h, w, 1, win);
        checkPositive("cout", cout);
        long rows = (long) n * win.outH(h) * win.outW(w);
        checkTensor("dy", "n x outH x outW x cout", n, win.outH(h), win.outW(w), cout,
                dy, dyOff, rows * cout);
        checkTensor("dBias", "cout", cout, -1, -1, -1, dBias, dbOff, cout);
        return (int) rows;
    }

    /** {@link Simd#im2col}; returns the column matrix's size. */
    static long checkIm2col(int n, int h, int w, int c, Window2d win, float[] x, int xOff, float[] col, int colOff) {
        checkImage(n, h, w, c, win);
        long in = (long) n * h * w * c;
        long cols = (long) n * win.outH(h) * win.outW(w) * win.kernelH() * win.kernelW() * c;
        checkTensor("x", "n x h x w x c", n, h, w, c, x, xOff, in);
        checkTensor("col", "n*outH*outW x kernelH*kernelW*c", -1, -1, -1, -1, col, colOff, cols);
        checkDisjoint("col", col, colOff, cols, "x", x, xOff, in);
        return cols;
    }

    /** {@link Simd#col2im} and {@link Simd#col2imAdd}; returns dx's size. */
    static long checkCol2im(int n, int h, int w, int c, Window2d win, float[] col, int colOff, float[] dx,
                            int dxOff) {
        checkImage(n, h, w, c, win);
        long in = (long) n * h * w * c;
        long cols = (long) n * win.outH(h) * win.outW(w) * win.kernelH() * win.kernelW() * c;
        checkTensor("col", "n*outH*outW x kernelH*kernelW*c", -1, -1, -1, -1, col, colOff, cols);
        checkTensor("dx", "n x h x w x c", n, h, w, c, dx, dxOff, in);
        checkDisjoint("dx", dx, dxOff, in, "col", col, colOff, cols);
        return in;
    }

    /** {@link Simd#addRowVector}: a dense rows x cols y and a row b of cols apart from it. */
    static void checkAddRowVector(int rows, int cols, float[] b, int bOff, float[] y, int yOff) {
        checkMatrixAndRow(rows, cols, "y", y, yOff, "b", b, bOff, false);
    }

    /** {@link Simd#sumRows}: a dense rows x cols matrix and cols sums apart from it. */
    static void checkSumRows(int rows, int cols, float[] a, int aOff, float[] s, int sOff) {
        checkMatrixAndRow(rows, cols, "a", a, aOff, "s", s, sOff, true);
    }

    /** A dense rows x cols matrix and a row of cols apart from it; the row is the output or the matrix is. */
    private static void checkMatrixAndRow(int rows, int cols, String matName, float[] mat, int matOff, String rowName,
                                          float[] row, int rowOff, boolean rowIsOutput) {
        checkNonNegative("rows", rows);
        checkNonNegative("cols", cols);
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows * cols = " + n + " exceeds Integer.MAX_VALUE");
        }
        checkArray(matName, mat, matOff, n);
        checkArray(rowName, row, rowOff, cols);
        if (rowIsOutput) {
            checkDisjoint(rowName, row, rowOff, cols, matName, mat, matOff, n);
        } else {
            checkDisjoint(matName, mat, matOff, n, rowName, row, rowOff, cols);
        }
    }

    /**
     * The checks both forward convolutions share ({@link Simd#conv2dImplicit} needs no more): sizes, x,
     * weight, the optional bias and y, and that y overlaps none of its inputs. Returns the size of y.
     */
    static long checkConvForward(int n, int h, int w, int cin, int cout, Window2d win, float[] x, int xOff,
                                         float[] weight, int wOff, float[] bias, int bOff, float[] y, int yOff) {
        checkConv(n, h, w, cin, cout, win);
        long sx = (long) n * h * w * cin;
        long sy = (long) n * win.outH(h) * win.outW(w) * cout;
        long sw = (long) win.kernelH() * win.kernelW() * cin * cout;
        checkTensor("x", "n x h x w x cin", n, h, w, cin, x, xOff, sx);
        checkWeight(weight, wOff, win, cin, cout, sw);
        if (bias != null) {
            checkTensor("bias", "cout", cout, -1, -1, -1, bias, bOff, cout);
        }
        checkTensor("y", "n x outH x outW x cout", n, win.outH(h), win.outW(w), cout, y, yOff, sy);
        checkDisjoint("y", y, yOff, sy, "x", x, xOff, sx);
        checkDisjoint("y", y, yOff, sy, "weight", weight, wOff, sw);
        if (bias != null) {
            checkDisjoint("y", y, yOff, sy, "bias", bias, bOff, cout);
        }
        return sy;
    }

    /** A convolution's sizes: each tensor and the work buffer must be indexable by {@code int}. */
    private static void checkConv(int n, int h, int w, int cin, int cout, Window2d win) {
        checkPositive("cin", cin);
        checkPositive("cout", cout);
        checkImage(n, h, w, cin, win);
        long out = (long) n * win.outH(h) * win.outW(w) * cout;
        long weight = (long) win.kernelH() * win.kernelW() * cin * cout;
        long work = Im2colConvolution.workSize(n, h, w, cin, win);
        if (out > Integer.MAX_VALUE || weight > Integer.MAX_VALUE || work > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("convolution too large for int indexing: output " + out + ", weight "
                    + weight + ", work " + work + " elements");
        }
    }

    private static void checkWeight(float[] weight, int wOff, Window2d win, int cin, int cout, long size) {
        checkTensor("weight", "kernelH x kernelW x cin x cout", win.kernelH(),
                win.kernelW(), cin, cout, weight, wOff, size);
    }

    private static void checkWork(float[] work, int workOff, long size) {
        if (size > 0 || work != null) {
            checkTensor("work", "conv2dWorkSize", -1, -1, -1, -1, work, workOff, size);
        }
    }

    /**
     * Like {@link Args#checkArray}, naming the expected shape in the message: {@code dims} names up to four
     * dimensions, given as d0..d3 (-1 = unused). The message is built only on failure, so a valid call
     * allocates nothing.
     */
    private static void checkTensor(String name, String dims, int d0, int d1, int d2, int d3, float[] array, int off,
                                    long n) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0, was " + off);
        }
        if (off + n > array.length) {
            StringBuilder shape = new StringBuilder(dims);
            int[] ds = {d0, d1, d2, d3};
            for (int i = 0; i < ds.length && ds[i] >= 0; i++) {
                shape.append(i == 0 ? " = " : " x ").append(ds[i]);
            }
            throw new IllegalArgumentException(name + " is too short for " + shape + ": " + n + " elements at offset "
                    + off + " need length >= " + (off + n) + ", was " + array.length);
        }
    }

    private static void checkWorkDisjoint(float[] work, int workOff, long size, String n1, float[] a1, int o1, long s1,
                                          String n2, float[] a2, int o2, long s2, String n3, float[] a3, int o3,
                                          long s3) {
        checkDisjoint("work", work, workOff, size, n1, a1, o1, s1);
        checkDisjoint("work", work, workOff, size, n2, a2, o2, s2);
        checkDisjoint("work", work, workOff, size, n3, a3, o3, s3);
    }
}
