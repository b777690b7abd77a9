/**
 * Tape-based reverse-mode autograd on {@link vecnet.core.Tensor}s. {@link vecnet.nn.autograd.Var} is a
 * node; {@link vecnet.nn.autograd.Ops} holds the primitives, each with its backward beside its forward;
 * {@link vecnet.nn.autograd.GradMode} switches recording off per thread; {@link vecnet.nn.autograd.GradCheck}
 * compares gradients with central differences. Activations, softmax, pooling and convolution run on the
 * {@link vecnet.simd.Simd} kernels.
 */
package vecnet.nn.autograd;
