package vecnet.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.optim.OptimizerStepsTest.param;
import static vecnet.nn.optim.OptimizerStepsTest.rejects;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import vecnet.nn.autograd.Var;

/** The typed options records: PyTorch's defaults, copies, validation, and groups checked by the same rules. */
class OptimizerOptionsTest {
    @Test
    void defaultsAreTorchs() {
        assertEquals(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 0, false), Adam.Options.defaults());
        assertEquals(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 0.01, false), AdamW.Options.defaults());
        assertEquals(new SGD.Options(1e-3, 0, 0, 0, false), SGD.Options.defaults());
        assertEquals(new Adagrad.Options(0.01, 0, 0, 0, 1e-10), Adagrad.Options.defaults());
        assertEquals(new RMSprop.Options(0.01, 0.99, 1e-8, 0, 0, false), RMSprop.Options.defaults());
        assertEquals(new RAdam.Options(1e-3, 0.9, 0.999, 1e-8, 0, false), RAdam.Options.defaults());
        assertEquals(new AdaBelief.Options(1e-3, 0.9, 0.999, 1e-16, 0), AdaBelief.Options.defaults());
        assertEquals(new LBFGS.Options(1, 20, 25, 1e-7, 1e-9, 100, false), LBFGS.Options.defaults());
    }

    @Test
    void withersReturnChangedCopies() {
        Adam.Options base = Adam.Options.defaults();
        Adam.Options o = base.lr(1e-2).weightDecay(1e-4).amsgrad(true).betas(0.8, 0.9).eps(1e-6);
        assertEquals(new Adam.Options(1e-2, 0.8, 0.9, 1e-6, 1e-4, true), o);
        assertEquals(Adam.Options.defaults(), base);
        assertEquals(new SGD.Options(0.1, 0.9, 0, 1e-4, true),
                SGD.Options.defaults().lr(0.1).momentum(0.9).weightDecay(1e-4).nesterov(true));
        assertEquals(new LBFGS.Options(0.5, 5, 7, 1e-5, 1e-6, 3, true), LBFGS.Options.defaults().lr(0.5).maxIter(5)
                .maxEval(7).toleranceGrad(1e-5).toleranceChange(1e-6).historySize(3).strongWolfe(true));
    }

    @Test
    void recordsRejectBadValuesNamingTheTorchOption() {
        rejects(() -> Adam.Options.defaults().lr(-1), "lr must be finite and >= 0, was -1.0");
        rejects(() -> Adam.Options.defaults().lr(Double.NaN), "lr", "NaN");
        rejects(() -> AdamW.Options.defaults().lr(Double.POSITIVE_INFINITY), "lr", "Infinity");
        rejects(() -> Adam.Options.defaults().beta2(-0.1), "beta2 must be in [0, 1), was -0.1");
        rejects(() -> RAdam.Options.defaults().beta1(1), "beta1", "1.0");
        rejects(() -> AdaBelief.Options.defaults().eps(-1e-8), "eps", "-1.0E-8");
        rejects(() -> AdamW.Options.defaults().weightDecay(Double.POSITIVE_INFINITY), "weight_decay", "Infinity");
        rejects(() -> SGD.Options.defaults().momentum(-0.9), "momentum", "-0.9");
        rejects(() -> SGD.Options.defaults().dampening(1.5), "dampening", "1.5");
        rejects(() -> SGD.Options.defaults().momentum(0.9).dampening(0.1).nesterov(true), "nesterov", "dampening=0.1");
        rejects(() -> Adagrad.Options.defaults().lrDecay(-1), "lr_decay", "-1.0");
        rejects(() -> Adagrad.Options.defaults().initialAccumulatorValue(-1), "initial_accumulator_value");
        rejects(() -> RMSprop.Options.defaults().alpha(1.5), "alpha", "1.5");
        rejects(() -> RMSprop.Options.defaults().momentum(Double.NaN), "momentum", "NaN");
        rejects(() -> LBFGS.Options.defaults().maxIter(0), "max_iter must be >= 1, was 0");
        rejects(() -> LBFGS.Options.defaults().maxEval(0), "max_eval");
        rejects(() -> LBFGS.Options.defaults().historySize(-1), "history_size", "-1");
        rejects(() -> LBFGS.Options.defaults().toleranceGrad(-1), "tolerance_grad");
        rejects(() -> LBFGS.Options.defaults().toleranceChange(Double.NaN), "tolerance_change");
    }

    /** The map a group keeps (and a state dict saves) rebuilds the same record. */
    @Test
    void mapsRoundTrip() {
        List<OptimizerOptions> all = List.of(Adam.Options.defaults().amsgrad(true), AdamW.Options.defaults(),
                SGD.Options.defaults().momentum(0.9).nesterov(true), Adagrad.Options.defaults().lrDecay(0.1),
                RMSprop.Options.defaults().centered(true), RAdam.Options.defaults().decoupledWeightDecay(true),
                AdaBelief.Options.defaults(), LBFGS.Options.defaults().historySize(7).strongWolfe(true));
        for (OptimizerOptions o : all) {
            assertEquals(o, o.fromMap(o.asMap()));
        }
        assertEquals(Map.of("lr", 1.0, "max_iter", 20.0, "max_eval", 25.0, "tolerance_grad", 1e-7,
                "tolerance_change", 1e-9, "history_size", 100.0, "strong_wolfe", 0.0), LBFGS.Options.defaults().asMap());
    }

    /**
     * The names a group keeps and a state dict saves, read off the records' components: PyTorch's, in
     * declaration order, with the booleans as flags.
     */
    @Test
    void mapsUseTorchNamesInDeclarationOrder() {
        keys(Adam.Options.defaults(), Set.of("amsgrad"), "lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad");
        keys(AdamW.Options.defaults(), Set.of("amsgrad"), "lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad");
        keys(RAdam.Options.defaults(), Set.of("decoupled_weight_decay"), "lr", "beta1", "beta2", "eps", "weight_decay",
                "decoupled_weight_decay");
        keys(AdaBelief.Options.defaults(), Set.of(), "lr", "beta1", "beta2", "eps", "weight_decay");
        keys(Adagrad.Options.defaults(), Set.of(), "lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps");
        keys(RMSprop.Options.defaults(), Set.of("centered"), "lr", "alpha", "eps", "weight_decay", "momentum",
                "centered");
        keys(SGD.Options.defaults(), Set.of("nesterov"), "lr", "momentum", "dampening", "weight_decay", "nesterov");
        keys(LBFGS.Options.defaults(), Set.of("strong_wolfe"), "lr", "max_iter", "max_eval", "tolerance_grad",
                "tolerance_change", "history_size", "strong_wolfe");
        assertEquals(List.of(1e-3, 0.9, 0.999, 1e-8, 0.01, 1.0),
                List.copyOf(AdamW.Options.defaults().amsgrad(true).asMap().values()));
    }

    private static void keys(OptimizerOptions o, Set<String> flags, String... names) {
        assertEquals(List.of(names), List.copyOf(o.asMap().keySet()), o.toString());
        assertEquals(flags, o.flags(), o.toString());
    }

    /** Options that are not a record must write their own map form; the defaults say so. */
    @Test
    void nonRecordOptionsMustWriteTheirOwnMap() {
        OptimizerOptions custom = new OptimizerOptions() {
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, custom::asMap);
        assertTrue(e.getMessage().contains("is not a record"), e.getMessage());
    }

    @Test
    void groupChangesAreValidatedAsTheRecord() {
        SGD sgd = new SGD(List.of(param()), SGD.Options.defaults().lr(0.1).momentum(0.9).nesterov(true));
        ParamGroup g = sgd.paramGroups().get(0);
        rejects(() -> g.setLr(-1), "lr must be finite and >= 0, was -1.0");
        rejects(() -> g.set("weight_decay", Double.NaN), "weight_decay", "NaN");
        rejects(() -> g.set("momentum", 0), "nesterov needs momentum > 0");
        assertEquals(0.1, g.lr());
        assertEquals(0.9, g.get("momentum"));
        g.setLr(0.05);
        assertEquals(0.05, g.lr());
        // booleans are set and read as booleans, never as numbers
        rejects(() -> g.set("nesterov", 0.0), "nesterov", "boolean");
        rejects(() -> g.get("nesterov"), "nesterov", "flag");
        rejects(() -> g.flag("momentum"), "momentum", "[nesterov]");
        assertTrue(g.flag("nesterov"));
        g.set("nesterov", false);
        g.set("momentum", 0);
        assertFalse(g.flag("nesterov"));
        assertEquals(0.0, g.options().get("nesterov"));
        rejects(() -> g.set("nesterov", true), "nesterov needs momentum > 0");
    }

    @Test
    void lbfgsKeepsAllItsOptionsInItsGroup() {
        LBFGS opt = new LBFGS(List.of(param()), LBFGS.Options.defaults().historySize(5));
        ParamGroup g = opt.paramGroups().get(0);
        assertEquals(5.0, g.get("history_size"));
        rejects(() -> g.set("max_iter", 2.5), "max_iter must be an integer, was 2.5");
        rejects(() -> g.set("history_size", 0), "history_size must be >= 1");
        g.set("max_iter", 3);
        assertEquals(3.0, g.get("max_iter"));
        g.set("strong_wolfe", true);
        assertTrue(g.flag("strong_wolfe"));
    }

    /** A saved state whose values only fit together (nesterov off with momentum 0) loads at once. */
    @Test
    void stateLoadsAllOptionsOfAGroupTogether() {
        Var w = param();
        SGD from = new SGD(List.of(w), 0.2);
        SGD into = new SGD(List.of(param()), SGD.Options.defaults().lr(0.1).momentum(0.9).nesterov(true));
        into.loadStateDict(from.stateDict());
        assertEquals(from.paramGroups().get(0).options(), into.paramGroups().get(0).options());
        Map<String, Double> bad = new LinkedHashMap<>(from.stateDict().groups().get(0));
        bad.put("nesterov", 0.5);
        OptimizerState badState = new OptimizerState(List.of(bad), Map.of(), Map.of());
        rejects(() -> into.loadStateDict(badState), "nesterov", "0 or 1", "0.5");
        bad.put("nesterov", 0.0);
        bad.put("betas", 0.9);
        OptimizerState unknown = new OptimizerState(List.of(bad), Map.of(), Map.of());
        rejects(() -> into.loadStateDict(unknown), "betas");
        rejects(() -> into.loadStateDict(null), "state");
        assertEquals(0.2, into.paramGroups().get(0).lr());
    }

    /** AdamW takes Adam's record: a state keeps Adam's names and AdamW's own default weight decay. */
    @Test
    void adamWStateRoundTripsWithItsDefaults() {
        AdamW from = new AdamW(List.of(param()), 0.2);
        AdamW into = new AdamW(List.of(param()), AdamW.Options.defaults().amsgrad(true));
        into.loadStateDict(from.stateDict());
        assertEquals(AdamW.Options.defaults().lr(0.2), into.paramGroups().get(0).typed());
        assertEquals(from.paramGroups().get(0).options(), into.paramGroups().get(0).options());
        assertEquals(0.01, into.paramGroups().get(0).get("weight_decay"));
    }

    @Test
    void aNullClosureIsRefusedByName() {
        rejects(() -> new Adam(List.of(param()), 1e-3).step(null), "closure");
        rejects(() -> new LBFGS(List.of(param()), 1).step(null), "closure");
    }
}
