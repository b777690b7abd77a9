/**
 * Tape-based reverse-mode autograd on {@link vecnet.core.Tensor}s. {@link vecnet.nn.autograd.Var} is a
 * node; {@link vecnet.nn.autograd.Ops} holds the primitives, each with its backward beside its forward;
 * {@link vecnet.nn.autograd.GradMode} switches recording off per thread; {@link vecnet.nn.autograd.GradCheck}
 * compares gradients with central differences. The package-private {@code ActivationOps}, {@code ConvOps}
 * and {@code PoolOps} are plain-Java loops to be replaced by the simd module's kernels.
 */
package vecnet.nn.autograd;
