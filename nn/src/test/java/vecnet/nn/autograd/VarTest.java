package vecnet.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;

@SuppressWarnings("try") // scopes are used for their effect, not referenced
class VarTest {
    static final float TOL = 1e-6f;

    @Test
    void gradientsAccumulateAcrossBackwardCallsAndZeroInPlace() {
        Var w = Var.parameter(Tensor.of(new float[] {2, 3}, 2));
        Ops.sum(Ops.mul(w, w)).backward(); // d/dw Σw² = 2w
        assertArrayEquals(new float[] {4, 6}, w.grad().toArray(), TOL);
        Tensor buffer = w.grad();
        Ops.sum(Ops.scale(w, 10)).backward();
        assertArrayEquals(new float[] {14, 16}, w.grad().toArray(), TOL);
        w.zeroGrad();
        assertSame(buffer, w.grad(), "zeroGrad must reuse the buffer");
        assertArrayEquals(new float[] {0, 0}, w.grad().toArray(), TOL);
    }

    @Test
    void diamondGraphSumsBothPaths() {
        Var x = Var.parameter(Tensor.of(new float[] {3}));
        Var a = Ops.scale(x, 2);
        Var y = Ops.mul(a, Ops.addScalar(a, 1)); // (2x)(2x + 1) → dy/dx = 8x + 2
        y.backward();
        assertEquals(26f, x.grad().data()[0], TOL);
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        Var x = Var.parameter(Tensor.of(new float[] {1}));
        Var y = x;
        for (int i = 0; i < 100_000; i++) {
            y = Ops.addScalar(y, 1e-6);
        }
        y.backward();
        assertEquals(1f, x.grad().data()[0], TOL);
    }

    @Test
    void noGradBuildsNoGraphAndRestoresTheMode() {
        Var w = Var.parameter(Tensor.of(new float[] {1, 2}, 2));
        try (GradMode.Scope s = GradMode.noGrad()) {
            Var y = Ops.sum(Ops.mul(w, w));
            assertFalse(y.requiresGrad());
            assertEquals(5f, y.item(), TOL);
            assertThrows(IllegalArgumentException.class, y::backward);
            try (GradMode.Scope e = GradMode.enableGrad()) {
                assertTrue(Ops.sum(w).requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void noGradIsPerThread() throws Exception {
        try (GradMode.Scope s = GradMode.noGrad()) {
            boolean[] other = new boolean[1];
            Thread t = new Thread(() -> other[0] = GradMode.isEnabled());
            t.start();
            t.join();
            assertTrue(other[0]);
        }
    }

    @Test
    void fluentFormsMatchOps() {
        Var a = Var.parameter(Tensor.of(new float[] {1, -2, 3, 0.5f}, 2, 2));
        Var b = Var.constant(Tensor.of(new float[] {0.5f, 1}, 2));
        // mean(relu((a·a + b) / b − 1)²·2) over the 2x2 result, against Ops spelled out
        Var fluent = a.matmul(a).add(b).div(b).sub(Var.constant(Tensor.of(new float[] {1}))
                .reshape()).relu().pow(2).scale(2).mean();
        Var ops = Ops.mean(Ops.scale(Ops.pow(Ops.relu(Ops.sub(Ops.div(Ops.add(Ops.matmul(a, a), b), b),
                Var.constant(Tensor.of(new float[] {1})).reshape())), 2), 2));
        assertEquals(ops.item(), fluent.item(), TOL);
        assertEquals(Ops.sum(Ops.neg(Ops.tanh(Ops.sigmoid(a)))).item(), a.sigmoid().tanh().neg().sum().item(), TOL);
    }

    @Test
    void detachStopsGradient() {
        Var w = Var.parameter(Tensor.of(new float[] {3}));
        Var y = Ops.mul(w, w.detach()); // d/dw (w · const) = const
        y.backward();
        assertEquals(3f, w.grad().data()[0], TOL);
        assertFalse(w.detach().requiresGrad());
    }

    @Test
    void constantsTakeNoGradient() {
        Var c = Var.constant(Tensor.of(new float[] {3}));
        Var w = Var.parameter(Tensor.of(new float[] {2}));
        Ops.mul(w, c).backward();
        assertNull(c.grad());
        assertEquals(3f, w.grad().data()[0], TOL);
    }

    @Test
    void secondBackwardThroughAReleasedGraphIsAnError() {
        Var w = Var.parameter(Tensor.of(new float[] {2}));
        Var y = Ops.mul(w, w);
        assertFalse(y.isLeaf());
        y.backward();
        assertThrows(IllegalStateException.class, y::backward);
        Var h = Ops.scale(w, 3);
        Ops.sum(h).backward();
        assertThrows(IllegalStateException.class, () -> Ops.mul(h, h).backward(), "shared intermediate released");
        w.zeroGrad();
        Ops.mul(w, w).backward(); // a fresh forward works: d(w²)/dw = 2w
        assertEquals(4f, w.grad().data()[0], TOL);
    }

    @Test
    void badSeedShapeIsRejected() {
        Var w = Var.parameter(Tensor.zeros(2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.scale(w, 2).backward());
        assertTrue(e.getMessage().contains("(2, 2)"), e.getMessage());
    }
}
