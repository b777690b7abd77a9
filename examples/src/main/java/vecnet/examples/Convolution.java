package vecnet.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

import vecnet.core.Tensor;
import vecnet.nn.Conv2d;
import vecnet.nn.autograd.Var;

/**
 * The course's convolution examples on nn's {@link Conv2d} (cross-correlation, stride 1, no padding,
 * single channel, NHWC): the 5x5 image with the 3x3 vertical-edge filter (top-left output 6), and the
 * 7x7 curve detector on two receptive fields (6600 where the curve matches, 0 where it does not).
 * No options.
 */
public final class Convolution {
    static final float[][] IMAGE = {
            {7, 2, 3, 3, 8},
            {4, 5, 3, 8, 4},
            {3, 3, 2, 8, 4},
            {2, 8, 7, 2, 7},
            {5, 4, 4, 5, 4}};
    static final float[][] VERTICAL_EDGE = {
            {1, 0, -1},
            {1, 0, -1},
            {1, 0, -1}};
    /** 30 on the curve (row, col) (0,5), (1,4), (2,3), (3,3), (4,3), (5,3); 0 elsewhere. */
    static final float[][] CURVE_DETECTOR = curveDetector();
    static final float[][] CURVE_FIELD = {
            {0, 0, 0, 0, 0, 0, 30},
            {0, 0, 0, 0, 50, 50, 50},
            {0, 0, 0, 20, 50, 0, 0},
            {0, 0, 0, 50, 50, 0, 0},
            {0, 0, 0, 50, 50, 0, 0},
            {0, 0, 0, 50, 50, 0, 0},
            {0, 0, 0, 50, 50, 0, 0}};
    static final float[][] OTHER_FIELD = {
            {0, 0, 0, 0, 0, 0, 0},
            {0, 40, 0, 0, 0, 0, 0},
            {40, 0, 40, 0, 0, 0, 0},
            {40, 20, 0, 0, 0, 0, 0},
            {0, 50, 0, 0, 0, 0, 0},
            {0, 0, 50, 0, 0, 0, 0},
            {25, 25, 0, 50, 0, 0, 0}};

    /** The 3x3 edge-filter output map and the curve detector's response on the two fields. */
    record Result(float[][] edgeMap, float curveResponse, float otherResponse) {
    }

    private Convolution() {
    }

    public static void main(String[] args) {
        Args.parse(args);
        run(System.out);
    }

    static Result run(PrintStream out) {
        float[][] edge = convolve(new float[][][] {IMAGE}, VERTICAL_EDGE)[0];
        out.println("5x5 image * 3x3 vertical-edge filter [[1,0,-1],[1,0,-1],[1,0,-1]] (Conv2d, stride 1, no padding)");
        print(out, "image", IMAGE);
        print(out, "output (3x3), top-left = 7+4+3 - (3+3+2) = 6", edge);

        // both fields in one batch of two 7x7 images: one output each
        float[][][] responses = convolve(new float[][][] {CURVE_FIELD, OTHER_FIELD}, CURVE_DETECTOR);
        out.println();
        out.println("7x7 curve detector (30 along the curve, 0 elsewhere)");
        print(out, "filter", CURVE_DETECTOR);
        print(out, "receptive field with the curve", CURVE_FIELD);
        out.printf(Locale.ROOT, "response = %.0f (course: 6600)%n", responses[0][0][0]);
        print(out, "receptive field without it", OTHER_FIELD);
        out.printf(Locale.ROOT, "response = %.0f (course: 0)%n", responses[1][0][0]);
        return new Result(edge, responses[0][0][0], responses[1][0][0]);
    }

    /** Each image (H, W) through a one-channel Conv2d with the given filter and no bias. */
    static float[][][] convolve(float[][][] images, float[][] filter) {
        int n = images.length;
        int h = images[0].length;
        int w = images[0][0].length;
        int k = filter.length;
        Conv2d conv = new Conv2d(1, 1, k, k, 1, 0, false, new SplittableRandom(0));
        Tensor weight = conv.weight().value(); // (out=1, kh, kw, in=1): the filter row-major
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                weight.set(filter[i][j], 0, i, j, 0);
            }
        }
        Tensor x = Tensor.zeros(n, h, w, 1);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    x.set(images[b][i][j], b, i, j, 0);
                }
            }
        }
        Tensor y = conv.forward(Var.constant(x)).value();
        float[][][] out = new float[n][y.dim(1)][y.dim(2)];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < y.dim(1); i++) {
                for (int j = 0; j < y.dim(2); j++) {
                    out[b][i][j] = y.get(b, i, j, 0);
                }
            }
        }
        return out;
    }

    private static float[][] curveDetector() {
        float[][] f = new float[7][7];
        int[][] curve = {{0, 5}, {1, 4}, {2, 3}, {3, 3}, {4, 3}, {5, 3}};
        for (int[] rc : curve) {
            f[rc[0]][rc[1]] = 30;
        }
        return f;
    }

    private static void print(PrintStream out, String title, float[][] m) {
        out.println(title + ":");
        for (float[] row : m) {
            StringBuilder sb = new StringBuilder("  ");
            for (float v : row) {
                sb.append(String.format(Locale.ROOT, "%5.0f", v));
            }
            out.println(sb);
        }
    }
}
