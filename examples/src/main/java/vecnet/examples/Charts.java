package vecnet.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts (XChart) for the examples: one call per chart, headless. */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 600;

    /** How the y axis is drawn. */
    enum YScale { LINEAR, LOG }

    static {
        // charts are drawn off screen; without this a machine with no display fails in AWT
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /**
     * Writes a line chart to {@code png} (parent folders created). Each series maps a legend name to
     * {@code {xs, ys}} of equal lengths; with {@link YScale#LOG} every y must be finite and positive.
     * Returns {@code png}.
     */
    static Path lines(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series,
                      YScale yScale) throws IOException {
        if (png == null) {
            throw new IllegalArgumentException("png must not be null");
        }
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series must hold at least one series, was " + series);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setYAxisLogarithmic(yScale == YScale.LOG);
        chart.getStyler().setXAxisDecimalPattern("#0.##");
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] xy = e.getValue();
            check(e.getKey(), xy, yScale);
            XYSeries s = chart.addSeries(e.getKey(), xy[0], xy[1]);
            s.setMarker(SeriesMarkers.NONE);
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return png;
    }

    private static void check(String name, double[][] xy, YScale yScale) {
        if (xy == null || xy.length != 2 || xy[0] == null || xy[1] == null) {
            throw new IllegalArgumentException("series '" + name + "' must be {xs, ys}, was "
                    + (xy == null ? "null" : xy.length + " arrays"));
        }
        if (xy[0].length != xy[1].length || xy[0].length == 0) {
            throw new IllegalArgumentException("series '" + name + "' must have as many xs as ys (at least 1), were "
                    + xy[0].length + " and " + xy[1].length);
        }
        for (int i = 0; i < xy[1].length; i++) {
            double y = xy[1][i];
            if (!Double.isFinite(y) || !Double.isFinite(xy[0][i]) || (yScale == YScale.LOG && y <= 0)) {
                throw new IllegalArgumentException("series '" + name + "' point " + i + " must be finite"
                        + (yScale == YScale.LOG ? " with y > 0 on a log axis" : "") + ", was (" + xy[0][i] + ", "
                        + y + ")");
            }
        }
    }
}
