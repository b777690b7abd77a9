package vecnet.nn.data;

/**
 * Changes a training batch in place after the loader has gathered it (data augmentation). It must be a
 * function of its arguments only, so that a seeded run is reproducible: draw any randomness from
 * {@code (epoch, batch)} and a seed of the transform's own.
 *
 * <p>Thread safety: implementations need not be thread-safe: a {@link DataLoader} calls its transform on the
 * iterating thread, one batch at a time ({@link RandomShift} keeps a scratch buffer: one loader each).
 */
@FunctionalInterface
public interface BatchTransform {
    /**
     * @param b     the batch, to be changed in place
     * @param epoch 0-based epoch the batch belongs to
     * @param batch 0-based index of the batch in its epoch
     */
    void apply(Batch b, int epoch, int batch);
}
