/**
 * Layers and models as {@link vecnet.nn.Module}s, PyTorch's {@code torch.nn} in Java idioms: {@code forward},
 * {@code parameters()}, {@code namedParameters()} with dotted names, {@code train()/eval()},
 * {@code zeroGrad()}, {@code stateDict()/loadStateDict(strict)}. Activations are channels-last (NHWC).
 *
 * <p>A training step:
 * <pre>{@code
 * Sequential model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * Adam opt = new Adam(model.parameters(), 1e-3);
 * SparseCategoricalCrossEntropyLoss criterion = new SparseCategoricalCrossEntropyLoss();
 * opt.zeroGrad();
 * Var loss = criterion.forward(model.forward(Var.constant(x)), labels);
 * loss.backward();
 * opt.step();
 * }</pre>
 * Inference: {@code model.eval()} and {@code try (GradMode.Scope s = GradMode.noGrad()) {...}}; a model in
 * eval mode may serve many threads at once (forward keeps no shared scratch).
 */
package vecnet.nn;
