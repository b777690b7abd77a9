package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.TestTensors;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;

/** Steady-state training steps reuse their arrays and compute exactly what fresh arrays compute. */
@SuppressWarnings("try") // scopes are used for their effect, not referenced
class WorkspaceTest {
    static Sequential model() {
        SplittableRandom r = new SplittableRandom(21);
        return new Sequential(new Conv2d(1, 4, 3, 3, 1, 1, true, r), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dropout(0.2, 5), new Linear(4 * 3 * 3, 16, true, r), new GELU(), new Maxout(16, 5, 2, r));
    }

    /** Losses of {@code steps} Adam steps, with or without a workspace. */
    static float[] train(Sequential m, Workspace ws, int steps, long[] allocationsAfterStep) {
        Tensor x = TestTensors.uniform(1, -1, 1, 8, 6, 6, 1);
        int[] labels = {0, 1, 2, 3, 4, 0, 1, 2};
        Adam opt = new Adam(m.parameters(), 1e-2);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        float[] losses = new float[steps];
        for (int s = 0; s < steps; s++) {
            Workspace.Scope scope = ws == null ? null : ws.open();
            try {
                opt.zeroGrad();
                Var loss = ce.forward(m.forward(Var.constant(x)), labels);
                loss.backward();
                opt.step();
                losses[s] = loss.item();
            } finally {
                if (scope != null) {
                    scope.close();
                }
            }
            if (ws != null) {
                allocationsAfterStep[s] = ws.allocations();
            }
        }
        return losses;
    }

    /**
     * The other ops that write their outputs into reused, unzeroed arrays: a wide convolution (the
     * im2col + GEMM path), average and global average pooling, tanh, sigmoid, softmax. With assertions
     * on, such arrays come back filled with NaN, so an op that leaves part of one unwritten shows.
     */
    static Sequential otherModel() {
        SplittableRandom r = new SplittableRandom(22);
        return new Sequential(new Conv2d(1, 20, 3, 3, 1, 1, true, r), new Tanh(), new AvgPool2d(2), new Sigmoid(),
                new Conv2d(20, 6, 1, 1, 1, 0, true, r), new GlobalAvgPool2d(), new Linear(6, 5, true, r), new Softmax());
    }

    @Test
    void otherOpsAlsoMatchFreshAllocation() {
        Workspace ws = new Workspace();
        float[] expected = train(otherModel(), null, 4, null);
        float[] got = train(otherModel(), ws, 4, new long[4]);
        SameBits.assertSame(expected, got, "same losses, bit for bit");
        for (float l : got) {
            assertTrue(Float.isFinite(l), "finite loss");
        }
    }

    @Test
    void stepsAfterTheFirstCreateNoArraysAndMatchFreshAllocation() {
        Sequential fresh = model();
        Sequential reused = model();
        Workspace ws = new Workspace();
        long[] allocs = new long[6];
        float[] expected = train(fresh, null, 6, null);
        float[] got = train(reused, ws, 6, allocs);
        SameBits.assertSame(expected, got, "same losses, bit for bit");
        for (var e : fresh.stateDict().entrySet()) {
            SameBits.assertSame(e.getValue().toArray(), reused.stateDict().get(e.getKey()).toArray(), e.getKey());
        }
        assertTrue(allocs[0] > 0);
        for (int s = 1; s < allocs.length; s++) {
            assertEquals(allocs[0], allocs[s], "arrays created by step " + (s + 1));
        }
        assertTrue(ws.bytesHeld() > 0);
        assertTrue(expected[5] < expected[0], "the model trains");
    }

    @Test
    void oneScopeAtATime() {
        Workspace a = new Workspace();
        Workspace b = new Workspace();
        try (Workspace.Scope s = a.open()) {
            assertThrows(IllegalStateException.class, a::open);
            assertThrows(IllegalStateException.class, b::open);
        }
        try (Workspace.Scope s = b.open()) { // a's scope is closed: b may open, and now a may not
            assertThrows(IllegalStateException.class, a::open);
        }
    }
}
