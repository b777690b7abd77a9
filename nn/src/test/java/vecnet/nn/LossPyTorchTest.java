package vecnet.nn;

import static vecnet.nn.PyTorchFixtures.EPS;
import static vecnet.nn.PyTorchFixtures.at;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;
import vecnet.nn.loss.BCELoss;
import vecnet.nn.loss.BCEWithLogitsLoss;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.loss.HuberLoss;
import vecnet.nn.loss.KLDivLoss;
import vecnet.nn.loss.L1Loss;
import vecnet.nn.loss.Loss;
import vecnet.nn.loss.MSELoss;
import vecnet.nn.loss.NLLLoss;
import vecnet.nn.loss.Reduction;

/**
 * Every loss vecnet shares with PyTorch, under each reduction both have, against PyTorch 1.13
 * (fixtures by scripts/pytorch/op_fixtures.py, losses/): the value and its gradient with respect to the
 * input; for 'none' the gradient of sum(w·losses). Inputs include ties x = t (L1's kink), |x − t| = δ
 * (Huber's switch), probabilities 0 and 1 (BCE's clamped logs), logits ±50 ... ±100 and zero targets.
 * Not here, as PyTorch has no such loss or vecnet lacks the option: SmoothL1Loss (vecnet has Huber only),
 * BCEWithLogits' pos_weight and class weights (not offered), HingeLoss, LogCosh, Focal (torchvision's,
 * not torch.nn), Dice and Contrastive.
 */
class LossPyTorchTest {
    /**
     * Reduced values: |ours − PyTorch| <= VALUE_ULPS · EPS · √n · (|value| + Σ|terms|/divisor), n the
     * number of terms summed, the terms PyTorch's unreduced losses: both sum n float terms in different
     * orders (pairwise or vectorized in PyTorch), so a rounding error of order √n ulps of the terms.
     */
    static final double VALUE_ULPS = 4;
    /**
     * Gradients and unreduced terms, elementwise up to the class axis: GRAD_ULPS · EPS · √C · (|e| + s),
     * C the row length a term sums over (1 for pointwise losses) and s the size of the upstream gradient
     * (1/divisor, or |w| for 'none'): softmax − target cancels down to an ulp of that.
     */
    static final double GRAD_ULPS = 4;

    static PyTorchFixtures fx;

    @BeforeAll
    static void load() throws IOException {
        fx = PyTorchFixtures.load("losses", "losses");
    }

    static final List<String> REDUCTIONS = List.of("mean", "sum", "none");

    /**
     * The case {@code name} under each reduction: {@code make} builds the loss, {@code perRow} says whether
     * a term is one row (N of them, over C classes) rather than one element.
     */
    static void check(String name, List<String> reductions, Function<Reduction, Loss> make, boolean perRow) {
        Tensor input = fx.get(name + ".input");
        Tensor target = fx.get(name + ".target");
        Tensor terms = fx.get(name + ".none.output");
        int rows = input.shape().dim(0);
        int c = perRow ? input.shape().dim(1) : 1;
        for (String r : reductions) {
            String what = name + " " + r;
            Reduction red = Reduction.valueOf(r.equals("batchmean") ? "BATCH_MEAN" : r.toUpperCase(Locale.ROOT));
            Loss loss = make.apply(red);
            Var x = Var.parameter(input.copy());
            Var out = loss.forward(x, target);
            Tensor expected = fx.get(name + "." + r + ".output");
            double divisor = switch (r) {
                case "mean" -> terms.size();
                case "batchmean" -> rows;
                default -> 1;
            };
            Tensor w = r.equals("none") ? fx.get(name + ".w_output") : null;
            if (w == null) {
                double tol = VALUE_ULPS * EPS * Math.sqrt(terms.size());
                double scale = absSum(terms) / divisor;
                PyTorchFixtures.assertClose(expected, out.value(), what + " value",
                        i -> tol * (Math.abs(at(expected, i)) + scale));
                out.backward();
            } else {
                double tol = GRAD_ULPS * EPS * Math.sqrt(c);
                // a term sums over its row: of the order of the row's logits (log-softmax) and targets
                PyTorchFixtures.assertClose(expected, out.value(), what + " terms",
                        i -> tol * (Math.abs(at(expected, i)) + rowAbsMax(input, i, c) + 1));
                PyTorchFixtures.weighted(out, w).backward();
            }
            Tensor eg = fx.get(name + "." + r + ".grad.input");
            double tol = GRAD_ULPS * EPS * Math.sqrt(c);
            PyTorchFixtures.assertClose(eg, x.grad(), what + " grad input", i -> tol * (Math.abs(at(eg, i))
                    + (w == null ? 1 / divisor : Math.abs(at(w, perRow ? i / c : i)))));
        }
    }

    static double absSum(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) {
            s += Math.abs(at(t, i));
        }
        return s;
    }

    /** max |t| over the row of term i (t itself when c = 1). */
    static double rowAbsMax(Tensor t, int i, int c) {
        if (c == 1) {
            return Math.abs(at(t, i));
        }
        double m = 0;
        for (int j = i * c; j < i * c + c; j++) {
            m = Math.max(m, Math.abs(at(t, j)));
        }
        return m;
    }

    @Test
    void mse() {
        check("mse", REDUCTIONS, MSELoss::new, false);
    }

    @Test
    void l1() {
        check("l1", REDUCTIONS, L1Loss::new, false);
    }

    @Test
    void huber() {
        check("huber_1.0", REDUCTIONS, r -> new HuberLoss(1.0, r), false);
        check("huber_0.5", REDUCTIONS, r -> new HuberLoss(0.5, r), false);
    }

    @Test
    void bce() {
        check("bce", REDUCTIONS, BCELoss::new, false);
    }

    @Test
    void bceWithLogits() {
        check("bce_with_logits", REDUCTIONS, BCEWithLogitsLoss::new, false);
    }

    @Test
    void crossEntropy() {
        check("cross_entropy_indices", REDUCTIONS, r -> new CrossEntropyLoss(0, r), true);
        check("cross_entropy_probs", REDUCTIONS, r -> new CrossEntropyLoss(0, r), true);
    }

    @Test
    void crossEntropyWithLabelSmoothing() {
        check("cross_entropy_indices_smoothing_0.1", REDUCTIONS, r -> new CrossEntropyLoss(0.1, r), true);
        check("cross_entropy_probs_smoothing_0.1", REDUCTIONS, r -> new CrossEntropyLoss(0.1, r), true);
    }

    @Test
    void nll() {
        check("nll", REDUCTIONS, NLLLoss::new, true);
    }

    @Test
    void klDiv() {
        check("kl_div", List.of("mean", "sum", "batchmean", "none"), KLDivLoss::new, false);
    }
}
