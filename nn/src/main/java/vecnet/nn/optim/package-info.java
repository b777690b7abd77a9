/**
 * Optimizers with PyTorch's hyper-parameters and defaults (one {@link vecnet.nn.optim.Optimizer} base:
 * param groups, per-parameter state, zeroGrad, step, state save/load; {@link vecnet.nn.optim.GroupedOptimizer}
 * adds the typed defaults and addParamGroup), gradient clipping and learning-rate schedules. Each
 * optimizer takes a typed options record holding PyTorch's defaults, changed by withers and validated
 * on construction (AdamW takes Adam's record, with its own default weight decay):
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), Adam.Options.defaults().lr(1e-3).weightDecay(1e-4).amsgrad(true));
 * adam.addParamGroup(head.parameters(), adam.defaults().lr(1e-2));
 * adam.paramGroups().get(0).setLr(5e-4);   // checked by the same rules as the record
 * }</pre>
 */
package vecnet.nn.optim;
