package vecnet.nn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@link EpochStats} of a training run in epoch order, with CSV, JSON and SVG export. The files
 * are written atomically (a temporary file in the same directory renamed over the target), so a
 * dashboard polling them never reads half a file.
 *
 * <p>Thread safety: not thread-safe: the trainer appends to it; read or export it on that thread, or after
 * {@link Trainer#fit} returns.
 */
public final class History {
    /** The CSV header and the JSON keys: the {@link EpochStats} component names, in order. */
    static final String[] FIELDS = {"epoch", "steps", "trainLoss", "trainAccuracy", "valLoss", "valAccuracy", "lr",
        "seconds", "samplesPerSecond"};

    private final List<EpochStats> epochs = new ArrayList<>();

    public History() {
    }

    /** Appends an epoch; its number must be greater than the last one's. */
    public void add(EpochStats stats) {
        if (stats == null) {
            throw new IllegalArgumentException("stats must not be null");
        }
        if (!epochs.isEmpty() && stats.epoch() <= last().epoch()) {
            throw new IllegalArgumentException("epoch must be greater than the last epoch " + last().epoch() + ", was "
                    + stats.epoch());
        }
        epochs.add(stats);
    }

    /** The epochs so far, oldest first (a read-only view). */
    public List<EpochStats> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public int size() {
        return epochs.size();
    }

    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    /** The latest epoch; IllegalStateException when the history is empty. */
    public EpochStats last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("the history is empty");
        }
        return epochs.get(epochs.size() - 1);
    }

    /**
     * The best epoch where {@code better} sorts better epochs first (the minimum under it; the earliest
     * on ties), e.g. {@code Comparator.comparingDouble(EpochStats::valLoss)}; empty when the history is.
     */
    public Optional<EpochStats> best(Comparator<? super EpochStats> better) {
        if (better == null) {
            throw new IllegalArgumentException("better must not be null");
        }
        EpochStats best = null;
        for (int i = 0; i < epochs.size(); i++) {
            EpochStats e = epochs.get(i);
            if (best == null || better.compare(e, best) < 0) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The earliest epoch with the lowest validation loss; NaN losses are skipped (empty if all are NaN). */
    public Optional<EpochStats> bestByValLoss() {
        EpochStats best = null;
        for (int i = 0; i < epochs.size(); i++) {
            EpochStats e = epochs.get(i);
            if (!Double.isNaN(e.valLoss()) && (best == null || e.valLoss() < best.valLoss())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The earliest epoch with the highest validation accuracy; NaNs are skipped (empty if all are NaN). */
    public Optional<EpochStats> bestByValAccuracy() {
        EpochStats best = null;
        for (int i = 0; i < epochs.size(); i++) {
            EpochStats e = epochs.get(i);
            if (!Double.isNaN(e.valAccuracy()) && (best == null || e.valAccuracy() > best.valAccuracy())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * CSV with a header line of the field names and one line per epoch ("\n" line ends). Numbers are
     * written with the shortest digits that read back to the same double ({@link Double#toString});
     * NaN is an empty field (what spreadsheets and pandas read as missing); infinities are
     * "Infinity" / "-Infinity".
     */
    public String toCsv() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < FIELDS.length; i++) {
            b.append(i == 0 ? "" : ",").append(FIELDS[i]);
        }
        b.append('\n');
        for (int i = 0; i < epochs.size(); i++) {
            EpochStats e = epochs.get(i);
            b.append(e.epoch()).append(',').append(e.steps());
            double[] v = doubles(e);
            for (int j = 0; j < v.length; j++) {
                b.append(',');
                if (!Double.isNaN(v[j])) {
                    b.append(v[j]);
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * A JSON array with one object per epoch, keys the field names. JSON has no NaN or infinity, so
     * those are written as {@code null}.
     */
    public String toJson() {
        if (epochs.isEmpty()) {
            return "[]\n";
        }
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < epochs.size(); i++) {
            EpochStats e = epochs.get(i);
            b.append("  {\"").append(FIELDS[0]).append("\": ").append(e.epoch());
            b.append(", \"").append(FIELDS[1]).append("\": ").append(e.steps());
            double[] v = doubles(e);
            for (int j = 0; j < v.length; j++) {
                b.append(", \"").append(FIELDS[j + 2]).append("\": ");
                if (Double.isFinite(v[j])) {
                    b.append(v[j]);
                } else {
                    b.append("null");
                }
            }
            b.append(i + 1 < epochs.size() ? "},\n" : "}\n");
        }
        return b.append("]\n").toString();
    }

    /** Writes {@link #toCsv()} to {@code path} atomically. */
    public void writeCsv(Path path) throws IOException {
        AtomicFiles.writeString(path, toCsv());
    }

    /** Writes {@link #toJson()} to {@code path} atomically. */
    public void writeJson(Path path) throws IOException {
        AtomicFiles.writeString(path, toJson());
    }

    /** Writes the loss and accuracy curves ({@link SvgChart#history}) to {@code path} atomically. */
    public void writeSvg(Path path, String title) throws IOException {
        String svg = SvgChart.history(this, title);
        AtomicFiles.writeString(path, svg);
    }

    /** The double fields after epoch and steps, in {@link #FIELDS} order. */
    private static double[] doubles(EpochStats e) {
        return new double[] {e.trainLoss(), e.trainAccuracy(), e.valLoss(), e.valAccuracy(), e.lr(), e.seconds(),
            e.samplesPerSecond()};
    }
}
