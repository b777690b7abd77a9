package vecnet.nn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line charts as self-contained SVG text: no scripts, no external fonts (the generic "sans-serif"),
 * no dependency. Axes get rounded ticks (1, 2 or 5 × 10^k), each curve a colour and a legend entry.
 * Non-finite points are skipped: a curve joins its remaining points, and a curve with none is left
 * out. Every point gets a small marker while a curve has at most {@value #MARKER_LIMIT} points, so a
 * single epoch still shows. Titles and names are XML-escaped.
 *
 * <p>Elements carry classes for tools (and tests): each panel is a {@code g.panel} holding a
 * {@code rect.plot-area}, and each curve a {@code g.series} with its name as {@code <title>}, a
 * {@code polyline} (two points or more) and {@code circle.marker}s.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads; {@link #write} replaces the file
 * atomically.
 */
public final class SvgChart {
    /** Curves with at most this many points get a marker on every point. */
    static final int MARKER_LIMIT = 40;

    private static final String[] COLORS = {"#1f5fbf", "#e8731a", "#2e9b3e", "#c8322d", "#7a4fb5", "#178a94",
        "#b8860b", "#cc4c99"};
    private static final int TITLE_BAND = 36;
    private static final double CHAR_WIDTH = 6.5;

    private SvgChart() {
    }

    /**
     * One curve: {@code y[i]} over {@code x[i]}. The arrays are copied; they must have the same length.
     */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (name == null) {
                throw new IllegalArgumentException("name must not be null");
            }
            if (x == null || y == null) {
                throw new IllegalArgumentException("x and y of series '" + name + "' must not be null");
            }
            if (x.length != y.length) {
                throw new IllegalArgumentException("x and y of series '" + name + "' must have the same length, were "
                        + x.length + " and " + y.length);
            }
            x = x.clone();
            y = y.clone();
        }

        /** A curve over 1, 2, 3, … (epochs, iterations). */
        public static Series of(String name, double[] y) {
            if (y == null) {
                throw new IllegalArgumentException("y of series '" + name + "' must not be null");
            }
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            return new Series(name, x, y);
        }
    }

    /** One chart of the given curves (e.g. a loss per iteration, a convergence plot) as SVG text. */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        requireText("title", title);
        requireText("xLabel", xLabel);
        requireText("yLabel", yLabel);
        if (series == null) {
            throw new IllegalArgumentException("series must not be null");
        }
        for (int i = 0; i < series.size(); i++) {
            if (series.get(i) == null) {
                throw new IllegalArgumentException("series[" + i + "] must not be null");
            }
        }
        int w = 640;
        int h = 400;
        StringBuilder b = begin(w, h + TITLE_BAND, title);
        panel(b, new Panel("", xLabel, yLabel, List.copyOf(series), 0), 0, TITLE_BAND, w, h);
        return end(b);
    }

    /**
     * The loss (train and validation) and the accuracy (train and validation) per epoch, two panels side
     * by side. A panel whose curves are all NaN (no validation set, a regression loss) says "no data".
     */
    public static String history(History history, String title) {
        if (history == null) {
            throw new IllegalArgumentException("history must not be null");
        }
        requireText("title", title);
        List<EpochStats> e = history.epochs();
        int n = e.size();
        double[] epoch = new double[n];
        double[] trainLoss = new double[n];
        double[] valLoss = new double[n];
        double[] trainAcc = new double[n];
        double[] valAcc = new double[n];
        for (int i = 0; i < n; i++) {
            EpochStats s = e.get(i);
            epoch[i] = s.epoch();
            trainLoss[i] = s.trainLoss();
            valLoss[i] = s.valLoss();
            trainAcc[i] = s.trainAccuracy();
            valAcc[i] = s.valAccuracy();
        }
        int w = 480;
        int h = 360;
        StringBuilder b = begin(2 * w, h + TITLE_BAND, title);
        panel(b, new Panel("Loss", "epoch", "loss", List.of(new Series("train", epoch, trainLoss),
                new Series("validation", epoch, valLoss)), 1), 0, TITLE_BAND, w, h);
        panel(b, new Panel("Accuracy", "epoch", "accuracy", List.of(new Series("train", epoch, trainAcc),
                new Series("validation", epoch, valAcc)), 1), w, TITLE_BAND, w, h);
        return end(b);
    }

    /** Writes SVG text (from {@link #lines} or {@link #history}) to {@code path} atomically. */
    public static void write(Path path, String svg) throws IOException {
        if (svg == null) {
            throw new IllegalArgumentException("svg must not be null");
        }
        AtomicFiles.writeString(path, svg);
    }

    /** A plot: its curves and the smallest x tick step (1 for epochs, 0 for none). */
    private record Panel(String title, String xLabel, String yLabel, List<Series> series, double minXStep) {
    }

    private static StringBuilder begin(int w, int h, String title) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        b.append("<title>").append(escape(title)).append("</title>\n");
        b.append("<rect width=\"").append(w).append("\" height=\"").append(h).append("\" fill=\"white\"/>\n");
        b.append("<text class=\"title\" x=\"").append(w / 2).append("\" y=\"24\" text-anchor=\"middle\" font-size=\"16\""
                + " font-weight=\"bold\">").append(escape(title)).append("</text>\n");
        return b;
    }

    private static String end(StringBuilder b) {
        return b.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder b, Panel p, double ox, double oy, double w, double h) {
        double left = ox + 64;
        double right = ox + w - 20;
        double top = oy + 48;
        double bottom = oy + h - 44;
        b.append("<g class=\"panel\">\n");
        if (!p.title().isEmpty()) {
            b.append("<text class=\"panel-title\" x=\"").append(num((left + right) / 2)).append("\" y=\"")
                    .append(num(oy + 14)).append("\" text-anchor=\"middle\" font-size=\"13\">").append(escape(p.title()))
                    .append("</text>\n");
        }
        b.append("<text class=\"x-label\" x=\"").append(num((left + right) / 2)).append("\" y=\"").append(num(bottom + 36))
                .append("\" text-anchor=\"middle\">").append(escape(p.xLabel())).append("</text>\n");
        double ly = (top + bottom) / 2;
        b.append("<text class=\"y-label\" x=\"").append(num(ox + 14)).append("\" y=\"").append(num(ly))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 ").append(num(ox + 14)).append(' ')
                .append(num(ly)).append(")\">").append(escape(p.yLabel())).append("</text>\n");

        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        List<Series> shown = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        for (int k = 0; k < p.series().size(); k++) {
            Series s = p.series().get(k);
            int finite = 0;
            for (int i = 0; i < s.x().length; i++) {
                if (finite(s, i)) {
                    finite++;
                    xMin = Math.min(xMin, s.x()[i]);
                    xMax = Math.max(xMax, s.x()[i]);
                    yMin = Math.min(yMin, s.y()[i]);
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
            if (finite > 0) {
                shown.add(s);
                colors.add(COLORS[k % COLORS.length]);
            }
        }
        if (shown.isEmpty()) {
            plotArea(b, left, top, right, bottom);
            b.append("<text class=\"no-data\" x=\"").append(num((left + right) / 2)).append("\" y=\"")
                    .append(num((top + bottom) / 2)).append("\" text-anchor=\"middle\" fill=\"#888\">no data</text>\n");
            b.append("</g>\n");
            return;
        }
        Ticks xt = Ticks.of(xMin, xMax, p.minXStep());
        Ticks yt = Ticks.of(yMin, yMax, 0);
        b.append("<g class=\"x-ticks\" text-anchor=\"middle\">\n");
        for (int i = 0; i < xt.count(); i++) {
            double px = left + (xt.value(i) - xt.lo()) / (xt.hi() - xt.lo()) * (right - left);
            gridLine(b, px, top, px, bottom);
            b.append("<text x=\"").append(num(px)).append("\" y=\"").append(num(bottom + 16)).append("\">")
                    .append(xt.label(i)).append("</text>\n");
        }
        b.append("</g>\n<g class=\"y-ticks\" text-anchor=\"end\">\n");
        for (int i = 0; i < yt.count(); i++) {
            double py = bottom - (yt.value(i) - yt.lo()) / (yt.hi() - yt.lo()) * (bottom - top);
            gridLine(b, left, py, right, py);
            b.append("<text x=\"").append(num(left - 6)).append("\" y=\"").append(num(py + 4)).append("\">")
                    .append(yt.label(i)).append("</text>\n");
        }
        b.append("</g>\n");
        // the frame over the grid lines that end on it
        plotArea(b, left, top, right, bottom);
        b.append("<g class=\"legend\">\n");
        double lx = left;
        double legendY = oy + 32;
        for (int k = 0; k < shown.size(); k++) {
            String color = colors.get(k);
            b.append("<line x1=\"").append(num(lx)).append("\" y1=\"").append(num(legendY)).append("\" x2=\"")
                    .append(num(lx + 18)).append("\" y2=\"").append(num(legendY)).append("\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\"/>\n");
            b.append("<text x=\"").append(num(lx + 22)).append("\" y=\"").append(num(legendY + 4)).append("\">")
                    .append(escape(shown.get(k).name())).append("</text>\n");
            lx += 22 + CHAR_WIDTH * shown.get(k).name().length() + 16;
        }
        b.append("</g>\n");
        for (int k = 0; k < shown.size(); k++) {
            Series s = shown.get(k);
            String color = colors.get(k);
            b.append("<g class=\"series\">\n<title>").append(escape(s.name())).append("</title>\n");
            StringBuilder pts = new StringBuilder();
            StringBuilder markers = new StringBuilder();
            int count = 0;
            for (int i = 0; i < s.x().length; i++) {
                if (!finite(s, i)) {
                    continue;
                }
                double px = left + (s.x()[i] - xt.lo()) / (xt.hi() - xt.lo()) * (right - left);
                double py = bottom - (s.y()[i] - yt.lo()) / (yt.hi() - yt.lo()) * (bottom - top);
                if (count > 0) {
                    pts.append(' ');
                }
                pts.append(num(px)).append(',').append(num(py));
                markers.append("<circle class=\"marker\" cx=\"").append(num(px)).append("\" cy=\"").append(num(py))
                        .append("\" r=\"2.5\" fill=\"").append(color).append("\"/>\n");
                count++;
            }
            if (count >= 2) {
                b.append("<polyline points=\"").append(pts).append("\" fill=\"none\" stroke=\"").append(color)
                        .append("\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n");
            }
            if (count <= MARKER_LIMIT) {
                b.append(markers);
            }
            b.append("</g>\n");
        }
        b.append("</g>\n");
    }

    private static void plotArea(StringBuilder b, double left, double top, double right, double bottom) {
        b.append("<rect class=\"plot-area\" x=\"").append(num(left)).append("\" y=\"").append(num(top))
                .append("\" width=\"").append(num(right - left)).append("\" height=\"").append(num(bottom - top))
                .append("\" fill=\"none\" stroke=\"#444\"/>\n");
    }

    private static boolean finite(Series s, int i) {
        return Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]);
    }

    private static void gridLine(StringBuilder b, double x1, double y1, double x2, double y2) {
        b.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
                .append("\" y2=\"").append(num(y2)).append("\" stroke=\"#e4e4e4\"/>\n");
    }

    /** A pixel coordinate with two decimals (plain notation: coordinates are far from 1e7). */
    private static String num(double v) {
        double r = Math.round(v * 100) / 100.0;
        return r == (long) r ? Long.toString((long) r) : Double.toString(r);
    }

    private static void requireText(String what, String s) {
        if (s == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
    }

    /** XML text and attribute escaping; characters XML 1.0 cannot hold become U+FFFD. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c)
                            || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * Axis ticks lo, lo + step, …, hi covering the data, with step 1, 2 or 5 × 10^k (at least
     * {@code minStep}) giving about five intervals. A single value gets a range around it.
     */
    record Ticks(long first, int count, double step) {
        static Ticks of(double min, double max, double minStep) {
            double lo = min;
            double hi = max;
            if (!(hi > lo)) {
                double pad = minStep > 0 ? minStep : (lo == 0 ? 1 : Math.abs(lo) * 0.1);
                lo -= pad;
                hi += pad;
            }
            double raw = hi / 5 - lo / 5; // not (hi - lo) / 5, which overflows for ranges near Double.MAX_VALUE
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / mag;
            // the slack keeps 0.2 / 0.1 = 2.0000000000000004 from jumping to the next nice number
            double step = (f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10) * mag;
            step = Math.max(step, minStep);
            long first = (long) Math.floor(lo / step);
            long last = (long) Math.ceil(hi / step);
            // floating rounding can put a data point a hair outside the nice range: widen by a step
            if (first * step > lo) {
                first--;
            }
            if (last * step < hi) {
                last++;
            }
            return new Ticks(first, (int) (last - first) + 1, step);
        }

        double value(int i) {
            return (first + i) * step;
        }

        double lo() {
            return value(0);
        }

        double hi() {
            return value(count - 1);
        }

        String label(int i) {
            int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
            return String.format(Locale.ROOT, "%." + Math.min(decimals, 12) + "f", value(i));
        }
    }
}
