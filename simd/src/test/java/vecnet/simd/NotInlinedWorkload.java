package vecnet.simd;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Child-JVM entry of {@link NotInlinedTest}: warms each kernel whose loop accumulators meet a helper call, then
 * prints {@code name bytes-per-call} (allocated by this thread, averaged over many calls) to the file named by
 * {@code args[0]}.
 */
public final class NotInlinedWorkload {
    private static final int WARM_CALLS = Integer.getInteger("warmCalls", 4000);
    private static final int MEASURED_CALLS = 400;

    private NotInlinedWorkload() {
    }

    public static void main(String[] args) throws Exception {
        vecnet.core.Parallel.setParallelism(1); // every call on this thread, where its allocations are counted
        SplittableRandom r = new SplittableRandom(3);
        List<String> out = new ArrayList<>();
        out.add("implementation " + Simd.implementation());
        float[] w = uniform(r, 256 * 784);
        float[] x = uniform(r, 4 * 784);
        float[] y = new float[4 * 784];
        float[] packed = new float[Simd.packedGemvSize(256, 784)];
        Simd.packGemv(256, 784, w, 0, 784, packed, 0);
        float[] sm = uniform(r, 8 * 100);
        float[] dsm = uniform(r, 8 * 100);
        float[] dx = new float[8 * 100];
        // one row (dotRow), three rows (the two-row blocks and one row), B as is (smallM, beta 1: the C reads)
        out.add(measure("sgemm_NT_1x256x784", () -> Simd.sgemm(false, true, 1, 256, 784, 1f, x, 0, 784, w, 0, 784,
                0f, y, 0, 256)));
        out.add(measure("sgemm_NT_3x203x300", () -> Simd.sgemm(false, true, 3, 203, 300, 1f, x, 0, 300, w, 0, 300,
                0f, y, 0, 203)));
        out.add(measure("sgemm_NN_2x300x64", () -> Simd.sgemm(false, false, 2, 300, 64, 1f, x, 0, 64, w, 0, 300,
                1f, y, 0, 300)));
        out.add(measure("sgemvPacked_256x784", () -> Simd.sgemvPacked(256, 784, 1f, packed, 0, x, 0, 0f, y, 0)));
        out.add(measure("softmaxRowsBackward_8x100", () -> Simd.softmaxRowsBackward(8, 100, sm, 0, dsm, 0, dx, 0)));
        out.add(measure("logSoftmaxRowsBackward_8x100",
                () -> Simd.logSoftmaxRowsBackward(8, 100, sm, 0, dsm, 0, dx, 0)));
        float[] ax = uniform(r, 1000);
        float[] ad = uniform(r, 1000);
        float[] ay = new float[1000];
        for (Activation f : Activation.values()) {
            float param = f == Activation.ELU || f == Activation.LEAKY_RELU ? 0.5f : 0f;
            out.add(measure("activate_" + f, () -> Simd.activate(f, param, ax, 0, ay, 0, 1000)));
            out.add(measure("activateBackward_" + f, () -> Simd.activateBackward(f, param, ax, 0, ad, 0, ay, 0, 1000)));
        }
        out.add(measure("softmaxRows_8x100", () -> Simd.softmaxRows(8, 100, sm, 0, dx, 0)));
        out.add(measure("logSoftmaxRows_8x100", () -> Simd.logSoftmaxRows(8, 100, sm, 0, dx, 0)));
        int b = 8;
        int hd = 100; // not a multiple of any width: the masked tails run too
        float[] g4a = uniform(r, b * 4 * hd);
        float[] g4b = uniform(r, b * 4 * hd);
        float[] g4c = new float[b * 4 * hd];
        float[] g4d = new float[b * 4 * hd];
        float[] bias4 = uniform(r, 4 * hd);
        float[] h1 = uniform(r, b * hd);
        float[] h2 = uniform(r, b * hd);
        float[] h3 = new float[b * hd];
        float[] h4 = new float[b * hd];
        float[] h5 = new float[b * hd];
        out.add(measure("lstmCellForward_8x100", () -> Simd.lstmCellForward(b, hd, g4a, 0, g4b, 0, bias4, 0, bias4, 0,
                h1, 0, g4c, 0, h3, 0, h4, 0, hd)));
        out.add(measure("lstmCellBackward_8x100", () -> Simd.lstmCellBackward(b, hd, g4c, 0, h1, 0, h3, 0, h2, 0, hd,
                h1, 0, h2, 0, g4d, 0, h5, 0)));
        out.add(measure("gruCellForward_8x100", () -> Simd.gruCellForward(b, hd, g4a, 0, g4b, 0, bias4, 0, bias4, 0,
                h1, 0, hd, g4c, 0, h3, 0, h4, 0, hd)));
        out.add(measure("gruCellBackward_8x100", () -> Simd.gruCellBackward(b, hd, g4c, 0, h3, 0, h1, 0, hd, h2, 0, hd,
                h1, 0, g4d, 0, g4a, 0, h5, 0)));
        out.add(measure("rnnCellForward_8x100", () -> Simd.rnnCellForward(b, hd, false, g4a, 0, g4b, 0, bias4, 0,
                bias4, 0, h4, 0, hd)));
        java.nio.file.Files.write(java.nio.file.Path.of(args[0]), out);
    }

    private static String measure(String name, Runnable call) throws ReflectiveOperationException {
        for (int i = 0; i < WARM_CALLS; i++) {
            call.run();
        }
        // by reflection: the simd module does not read java.management (the child runs on the class path)
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        java.lang.reflect.Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getCurrentThreadAllocatedBytes");
        long before = (Long) allocated.invoke(bean);
        for (int i = 0; i < MEASURED_CALLS; i++) {
            call.run();
        }
        long bytes = (Long) allocated.invoke(bean) - before;
        return name + " " + bytes / MEASURED_CALLS;
    }

    private static float[] uniform(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }
}
