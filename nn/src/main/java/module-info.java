/**
 * Neural networks on vecnet tensors: tape-based reverse-mode autograd, layers (modules), losses,
 * optimizers, initializers and regularization penalties, with a PyTorch-like API.
 */
module vecnet.nn {
    requires transitive vecnet.simd;

    exports vecnet.nn;
    exports vecnet.nn.autograd;
    exports vecnet.nn.data;
    exports vecnet.nn.inference;
    exports vecnet.nn.init;
    exports vecnet.nn.io;
    exports vecnet.nn.loss;
    exports vecnet.nn.optim;
    exports vecnet.nn.train;
}
