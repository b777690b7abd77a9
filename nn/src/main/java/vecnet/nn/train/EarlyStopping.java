package vecnet.nn.train;

/**
 * Stop when the monitored validation figure has not improved by more than {@code minDelta} for
 * {@code patience} epochs (Keras' {@code EarlyStopping}); with {@code restoreBest}, the model gets back
 * the weights of its best epoch, also when the run ends for another reason (the epoch or step budget, the
 * loss threshold, a listener's stop) after that epoch. A stop on a non-finite value keeps the last good
 * weights instead.
 *
 * <p>Thread safety: immutable: safe to share between threads.
 */
public record EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBest) {
    /** The figure watched: validation loss (lower is better) or validation accuracy (higher is better). */
    public enum Monitor {
        VAL_LOSS, VAL_ACCURACY
    }

    public EarlyStopping {
        if (monitor == null) {
            throw new IllegalArgumentException("monitor must not be null");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, was " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("minDelta must be finite and >= 0, was " + minDelta);
        }
    }

    /** Validation loss, the given patience, no minimum delta, best weights restored. */
    public static EarlyStopping onValLoss(int patience) {
        return new EarlyStopping(Monitor.VAL_LOSS, patience, 0, true);
    }

    /** Validation accuracy, the given patience, no minimum delta, best weights restored. */
    public static EarlyStopping onValAccuracy(int patience) {
        return new EarlyStopping(Monitor.VAL_ACCURACY, patience, 0, true);
    }

    /** The monitored value of {@code e}, as a figure to minimise. */
    double score(EpochStats e) {
        return monitor == Monitor.VAL_LOSS ? e.valLoss() : -e.valAccuracy();
    }
}
