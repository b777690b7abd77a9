package vecnet.nn.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import vecnet.core.Shape;
import vecnet.core.Tensor;

/**
 * Mini-batches of a {@link Dataset}, like PyTorch's {@code DataLoader}. Each {@link #iterator()} call is
 * one epoch: with {@code shuffle} the samples come in a permutation drawn from {@code (seed, epoch)}, so
 * a run is reproducible, every epoch differs, and {@link #setEpoch} resumes any epoch's order; without it
 * they come in dataset order. The last, smaller batch is kept unless {@code dropLast}.
 *
 * <p>Batches live in buffers allocated once: every full batch is the same {@link Batch} over the same
 * arrays, overwritten by the next one (the last partial batch has its own, smaller buffers, so its first
 * dimension is the remainder). Copy what must outlive the step. For the same reason only the iterator of
 * the latest epoch may be used; an older one throws {@link IllegalStateException}.
 *
 * <p>Thread safety: not thread-safe: one thread (it holds the epoch, the sample order, the reused batch buffers
 * and the transform).
 */
public final class DataLoader implements Iterable<Batch> {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int batchesPerEpoch;
    /** Samples in the last batch if it is partial and kept, else 0. */
    private final int remainder;
    private final int[] order;
    private BatchTransform transform;
    private Batch fullBatch;
    private Batch lastBatch;
    private int epoch;
    /** Incremented by every iterator() and setEpoch(): an iterator is valid while it matches. */
    private long generation;

    /**
     * @param batchSize samples per batch, at least 1; with {@code dropLast} at most the dataset size
     * @param shuffle   whether each epoch draws a new permutation from {@code seed} and the epoch number
     * @param dropLast  whether to drop the last batch when it has fewer than {@code batchSize} samples
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (dataset == null) {
            throw new IllegalArgumentException("dataset must not be null");
        }
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("dataset must not be empty, was " + dataset);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (dropLast && batchSize > dataset.size()) {
            throw new IllegalArgumentException("with dropLast, batchSize must be <= the dataset size "
                    + dataset.size() + " (else no batch is produced), was " + batchSize);
        }
        int sampleSize = dataset.sampleShape().size();
        if ((long) Math.min(batchSize, dataset.size()) * sampleSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batchSize " + batchSize + " of samples of " + sampleSize
                    + " floats exceeds the largest array");
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        int n = dataset.size();
        int rest = n % batchSize;
        this.remainder = dropLast ? 0 : rest;
        this.batchesPerEpoch = n / batchSize + (remainder > 0 ? 1 : 0);
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
    }

    /**
     * Applies {@code t} to every batch after gathering it (augmentation of training data; leave the
     * evaluation loaders without one). {@code null} removes it. Returns this.
     */
    public DataLoader transform(BatchTransform t) {
        this.transform = t;
        return this;
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public boolean dropLast() {
        return dropLast;
    }

    /** Batches in one epoch (PyTorch's {@code len(loader)}). */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Epochs started so far, i.e. the number of the epoch the next {@link #iterator()} starts. */
    public int epoch() {
        return epoch;
    }

    /** Makes the next {@link #iterator()} start epoch {@code epoch} (with that epoch's order), e.g. to resume. */
    public void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
        }
        this.epoch = epoch;
        generation++;
    }

    /** Starts the next epoch; the batches it returns are overwritten by later ones. */
    @Override
    public Iterator<Batch> iterator() {
        if (shuffle) {
            shuffleOrder(epoch);
        }
        int epochOfIterator = epoch;
        epoch++;
        long gen = ++generation;
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batchesPerEpoch;
            }

            @Override
            public Batch next() {
                if (gen != generation) {
                    throw new IllegalStateException("this iterator's epoch was superseded by a later iterator() or"
                            + " setEpoch(); its batch buffers are in use elsewhere");
                }
                if (next >= batchesPerEpoch) {
                    throw new NoSuchElementException("all " + batchesPerEpoch + " batches of this epoch were returned");
                }
                int from = next * batchSize;
                boolean partial = remainder > 0 && next == batchesPerEpoch - 1;
                next++;
                Batch b = partial ? lastBatch() : fullBatch();
                dataset.gather(order, from, b.size(), b.x().data(), b.y().data(), b.labels());
                if (transform != null) {
                    transform.apply(b, epochOfIterator, next - 1);
                }
                return b;
            }
        };
    }

    /** Sets {@code order} to epoch {@code e}'s permutation, which depends on nothing but (seed, e). */
    private void shuffleOrder(int e) {
        int n = order.length;
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Mixed, not seed + e: SplittableRandom seeds one gamma apart give shifted copies of one sequence.
        SplittableRandom rng = new SplittableRandom(mix64(mix64(seed) + GOLDEN_GAMMA * (e + 1L)));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private Batch fullBatch() {
        if (fullBatch == null) {
            fullBatch = newBatch(batchSize);
        }
        return fullBatch;
    }

    private Batch lastBatch() {
        if (lastBatch == null) {
            lastBatch = newBatch(remainder);
        }
        return lastBatch;
    }

    private Batch newBatch(int n) {
        Shape xs = Dataset.withBatch(n, dataset.sampleShape());
        Shape ys = Dataset.withBatch(n, dataset.targetShape());
        Tensor x = Tensor.wrap(new float[xs.size()], 0, xs);
        Tensor y = Tensor.wrap(new float[ys.size()], 0, ys);
        return new Batch(x, y, dataset.isClassification() ? new int[n] : null);
    }

    /** The SplitMix64 finalizer: a bijective mix of all 64 bits. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "DataLoader(" + dataset + ", batchSize " + batchSize + ", shuffle " + shuffle + ", dropLast "
                + dropLast + ", " + batchesPerEpoch + " batches per epoch)";
    }
}
