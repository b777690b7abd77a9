package vecnet.nn;

import vecnet.nn.autograd.Var;

/**
 * What a recurrent layer returns, as PyTorch's {@code output, h_n} or {@code output, (h_n, c_n)}: the
 * last layer's hidden state at every step (T, N, D·H), or (N, T, D·H) batch-first, and the final hidden
 * (and, for an LSTM, cell) state of every layer and direction (layers·D, N, H), layer-major, forward
 * direction first. Gradients flow back from any of them.
 *
 * <p>Thread safety: the fields are final, but a {@link Var} is not thread-safe: use the states on the thread that
 * made them.
 *
 * @param cN the final cell states, null for {@link RNN} and {@link GRU}
 */
public record RecurrentOutput(Var output, Var hN, Var cN) {
}
