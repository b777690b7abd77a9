package vecnet.nn.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import vecnet.core.Tensor;

/**
 * Counts of (actual class, predicted class) pairs, with accuracy, per-class precision, recall and F1.
 * Rows are the actual classes, columns the predictions (scikit-learn's layout). A ratio whose
 * denominator is zero (a class never seen, or never predicted) is {@code NaN}.
 *
 * <p>Thread safety: not thread-safe: the counts change in place ({@link #add}, {@link #reset()}); one thread at a
 * time, or readers only once counting is done.
 */
public final class ConfusionMatrix {
    /** The most classes whose numClasses² counts fit one array. */
    static final int MAX_CLASSES = 46_340;

    private final int classes;
    private final List<String> names;
    private final long[] counts;

    /** A matrix for classes 0 … numClasses − 1, named by their index. */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1 || numClasses > MAX_CLASSES) {
            throw new IllegalArgumentException("numClasses must be in [1, " + MAX_CLASSES + "], was " + numClasses);
        }
        List<String> n = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            n.add(Integer.toString(i));
        }
        this.classes = numClasses;
        this.names = Collections.unmodifiableList(n);
        this.counts = new long[numClasses * numClasses];
    }

    /** A matrix with one class per name, class i named {@code classNames.get(i)}. */
    public ConfusionMatrix(List<String> classNames) {
        if (classNames == null || classNames.isEmpty() || classNames.size() > MAX_CLASSES) {
            throw new IllegalArgumentException("classNames must be a list of 1 to " + MAX_CLASSES + " names, was "
                    + (classNames == null ? "null" : classNames.size() + " names"));
        }
        List<String> n = new ArrayList<>(classNames.size());
        for (int i = 0; i < classNames.size(); i++) {
            String s = classNames.get(i);
            if (s == null) {
                throw new IllegalArgumentException("classNames[" + i + "] must not be null");
            }
            n.add(s);
        }
        this.classes = n.size();
        this.names = Collections.unmodifiableList(n);
        this.counts = new long[classes * classes];
    }

    public int numClasses() {
        return classes;
    }

    /** The class names, index i for class i. */
    public List<String> classNames() {
        return names;
    }

    /** Counts one sample of class {@code actual} predicted as {@code predicted}. */
    public void add(int actual, int predicted) {
        checkClass("actual", actual);
        checkClass("predicted", predicted);
        counts[actual * classes + predicted]++;
    }

    /**
     * Counts the first {@code n} pairs (actual[i], predicted[i]). All of them are checked before any is
     * counted, so a bad entry leaves the matrix unchanged.
     */
    public void add(int[] actual, int[] predicted, int n) {
        if (actual == null || predicted == null) {
            throw new IllegalArgumentException("actual and predicted must not be null");
        }
        if (n < 0 || n > actual.length || n > predicted.length) {
            throw new IllegalArgumentException("n must be in [0, min(actual.length, predicted.length)] = [0, "
                    + Math.min(actual.length, predicted.length) + "], was " + n);
        }
        for (int i = 0; i < n; i++) {
            if (actual[i] < 0 || actual[i] >= classes) {
                throw new IllegalArgumentException("actual[" + i + "] must be in [0, " + classes + "), was " + actual[i]);
            }
            if (predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("predicted[" + i + "] must be in [0, " + classes + "), was "
                        + predicted[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            counts[actual[i] * classes + predicted[i]]++;
        }
    }

    /**
     * Counts each row of {@code logits} (N, numClasses) as predicting its argmax ({@link Metrics#argmax})
     * for the true class {@code labels[i]}; {@code labels} must have length N.
     */
    public void addLogits(Tensor logits, int[] labels) {
        int c = Metrics.checkLogits(logits);
        if (c != classes) {
            throw new IllegalArgumentException("logits must have " + classes + " columns (one per class), shape was "
                    + logits.shape());
        }
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        int n = logits.dim(0);
        if (labels.length != n) {
            throw new IllegalArgumentException("labels must have length " + n + " (rows of logits), was " + labels.length);
        }
        Metrics.checkLabels(labels, n, classes);
        float[] d = logits.data();
        int off = logits.offset();
        for (int i = 0; i < n; i++) {
            counts[labels[i] * classes + Metrics.argmaxRow(d, off + i * c, c)]++;
        }
    }

    /** Forgets every count. */
    public void reset() {
        Arrays.fill(counts, 0);
    }

    /** Samples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        checkIndex("actual", actual);
        checkIndex("predicted", predicted);
        return counts[actual * classes + predicted];
    }

    /** All samples counted. */
    public long total() {
        long t = 0;
        for (int i = 0; i < counts.length; i++) {
            t += counts[i];
        }
        return t;
    }

    /** Samples on the diagonal. */
    public long correct() {
        long t = 0;
        for (int k = 0; k < classes; k++) {
            t += counts[k * classes + k];
        }
        return t;
    }

    /** Fraction of samples predicted right; NaN when nothing was counted. */
    public double accuracy() {
        return ratio(correct(), total());
    }

    /** The recall of every class (its samples predicted right); NaN for a class without samples. */
    public double[] perClassAccuracy() {
        double[] r = new double[classes];
        for (int k = 0; k < classes; k++) {
            r[k] = ratio(counts[k * classes + k], actualCount(k));
        }
        return r;
    }

    /** Of the samples predicted as {@code k}, the fraction that are {@code k}; NaN if k was never predicted. */
    public double precision(int k) {
        checkIndex("k", k);
        return ratio(counts[k * classes + k], predictedCount(k));
    }

    /** Of the samples of class {@code k}, the fraction predicted as {@code k}; NaN if k has no samples. */
    public double recall(int k) {
        checkIndex("k", k);
        return ratio(counts[k * classes + k], actualCount(k));
    }

    /** Harmonic mean of precision and recall; NaN if either is NaN, 0 if both are 0. */
    public double f1(int k) {
        double p = precision(k);
        double r = recall(k);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private long actualCount(int k) {
        long t = 0;
        for (int j = 0; j < classes; j++) {
            t += counts[k * classes + j];
        }
        return t;
    }

    private long predictedCount(int k) {
        long t = 0;
        for (int i = 0; i < classes; i++) {
            t += counts[i * classes + k];
        }
        return t;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    private void checkClass(String what, int k) {
        if (k < 0 || k >= classes) {
            throw new IllegalArgumentException(what + " must be in [0, " + classes + "), was " + k);
        }
    }

    private void checkIndex(String what, int k) {
        if (k < 0 || k >= classes) {
            throw new IndexOutOfBoundsException(what + " must be in [0, " + classes + "), was " + k);
        }
    }

    /**
     * The matrix as an aligned text table: one row per actual class with its recall, a precision line
     * under the columns, then the accuracy. Ratios have 4 decimals; NaN prints as "-".
     */
    public String format() {
        String corner = "actual \\ predicted";
        int nameWidth = corner.length();
        int cell = "precision".length();
        long max = 0;
        for (int i = 0; i < counts.length; i++) {
            max = Math.max(max, counts[i]);
        }
        cell = Math.max(cell, Long.toString(max).length());
        for (int k = 0; k < classes; k++) {
            nameWidth = Math.max(nameWidth, names.get(k).length());
            cell = Math.max(cell, names.get(k).length());
        }
        StringBuilder b = new StringBuilder();
        pad(b, corner, nameWidth, false);
        for (int k = 0; k < classes; k++) {
            b.append(' ');
            pad(b, names.get(k), cell, true);
        }
        b.append(" | ");
        pad(b, "recall", cell, true);
        b.append('\n');
        for (int i = 0; i < classes; i++) {
            pad(b, names.get(i), nameWidth, false);
            for (int j = 0; j < classes; j++) {
                b.append(' ');
                pad(b, Long.toString(counts[i * classes + j]), cell, true);
            }
            b.append(" | ");
            pad(b, fraction(recall(i)), cell, true);
            b.append('\n');
        }
        pad(b, "precision", nameWidth, false);
        for (int k = 0; k < classes; k++) {
            b.append(' ');
            pad(b, fraction(precision(k)), cell, true);
        }
        b.append('\n');
        b.append("accuracy ").append(fraction(accuracy())).append(" (").append(correct()).append(" of ")
                .append(total()).append(")\n");
        return b.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    private static String fraction(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void pad(StringBuilder b, String s, int width, boolean right) {
        if (!right) {
            b.append(s);
        }
        for (int i = s.length(); i < width; i++) {
            b.append(' ');
        }
        if (right) {
            b.append(s);
        }
    }
}
