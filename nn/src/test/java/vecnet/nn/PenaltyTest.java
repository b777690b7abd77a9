package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.loss.MSELoss;
import vecnet.nn.optim.SGD;

class PenaltyTest {
    static final float TOL = 1e-6f;

    @Test
    void valuesAndGradients() {
        Var a = Var.parameter(Tensor.of(new float[] {1, -2}, 2));
        Var b = Var.parameter(Tensor.of(new float[] {3}, 1));
        Var l1 = Penalty.l1(0.5, List.of(a, b)); // 0.5·(1 + 2 + 3)
        assertEquals(3f, l1.item(), TOL);
        l1.backward();
        assertArrayEquals(new float[] {0.5f, -0.5f}, a.grad().toArray(), TOL); // λ·sign
        a.zeroGrad();
        Var l2 = Penalty.l2(0.1, List.of(a)); // 0.1·(1 + 4)
        assertEquals(0.5f, l2.item(), TOL);
        l2.backward();
        assertArrayEquals(new float[] {0.2f, -0.4f}, a.grad().toArray(), TOL); // 2λx
        assertThrows(IllegalArgumentException.class, () -> Penalty.l2(-1, List.of(a)));
    }

    @Test
    void l2PenaltyOnWeightsEqualsSgdWeightDecay() {
        Tensor x = Tensor.of(new float[] {1, 2, -1, 0.5f}, 2, 2);
        Tensor y = Tensor.of(new float[] {1, -1}, 2, 1);
        Linear p = new Linear(2, 1, true, new SplittableRandom(4));
        Linear q = new Linear(2, 1, true, new SplittableRandom(4));
        SGD decayed = new SGD(List.of(p.weight()), SGD.Options.defaults().lr(0.1).weightDecay(0.2));
        SGD penalised = new SGD(List.of(q.weight()), 0.1);
        MSELoss mse = new MSELoss();
        mse.forward(p.forward(Var.constant(x)), y).backward();
        Ops.add(mse.forward(q.forward(Var.constant(x)), y), Penalty.l2(0.1, Penalty.weightsOf(q))).backward();
        decayed.step();
        penalised.step();
        assertArrayEquals(p.weight().value().toArray(), q.weight().value().toArray(), TOL);
    }

    @Test
    void penaltyOnActivations() {
        Linear l = new Linear(3, 2, true, new SplittableRandom(2));
        Var h = Ops.relu(l.forward(Var.constant(Tensor.of(new float[] {1, 2, 3}, 1, 3))));
        Var reg = Penalty.l1(0.01, List.of(h));
        double expected = 0;
        for (float v : h.value().toArray()) {
            expected += 0.01 * Math.abs(v);
        }
        assertEquals(expected, reg.item(), TOL);
        reg.backward(); // reaches the layer's weights through the activation
        assertEquals(2, l.weight().grad().dim(0));
        assertEquals(List.of(l.weight()), Penalty.weightsOf(l));
    }
}
