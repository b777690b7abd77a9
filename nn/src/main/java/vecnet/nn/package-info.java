/**
 * Layers and models as {@link vecnet.nn.Module}s, PyTorch's {@code torch.nn} in Java idioms: {@code forward},
 * {@code parameters()}, {@code namedParameters()} with dotted names, {@code train()/eval()},
 * {@code zeroGrad()}, {@code stateDict()/loadStateDict(strict)}. Activations are channels-last (NHWC).
 * A module used twice (as in {@code new Sequential(l, act, l)}) has its parameters listed once.
 *
 * <p>A training step:
 * <pre>{@code
 * Sequential model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * Adam opt = new Adam(model.parameters(), Adam.Options.defaults().lr(1e-3).weightDecay(1e-4));
 * Loss criterion = new CrossEntropyLoss();
 * opt.zeroGrad();
 * Var loss = criterion.forward(model.forward(Var.constant(x)), labels); // labels: class indices (N) as floats
 * loss.backward();
 * opt.step();
 * }</pre>
 * Inference: {@code model.eval()} and {@code try (GradMode.Scope s = GradMode.noGrad()) {...}}; a model in
 * eval mode may serve many threads at once (forward keeps no shared scratch).
 */
package vecnet.nn;
