/**
 * Optimizers with PyTorch's hyper-parameters and defaults (one {@link vecnet.nn.optim.Optimizer} base:
 * param groups, per-parameter state, zeroGrad, step, state save/load), gradient clipping and
 * learning-rate schedules.
 */
package vecnet.nn.optim;
