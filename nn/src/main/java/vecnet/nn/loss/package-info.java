/**
 * Losses as modules with {@link vecnet.nn.loss.Reduction}s, named as PyTorch's where PyTorch has the
 * loss (MSELoss, L1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss, KLDivLoss),
 * plus LogCoshLoss, HingeLoss, FocalLoss, DiceLoss and ContrastiveLoss. Every loss is called as
 * {@link vecnet.nn.loss.Loss#forward(vecnet.nn.autograd.Var, vecnet.core.Tensor)}.
 */
package vecnet.nn.loss;
