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
        return out;
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
