package vecnet.nn.data;

import java.util.Arrays;
import java.util.SplittableRandom;

import vecnet.core.Shape;
import vecnet.core.Tensor;

/**
 * An in-memory dataset: {@link #size()} samples, each a block of floats of one {@link #sampleShape()}
 * (e.g. (28, 28, 1) for NHWC images or (784,)), stored back to back in one array, with either a class
 * label per sample ({@link #numClasses()} &gt; 0) or float regression targets of one {@link #targetShape()}.
 *
 * <p>A dataset never copies the arrays it is built from: the factories wrap them, and {@link #subset},
 * {@link #split} and {@link #reshape} return views sharing them. {@link #select}, {@link #randomSplit} and
 * {@link #normalize} copy the features they return.
 *
 * <p>Thread safety: nothing in the library writes a dataset after it is made, so any number of threads may read
 * it; writes through the views of {@link #features()} and {@link #sample(int)}, or to the arrays it wraps, must
 * not overlap reads.
 */
public final class Dataset {
    private final float[] features;
    /** Index in {@code features} of sample 0's first value. */
    private final int featureOffset;
    private final int size;
    private final Shape sampleShape;
    private final int sampleSize;
    /** Class labels; {@code null} for regression. */
    private final int[] labels;
    private final int numClasses;
    /** Regression targets; {@code null} for classification. */
    private final float[] targets;
    /** Index in {@code labels} (or {@code targets}) of sample 0's label (or first target). */
    private final int targetOffset;
    private final Shape targetShape;
    private final int targetSize;

    /** The two parts of a split. */
    public record Split(Dataset first, Dataset second) {
    }

    private Dataset(float[] features, int featureOffset, int size, Shape sampleShape, int[] labels, int numClasses,
                    float[] targets, int targetOffset, Shape targetShape) {
        this.features = features;
        this.featureOffset = featureOffset;
        this.size = size;
        this.sampleShape = sampleShape;
        this.sampleSize = sampleShape.size();
        this.labels = labels;
        this.numClasses = numClasses;
        this.targets = targets;
        this.targetOffset = targetOffset;
        this.targetShape = targetShape;
        this.targetSize = targetShape.size();
    }

    /**
     * A classification dataset over {@code features} (not copied): {@code labels.length} samples of shape
     * {@code sampleDims}, sample i's values at {@code [i * sampleSize, (i + 1) * sampleSize)}.
     *
     * @param labels     class of each sample, in {@code [0, numClasses)} (not copied)
     * @param numClasses number of classes, at least 1
     */
    public static Dataset ofClasses(float[] features, int[] sampleDims, int[] labels, int numClasses) {
        if (features == null) {
            throw new IllegalArgumentException("features must not be null");
        }
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        Shape sample = positiveShape("sampleDims", sampleDims);
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, was " + numClasses);
        }
        int n = labels.length;
        if ((long) n * sample.size() != features.length) {
            throw new IllegalArgumentException("features has " + features.length + " floats but " + n
                    + " labels of samples of shape " + sample + " need " + (long) n * sample.size());
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + numClasses + "), was "
                        + labels[i]);
            }
        }
        return new Dataset(features, 0, n, sample, labels, numClasses, null, 0, Shape.of());
    }

    /**
     * A regression dataset over {@code features} and {@code targets} (neither copied): samples of shape
     * {@code sampleDims}, each with a target of shape {@code targetDims} ({@code new int[0]} for one scalar
     * per sample).
     */
    public static Dataset ofTargets(float[] features, int[] sampleDims, float[] targets, int[] targetDims) {
        if (features == null) {
            throw new IllegalArgumentException("features must not be null");
        }
        if (targets == null) {
            throw new IllegalArgumentException("targets must not be null");
        }
        Shape sample = positiveShape("sampleDims", sampleDims);
        Shape target = positiveShape("targetDims", targetDims);
        if (features.length % sample.size() != 0) {
            throw new IllegalArgumentException("features has " + features.length
                    + " floats, not a multiple of the sample size " + sample.size() + " of shape " + sample);
        }
        int n = features.length / sample.size();
        if ((long) n * target.size() != targets.length) {
            throw new IllegalArgumentException("targets has " + targets.length + " floats but " + n
                    + " samples with targets of shape " + target + " need " + (long) n * target.size());
        }
        return new Dataset(features, 0, n, sample, null, 0, targets, 0, target);
    }

    private static Shape positiveShape(String name, int[] dims) {
        if (dims == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException(name + "[" + i + "] must be > 0, was " + dims[i] + " (in "
                        + Arrays.toString(dims) + ")");
            }
        }
        return Shape.of(dims); // rejects sizes beyond int
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** Shape of one sample's features. */
    public Shape sampleShape() {
        return sampleShape;
    }

    /** Shape of one sample's target: scalar (rank 0) for a class label. */
    public Shape targetShape() {
        return targetShape;
    }

    /** Number of classes; 0 for a regression dataset. */
    public int numClasses() {
        return numClasses;
    }

    /** Whether the targets are class labels. */
    public boolean isClassification() {
        return labels != null;
    }

    /** All features as a view of shape (size, sampleShape...): writes go to the dataset. */
    public Tensor features() {
        return Tensor.wrap(features, featureOffset, withBatch(size, sampleShape));
    }

    /** Sample {@code i}'s features as a view of shape {@link #sampleShape()}. */
    public Tensor sample(int i) {
        checkIndex(i);
        return Tensor.wrap(features, featureOffset + i * sampleSize, sampleShape);
    }

    /**
     * The targets as a tensor of shape (size, targetShape...): a view for regression, a new tensor of the
     * labels as floats for classification.
     */
    public Tensor targets() {
        if (labels == null) {
            return Tensor.wrap(targets, targetOffset, withBatch(size, targetShape));
        }
        float[] y = new float[size];
        for (int i = 0; i < size; i++) {
            y[i] = labels[targetOffset + i];
        }
        return Tensor.of(y, size);
    }

    /** A copy of the class labels of all samples. */
    public int[] labels() {
        requireClasses("labels()");
        return Arrays.copyOfRange(labels, targetOffset, targetOffset + size);
    }

    /** The class label of sample {@code i}. */
    public int label(int i) {
        requireClasses("label(int)");
        checkIndex(i);
        return labels[targetOffset + i];
    }

    /** Samples {@code [from, to)} as a view sharing this dataset's arrays. */
    public Dataset subset(int from, int to) {
        if (from < 0 || from > to || to > size) {
            throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") must satisfy 0 <= from <= to <= "
                    + size);
        }
        return new Dataset(features, featureOffset + from * sampleSize, to - from, sampleShape, labels, numClasses,
                targets, targetOffset + from * targetSize, targetShape);
    }

    /** The samples at {@code indices}, in that order, copied into a new dataset (like PyTorch's Subset). */
    public Dataset select(int[] indices) {
        if (indices == null) {
            throw new IllegalArgumentException("indices must not be null");
        }
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= size) {
                throw new IndexOutOfBoundsException("indices[" + k + "] = " + indices[k] + " is outside [0, " + size
                        + ")");
            }
        }
        int n = indices.length;
        if ((long) n * sampleSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " indices of samples of " + sampleSize
                    + " floats exceed the largest array");
        }
        float[] x = new float[n * sampleSize];
        float[] y = labels == null ? new float[n * targetSize] : null;
        int[] l = labels == null ? null : new int[n];
        gather(indices, 0, n, x, y, l);
        return new Dataset(x, 0, n, sampleShape, l, numClasses, y, 0, targetShape);
    }

    /** The first {@code firstSize} samples and the rest, both views. */
    public Split split(int firstSize) {
        if (firstSize < 0 || firstSize > size) {
            throw new IllegalArgumentException("firstSize must be in [0, " + size + "], was " + firstSize);
        }
        return new Split(subset(0, firstSize), subset(firstSize, size));
    }

    /**
     * A seeded random split (e.g. train / validation): the first part gets {@code round(fraction * size)}
     * samples, the second the rest, both copies in a random order drawn from {@code seed}.
     */
    public Split randomSplit(double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
        }
        int firstSize = (int) Math.round(fraction * size);
        int[] perm = permutation(size, new SplittableRandom(seed));
        return new Split(select(Arrays.copyOfRange(perm, 0, firstSize)),
                select(Arrays.copyOfRange(perm, firstSize, size)));
    }

    /** Mean of all feature values (computed in double). */
    public double mean() {
        requireNonEmpty("mean()");
        double sum = 0;
        int end = featureOffset + size * sampleSize;
        for (int i = featureOffset; i < end; i++) {
            sum += features[i];
        }
        return sum / ((double) size * sampleSize);
    }

    /**
     * Population standard deviation of all feature values (divides by their count, not count - 1, as the
     * usual normalization constants do), computed in double in two passes.
     */
    public double std() {
        double mean = mean();
        double sum = 0;
        int end = featureOffset + size * sampleSize;
        for (int i = featureOffset; i < end; i++) {
            double d = features[i] - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / ((double) size * sampleSize));
    }

    /**
     * A new dataset with features {@code (x - mean) / std} (a new array; the targets are shared), as
     * torchvision's {@code Normalize}; e.g. {@code normalize(Mnist.MEAN, Mnist.STD)}.
     */
    public Dataset normalize(double mean, double std) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, was " + mean);
        }
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("std must be finite and > 0, was " + std);
        }
        int n = size * sampleSize;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((features[featureOffset + i] - mean) / std);
        }
        return new Dataset(x, 0, size, sampleShape, labels, numClasses, targets, targetOffset, targetShape);
    }

    /**
     * The same samples (a view, nothing copied) under another sample shape with as many values, e.g.
     * (28, 28, 1) to (784,); one dimension may be -1 (inferred).
     */
    public Dataset reshape(int... sampleDims) {
        if (sampleDims == null) {
            throw new IllegalArgumentException("sampleDims must not be null");
        }
        Shape s;
        try {
            s = sampleShape.reshape(sampleDims);
        } catch (IllegalArgumentException e) { // Shape says "dims"; the caller passed sampleDims
            throw new IllegalArgumentException("sampleDims: " + e.getMessage(), e);
        }
        return new Dataset(features, featureOffset, size, s, labels, numClasses, targets, targetOffset, targetShape);
    }

    /**
     * Copies samples {@code order[from, from + n)} into {@code x} (n * sampleSize floats) and their targets
     * into {@code y} (labels as floats, or targets), and the labels into {@code labelsOut} when classifying.
     */
    void gather(int[] order, int from, int n, float[] x, float[] y, int[] labelsOut) {
        for (int k = 0; k < n; k++) {
            int i = order[from + k];
            System.arraycopy(features, featureOffset + i * sampleSize, x, k * sampleSize, sampleSize);
        }
        if (labels != null) {
            for (int k = 0; k < n; k++) {
                int label = labels[targetOffset + order[from + k]];
                labelsOut[k] = label;
                if (y != null) {
                    y[k] = label;
                }
            }
        } else {
            for (int k = 0; k < n; k++) {
                System.arraycopy(targets, targetOffset + order[from + k] * targetSize, y, k * targetSize,
                        targetSize);
            }
        }
    }

    /** Number of floats per sample's target (1 for a class label). */
    int targetSize() {
        return targetSize;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static Shape withBatch(int n, Shape shape) {
        int[] d = new int[shape.rank() + 1];
        d[0] = n;
        for (int i = 0; i < shape.rank(); i++) {
            d[i + 1] = shape.dim(i);
        }
        return Shape.of(d);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("sample index " + i + " out of range [0, " + size + ")");
        }
    }

    private void requireClasses(String method) {
        if (labels == null) {
            throw new IllegalStateException(method + " needs a classification dataset; this one has regression"
                    + " targets of shape " + targetShape);
        }
    }

    private void requireNonEmpty(String method) {
        if (size == 0) {
            throw new IllegalStateException(method + " of an empty dataset");
        }
    }

    @Override
    public String toString() {
        return "Dataset(" + size + " samples of shape " + sampleShape + ", "
                + (labels != null ? numClasses + " classes" : "targets of shape " + targetShape) + ")";
    }
}
