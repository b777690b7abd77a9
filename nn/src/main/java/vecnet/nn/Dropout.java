package vecnet.nn;

import vecnet.core.Tensor;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;

/**
 * Inverted dropout: in training each element is zeroed with probability p and the survivors scaled by
 * 1/(1 − p), so eval is the identity. The mask comes from this module's own seeded generator (training
 * mode is single-threaded per module; eval touches no state), the numbers of {@code new
 * SplittableRandom(seed).nextDouble()}, with a state a checkpoint saves.
 *
 * <p>Thread safety: in eval mode (or with p = 0) forward touches no state and may run on many threads; in training
 * mode each forward advances this layer's unsynchronised generator, so one thread at a time, as for
 * {@link #randomState()} and {@link #setRandomState(long)}.
 */
public final class Dropout extends Module {
    private final double p;
    private final SplitMix64 rng;

    /** @throws IllegalArgumentException unless 0 <= p < 1 (p = 1 would scale the survivors by 1/0) */
    public Dropout(double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in [0, 1), was " + p);
        }
        this.p = p;
        this.rng = new SplitMix64(seed);
    }

    @Override
    public Var forward(Var x) {
        Args.requireNonNull("x", x);
        if (!isTraining() || p == 0) {
            return x;
        }
        Tensor mask = Workspace.zeros(x.shape());
        float keep = (float) (1 / (1 - p));
        for (int i = 0; i < mask.size(); i++) {
            mask.data()[i] = rng.nextDouble() < p ? 0f : keep;
        }
        return Ops.mul(x, Var.constant(mask));
    }

    /** The state of this layer's random stream (for checkpoints): the next masks follow from it alone. */
    public long randomState() {
        return rng.state();
    }

    /** Resumes the random stream at a state from {@link #randomState()}. */
    public void setRandomState(long state) {
        rng.setState(state);
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
