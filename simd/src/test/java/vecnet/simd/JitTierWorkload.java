package vecnet.simd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Child-JVM entry of {@link JitTierTest}: runs every kernel family through the public facade on fixed inputs,
 * once in a fresh JVM (interpreted: the kernels' first calls) and then {@code args[0]} times more (by then
 * compiled by C2), and prints one line per case of the first and of the last run, {@code first|last name hash},
 * where the hash covers every output bit.
 */
public final class JitTierWorkload {
    private JitTierWorkload() {
    }

    /** args: repeats, then the file for the result lines (stdout carries the JIT's compilation log). */
    public static void main(String[] args) throws java.io.IOException {
        int repeats = Integer.parseInt(args[0]);
        List<String> first = run();
        List<String> last = first;
        for (int i = 0; i < repeats; i++) {
            last = run();
        }
        List<String> lines = new java.util.ArrayList<>();
        for (String line : first) {
            lines.add("first " + line);
        }
        for (String line : last) {
            lines.add("last " + line);
        }
        java.nio.file.Files.write(java.nio.file.Path.of(args[1]), lines);
    }

    /**
     * The packed-B GEMM: a 12 + 4 row split (the AVX-512 shape's short-panel kernel), k past KC and a
     * partial column panel, kept small so the interpreted first run stays short.
     */
    private static void packedB(List<String> out) {
        int[][] shapes = {{16, 40, 300}, {13, 64, 20}};
        for (boolean transB : new boolean[] {false, true}) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                float[] a = uniform(m * k, 9);
                float[] b = uniform(k * n, 10);
                float[] c = uniform(m * n, 11);
                float[] packed = new float[Simd.packedBSize(k, n)];
                Simd.packB(transB, k, n, b, 0, transB ? k : n, packed, 0);
                Simd.sgemmPackedB(false, m, n, k, 1f, a, 0, k, packed, 0, 0.5f, c, 0, n);
                out.add("sgemmPackedB_" + (transB ? "NT_" : "NN_") + m + "x" + n + "x" + k + " " + hash(c));
            }
        }
    }

    /** The packed one-row product: n around the 8-output blocks, k with a scalar tail at every width. */
    private static void gemvPacked(List<String> out) {
        for (int n : new int[] {10, 37, 256}) {
            int k = 300;
            float[] w = uniform(n * k, 12);
            float[] x = uniform(k, 13);
            float[] y = uniform(n, 14);
            float[] packed = new float[Simd.packedGemvSize(n, k)];
            Simd.packGemv(n, k, w, 0, k, packed, 0);
            Simd.sgemvPacked(n, k, 1f, packed, 0, x, 0, 0.5f, y, 0);
            out.add("sgemvPacked_" + n + "x" + k + " " + hash(y));
        }
    }

    static List<String> run() {
        List<String> out = new ArrayList<>();
        out.add("implementation " + Simd.implementation());
        int[] ms = {1, 2, 3, 5, 17};
        for (boolean transB : new boolean[] {false, true}) {
            for (int m : ms) {
                for (int n : new int[] {10, 37, 256}) {
                    int k = 300;
                    float[] a = uniform(m * k, 1);
                    float[] b = uniform(k * n, 2);
                    float[] c = uniform(m * n, 3);
                    Simd.sgemm(false, transB, m, n, k, 1f, a, 0, k, b, 0, transB ? k : n, 0.5f, c, 0, n);
                    out.add("sgemm_" + (transB ? "NT_" : "NN_") + m + "x" + n + "x" + k + " " + hash(c));
                }
            }
        }
        packedB(out);
        gemvPacked(out);
        float[] x = uniform(1003, 4);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 8; // [-8, 8): every branch of every activation
        }
        float[] dy = uniform(1003, 5);
        for (Activation f : Activation.values()) {
            float[] y = new float[x.length];
            float[] dx = new float[x.length];
            Simd.activate(f, 0.1f, x, 0, y, 0, x.length);
            Simd.activateBackward(f, 0.1f, x, 0, dy, 0, dx, 0, x.length);
            out.add("activate_" + f + " " + hash(y));
            out.add("activateBackward_" + f + " " + hash(dx));
        }
        int rows = 7;
        int cols = 143;
        float[] logits = uniform(rows * cols, 6);
        float[] sm = new float[rows * cols];
        float[] lsm = new float[rows * cols];
        float[] back = new float[rows * cols];
        Simd.softmaxRows(rows, cols, logits, 0, sm, 0);
        Simd.logSoftmaxRows(rows, cols, logits, 0, lsm, 0);
        out.add("softmaxRows " + hash(sm));
        out.add("logSoftmaxRows " + hash(lsm));
        Simd.softmaxRowsBackward(rows, cols, sm, 0, uniform(rows * cols, 7), 0, back, 0);
        out.add("softmaxRowsBackward " + hash(back));
        Simd.logSoftmaxRowsBackward(rows, cols, lsm, 0, uniform(rows * cols, 8), 0, back, 0);
        out.add("logSoftmaxRowsBackward " + hash(back));
        int n = 5;
        int hid = 37;
        float[] lstmGates = new float[n * 4 * hid];
        float[] lstmC = new float[n * hid];
        float[] lstmH = new float[n * hid];
        Simd.lstmCellForward(n, hid, uniform(n * 4 * hid, 11), 0, uniform(n * 4 * hid, 12), 0, uniform(4 * hid, 13), 0,
                uniform(4 * hid, 14), 0, uniform(n * hid, 15), 0, lstmGates, 0, lstmC, 0, lstmH, 0, hid);
        out.add("lstmCellForward " + hash(lstmGates) + " " + hash(lstmC) + " " + hash(lstmH));
        float[] gruGates = new float[n * 3 * hid];
        float[] gruHn = new float[n * hid];
        float[] gruH = new float[n * hid];
        Simd.gruCellForward(n, hid, uniform(n * 3 * hid, 16), 0, uniform(n * 3 * hid, 17), 0, uniform(3 * hid, 18), 0,
                uniform(3 * hid, 19), 0, uniform(n * hid, 20), 0, hid, gruGates, 0, gruHn, 0, gruH, 0, hid);
        out.add("gruCellForward " + hash(gruGates) + " " + hash(gruHn) + " " + hash(gruH));
        float[] rnnH = new float[n * hid];
        Simd.rnnCellForward(n, hid, false, uniform(n * hid, 21), 0, uniform(n * hid, 22), 0, uniform(hid, 23), 0,
                uniform(hid, 24), 0, rnnH, 0, hid);
        out.add("rnnCellForward " + hash(rnnH));
        int p = 1003;
        float[] w = uniform(p, 9);
        float[] g = uniform(p, 10);
        float[] m1 = new float[p];
        float[] v1 = new float[p];
        for (int t = 1; t <= 3; t++) {
            Simd.adamUpdate(p, w, 0, g, 0, m1, 0, v1, 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1e-3f, (float) Math.sqrt(1 - Math.pow(0.999, t)),
                    1e-8f, 0f, 0f);
        }
        out.add("adamUpdate " + hash(w) + " " + hash(m1) + " " + hash(v1));
        optimizers(out);
        convolutions(out);
        poolingAndNorm(out);
        return out;
    }

    /** Every other fused update, three steps each from the same start, with weight decay and momentum. */
    private static void optimizers(List<String> out) {
        int p = 1003;
        float[] g = uniform(p, 30);
        float[][] s = new float[9][];
        float[] w;
        w = uniform(p, 31);
        s[0] = new float[p];
        for (int t = 1; t <= 3; t++) {
            Simd.sgdUpdate(p, w, 0, g, 0, s[0], 0, 0.1f, 1e-2f, 0.9f, 0f, true, t == 1);
        }
        out.add("sgdUpdate " + hash(w) + " " + hash(s[0]));
        w = uniform(p, 31);
        s[1] = new float[p];
        for (int t = 1; t <= 3; t++) {
            Simd.adagradUpdate(p, w, 0, g, 0, s[1], 0, 0.01f / t, 1e-2f, 1e-10f);
        }
        out.add("adagradUpdate " + hash(w) + " " + hash(s[1]));
        w = uniform(p, 31);
        s[2] = new float[p];
        s[3] = new float[p];
        s[4] = new float[p];
        for (int t = 1; t <= 3; t++) {
            Simd.rmspropUpdate(p, w, 0, g, 0, s[2], 0, s[3], 0, s[4], 0, 0.01f, 0.99f, 1e-8f, 1e-2f, 0.9f);
        }
        out.add("rmspropUpdate " + hash(w) + " " + hash(s[2]) + " " + hash(s[3]) + " " + hash(s[4]));
        w = uniform(p, 31);
        s[5] = new float[p];
        s[6] = new float[p];
        for (int t = 1; t <= 6; t++) { // RAdam rectifies from step 5 on
            Simd.radamUpdate(p, w, 0, g, 0, s[5], 0, s[6], 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, t >= 5, 1e-3f, 1e-8f, 1f,
                    0f);
        }
        out.add("radamUpdate " + hash(w) + " " + hash(s[5]) + " " + hash(s[6]));
        w = uniform(p, 31);
        float[] m = new float[p];
        float[] v = new float[p];
        s[7] = new float[p];
        for (int t = 1; t <= 3; t++) {
            float bc2 = (float) Math.sqrt(1 - Math.pow(0.999, t));
            Simd.amsgradUpdate(p, w, 0, g, 0, m, 0, v, 0, s[7], 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1e-3f, bc2, 1e-8f, 1f,
                    1e-2f);
        }
        out.add("amsgradUpdate " + hash(w) + " " + hash(s[7]));
        w = uniform(p, 31);
        m = new float[p];
        s[8] = new float[p];
        for (int t = 1; t <= 3; t++) {
            float bc2 = (float) Math.sqrt(1 - Math.pow(0.999, t));
            Simd.adaBeliefUpdate(p, w, 0, g, 0, m, 0, s[8], 0, 0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 1e-3f, bc2, 1e-8f, 0.99f);
        }
        out.add("adaBeliefUpdate " + hash(w) + " " + hash(s[8]));
    }

    /**
     * A narrow (cout 5) and an im2col (cout 20) 3x3 convolution with padding, and a one-channel 5x5 one 30
     * wide (the pixel-pair kernel at 512 bits): forward and the three backwards.
     */
    private static void convolutions(List<String> out) {
        int n = 2;
        int h = 9;
        for (int[] cc : new int[][] {{3, 5, 3, 1, 9}, {8, 20, 3, 1, 9}, {1, 6, 5, 2, 30}}) {
            int cin = cc[0];
            int cout = cc[1];
            Window2d win = Window2d.of(cc[2], 1, cc[3]);
            int wd = cc[4];
            int rows = n * win.outH(h) * win.outW(wd);
            float[] x = uniform(n * h * wd * cin, 40 + cin);
            float[] weight = uniform(cc[2] * cc[2] * cin * cout, 41 + cin);
            float[] bias = uniform(cout, 42 + cin);
            float[] work = new float[4 * Simd.conv2dWorkSize(n, h, wd, cin, win) + 64];
            float[] y = new float[rows * cout];
            Simd.conv2d(n, h, wd, cin, cout, win, x, 0, weight, 0, bias, 0, y, 0, work, 0);
            float[] dy = uniform(rows * cout, 43 + cin);
            float[] dx = new float[x.length];
            float[] dw = new float[weight.length];
            float[] db = new float[cout];
            Simd.conv2dBackwardInput(n, h, wd, cin, cout, win, dy, 0, weight, 0, dx, 0, work, 0);
            Simd.conv2dBackwardWeight(n, h, wd, cin, cout, win, x, 0, dy, 0, dw, 0, work, 0);
            Simd.conv2dBackwardBias(n, h, wd, cout, win, dy, 0, db, 0);
            String shape = cin + "to" + cout;
            out.add("conv2d_" + shape + " " + hash(y));
            out.add("conv2dBackward_" + shape + " " + hash(dx) + " " + hash(dw) + " " + hash(db));
        }
    }

    /** Pooling over 19 channels (a lane tail at every width) and batch norm past one 256-row block. */
    private static void poolingAndNorm(List<String> out) {
        int n = 2;
        int h = 8;
        int c = 19;
        float[] x = uniform(n * h * h * c, 50);
        Window2d win = Window2d.of(2, 2, 0);
        int o = n * win.outH(h) * win.outW(h) * c;
        float[] y = new float[o];
        int[] arg = new int[o];
        float[] dy = uniform(o, 51);
        float[] dx = new float[x.length];
        Simd.maxPool2d(n, h, h, c, win, x, 0, y, 0, arg, 0);
        Simd.maxPool2dBackward(n, h, h, c, win, dy, 0, arg, 0, dx, 0);
        out.add("maxPool2d " + hash(y) + " " + hash(dx));
        Window2d padded = Window2d.of(3, 2, 1);
        float[] ya = new float[n * padded.outH(h) * padded.outW(h) * c];
        float[] dxa = new float[x.length];
        Simd.avgPool2d(n, h, h, c, padded, false, x, 0, ya, 0);
        Simd.avgPool2dBackward(n, h, h, c, padded, false, uniform(ya.length, 52), 0, dxa, 0);
        out.add("avgPool2d " + hash(ya) + " " + hash(dxa));
        float[] g = new float[n * c];
        Simd.globalAvgPool2d(n, h, h, c, x, 0, g, 0);
        out.add("globalAvgPool2d " + hash(g));
        int rows = 300;
        float[] bx = uniform(rows * c, 53);
        float[] mean = new float[c];
        float[] var = new float[c];
        Simd.batchNormStats(rows, c, bx, 0, mean, 0, var, 0);
        float[] scale = uniform(c, 54);
        float[] shift = uniform(c, 55);
        float[] by = new float[rows * c];
        Simd.batchNormApply(rows, c, bx, 0, mean, 0, scale, 0, shift, 0, by, 0);
        float[] bdx = new float[rows * c];
        float[] dg = new float[c];
        float[] dbeta = new float[c];
        Simd.batchNormBackward(rows, c, bx, 0, uniform(rows * c, 56), 0, mean, 0, scale, 0, shift, 0, bdx, 0, dg, 0,
                dbeta, 0);
        out.add("batchNorm " + hash(mean) + " " + hash(var) + " " + hash(by) + " " + hash(bdx) + " " + hash(dg) + " "
                + hash(dbeta));
        float[] sums = new float[c];
        Simd.sumRows(rows, c, bx, 0, sums, 0);
        float[] plus = bx.clone();
        Simd.addRowVector(rows, c, shift, 0, plus, 0);
        out.add("sumRows " + hash(sums) + " addRowVector " + hash(plus));
    }

    static float[] uniform(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    static String hash(float[] v) {
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Float.floatToRawIntBits(v[i]);
        }
        return Integer.toHexString(Arrays.hashCode(bits));
    }
}
