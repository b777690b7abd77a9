package vecnet.nn.optim;

import java.util.List;
import java.util.Map;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.simd.Simd;

/**
 * Adagrad (Duchi, Hazan, Singer 2011), as PyTorch: g ← ∇ + wd·p; clr = lr / (1 + (t − 1)·lr_decay);
 * G ← G + g²; p ← p − clr·g / (√G + ε). Defaults lr 0.01, ε 1e-10.
 */
public final class Adagrad extends Optimizer {
    public Adagrad(List<Var> params, double lr) {
        this(params, lr, 0, 0, 0, 1e-10);
    }

    public Adagrad(List<Var> params, double lr, double lrDecay, double weightDecay, double initialAccumulatorValue,
                   double eps) {
        super(params, options("lr", lr, "lr_decay", lrDecay, "weight_decay", weightDecay,
                "initial_accumulator_value", initialAccumulatorValue, "eps", eps));
    }

    @Override
    protected void validate(Map<String, Double> o) {
        super.validate(o);
        requireRange(o, "lr_decay", 0, Double.MAX_VALUE, false);
        requireRange(o, "initial_accumulator_value", 0, Double.MAX_VALUE, false);
        requireRange(o, "eps", 0, Double.MAX_VALUE, false);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        long t = s.nextStep();
        float clr = (float) (group.lr() / (1 + (t - 1) * group.get("lr_decay")));
        float wd = (float) group.get("weight_decay");
        float eps = (float) group.get("eps");
        float[] sum = s.buffer("sum", (float) group.get("initial_accumulator_value"));
        Simd.adagradUpdate(sum.length, param.data(), param.offset(), grad.data(), grad.offset(), sum, 0, clr, wd, eps);
    }
}
