package vecnet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import vecnet.nn.Module;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * The LSTM row of the comparison runner's training table (batch 64, 28 steps, input 28, hidden 128, one
 * layer + a linear classifier, Adam) builds and runs, raw and through the Trainer, and the fused cell
 * kernels it calls allocate nothing once compiled. No timing: the lead runs the table.
 */
class TrainingStepTest {
    /** Calls before measuring: enough for C2 to compile the kernels (they run 8 x 128 elements a call). */
    static final int WARM_CALLS = 20_000;
    static final int CALLS = 1_000;

    @Test
    void lstmStepRunsRawAndThroughTheTrainer() {
        Module m = TrainingStep.model("lstm", new java.util.SplittableRandom(1));
        long params = 0;
        for (Var p : m.parameters()) {
            params += p.size();
        }
        assertEquals(4 * 128 * (28 + 128) + 2 * 4 * 128 + 128 * 10 + 10, params, "LSTM(28, 128) + Linear(128, 10)");
        assertArrayEquals(new int[] {28, 28}, TrainingStep.sampleShape("lstm"));
        Runnable step = TrainingStep.step("lstm", 64);
        step.run(); // one cold step: until C2 compiles them the vector kernels run the API's slow fallback
        TrainingStep.trainerEpoch("lstm", 4).run();
    }

    @Test
    void fusedCellKernelsAllocateNothingOnceCompiled() {
        int n = 8;
        int h = 128;
        float[] xg = new float[n * 4 * h];
        float[] hg = new float[n * 4 * h];
        float[] b = new float[4 * h];
        float[] c0 = new float[n * h];
        float[] gates = new float[n * 4 * h];
        float[] dGates = new float[n * 4 * h];
        float[] dHg = new float[n * 4 * h];
        float[] c = new float[n * h];
        float[] out = new float[n * h];
        float[] dh = new float[n * h];
        float[] dn = new float[n * h];
        float[] dc = new float[n * h];
        assertEquals(0, allocated(() -> Simd.lstmCellForward(n, h, xg, 0, hg, 0, b, 0, b, 0, c0, 0, gates, 0, c, 0,
                out, 0, h)), "lstmCellForward");
        assertEquals(0, allocated(() -> Simd.lstmCellBackward(n, h, gates, 0, c0, 0, c, 0, dh, 0, h, dn, 0, dc, 0,
                dGates, 0, dc, 0)), "lstmCellBackward");
        assertEquals(0, allocated(() -> Simd.gruCellForward(n, h, xg, 0, hg, 0, b, 0, b, 0, c0, 0, h, gates, 0, c, 0,
                out, 0, h)), "gruCellForward");
        assertEquals(0, allocated(() -> Simd.gruCellBackward(n, h, gates, 0, c, 0, c0, 0, h, dh, 0, h, dn, 0, dGates,
                0, dHg, 0, dn, 0)), "gruCellBackward");
        assertEquals(0, allocated(() -> Simd.rnnCellForward(n, h, false, xg, 0, hg, 0, b, 0, b, 0, out, 0, h)),
                "rnnCellForward");
        assertEquals(0, allocated(() -> Simd.rnnCellBackward(n, h, false, out, 0, h, dh, 0, h, dn, 0, dGates, 0)),
                "rnnCellBackward");
    }

    /** Bytes per call on this thread after {@link #WARM_CALLS} calls. */
    static long allocated(Runnable call) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        for (int i = 0; i < WARM_CALLS; i++) {
            call.run();
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        return (mx.getThreadAllocatedBytes(tid) - before) / CALLS;
    }
}
