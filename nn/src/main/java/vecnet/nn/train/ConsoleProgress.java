package vecnet.nn.train;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * The built-in progress output of {@link Trainer}. On a terminal: a one-line bar redrawn in place at most
 * {@link #REDRAW_NANOS} apart (epoch, batches, loss, accuracy, samples/s, ETA), then one line per epoch.
 * Elsewhere (a log file, CI): only the line per epoch, so logs stay short. Turn it off with
 * {@link Trainer#progress(boolean)}, the system property {@value Trainer#PROGRESS_PROPERTY}{@code =off} or
 * the environment variable {@value Trainer#PROGRESS_ENV}{@code =off}.
 *
 * <p>Thread safety: not thread-safe (it keeps the time of the last redraw): one trainer, whose thread calls it.
 */
public final class ConsoleProgress implements TrainingListener {
    /** Time between two redraws of the bar: a time rule, not every N batches, so fast steps cost nothing. */
    static final long REDRAW_NANOS = 250_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final boolean terminal;
    private Plan plan;
    private long lastDraw;
    private long startNanos;
    private int width;

    /** Progress on {@code out}, with the bar only when the JVM runs on a terminal. */
    public ConsoleProgress(PrintStream out) {
        this(out, isTerminal());
    }

    /** Progress on {@code out}; {@code terminal} selects the redrawn bar. */
    public ConsoleProgress(PrintStream out, boolean terminal) {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onTrainStart(Plan p) {
        this.plan = p;
        this.startNanos = System.nanoTime();
        out.printf(Locale.ROOT, "training: %d epoch%s x %d batches (%,d samples per epoch)%s%n", p.epochs(),
                p.epochs() == 1 ? "" : "s", p.batchesPerEpoch(), p.samplesPerEpoch(),
                p.hasValidation() ? ", validation after each epoch" : "");
    }

    @Override
    public void onBatchEnd(BatchStats b) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && b.batch() != b.batchesPerEpoch()) {
            return;
        }
        lastDraw = now;
        double sps = b.samplesPerSecond();
        int done = (int) ((long) BAR_WIDTH * b.batch() / b.batchesPerEpoch());
        StringBuilder bar = new StringBuilder(BAR_WIDTH);
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < done ? '=' : i == done ? '>' : ' ');
        }
        double perBatch = b.epochNanos() / 1e9 / b.batch();
        double eta = perBatch * (b.batchesPerEpoch() - b.batch());
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d loss %.4f %,.0f samples/s ETA %s",
                b.epoch(), plan == null ? b.epoch() : plan.epochs(), bar, b.batch(), b.batchesPerEpoch(), b.loss(),
                sps, clock(eta));
        draw(line);
    }

    @Override
    public void onEpochEnd(EpochStats e) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f", e.epoch(),
                plan == null ? e.epoch() : plan.epochs(), e.trainLoss()));
        if (!Double.isNaN(e.trainAccuracy())) {
            s.append(String.format(Locale.ROOT, " acc %.2f%%", 100 * e.trainAccuracy()));
        }
        if (!Double.isNaN(e.valLoss())) {
            s.append(String.format(Locale.ROOT, " | val loss %.4f", e.valLoss()));
        }
        if (!Double.isNaN(e.valAccuracy())) {
            s.append(String.format(Locale.ROOT, " acc %.2f%%", 100 * e.valAccuracy()));
        }
        s.append(String.format(Locale.ROOT, " | lr %.3g | %.1f s, %,.0f samples/s", e.lr(), e.seconds(),
                e.samplesPerSecond()));
        if (terminal) {
            draw("");
            out.print('\r');
        }
        out.println(s);
        width = 0;
    }

    @Override
    public void onTrainEnd(History history, StopReason reason) {
        if (terminal && width > 0) {
            draw("");
            out.print('\r');
        }
        out.printf(Locale.ROOT, "training ended (%s) after %d epoch%s in %s%n", reason.name().toLowerCase(Locale.ROOT),
                history.size(), history.size() == 1 ? "" : "s", clock((System.nanoTime() - startNanos) / 1e9));
        out.flush();
    }

    private void draw(String line) {
        StringBuilder s = new StringBuilder().append('\r').append(line);
        for (int i = line.length(); i < width; i++) {
            s.append(' ');
        }
        width = line.length();
        out.print(s);
        out.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A console whose streams are a terminal; JDK 22+ has {@code Console.isTerminal()}, read reflectively. */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
