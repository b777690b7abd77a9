package vecnet.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.train.MetricsTest.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vecnet.nn.train.SvgChart.Series;
import vecnet.nn.train.Xml.Element;

class SvgChartTest {
    /** Coordinates are written with two decimals. */
    private static final double PIXEL_TOL = 0.011;
    private static final double TOL = 1e-9;

    static Element parse(String svg) {
        return Xml.parse(svg);
    }

    static List<Element> byClass(Element root, String tag, String cls) {
        return root.find(tag, cls);
    }

    /** The plot box of a panel: x, y, x + width, y + height. */
    static double[] box(Element panel) {
        Element r = byClass(panel, "rect", "plot-area").get(0);
        double x = r.number("x");
        double y = r.number("y");
        return new double[] {x, y, x + r.number("width"), y + r.number("height")};
    }

    static double[][] points(Element polyline) {
        String[] pairs = polyline.attr("points").trim().split(" ");
        double[][] p = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            String[] xy = pairs[i].split(",");
            p[i] = new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
        }
        return p;
    }

    static String seriesName(Element g) {
        return g.find("title", null).get(0).text();
    }

    static void assertInside(double[] box, double x, double y) {
        assertTrue(x >= box[0] - PIXEL_TOL && x <= box[2] + PIXEL_TOL, () -> "x " + x + " outside " + Arrays.toString(box));
        assertTrue(y >= box[1] - PIXEL_TOL && y <= box[3] + PIXEL_TOL, () -> "y " + y + " outside " + Arrays.toString(box));
    }

    @Test
    void historyDrawsLossAndAccuracyPanels() throws Exception {
        History h = new History();
        h.add(new EpochStats(1, 10, 2.0, 0.3, 1.5, 0.4, 0.1, 1, 1));
        h.add(new EpochStats(2, 20, 1.0, 0.6, Double.NaN, Double.NaN, 0.1, 1, 1));
        h.add(new EpochStats(3, 30, 0.5, 0.8, 0.7, 0.75, 0.1, 1, 1));
        h.add(new EpochStats(4, 40, 0.25, 0.9, 0.6, 0.8, 0.1, 1, 1));
        Element svg = parse(SvgChart.history(h, "LeNet-5 on MNIST"));
        assertEquals("svg", svg.tag());
        assertEquals("http://www.w3.org/2000/svg", svg.attr("xmlns"));
        assertEquals("LeNet-5 on MNIST", byClass(svg, "text", "title").get(0).text());
        List<Element> panels = byClass(svg, "g", "panel");
        assertEquals(2, panels.size());
        assertEquals("Loss", byClass(panels.get(0), "text", "panel-title").get(0).text());
        assertEquals("Accuracy", byClass(panels.get(1), "text", "panel-title").get(0).text());
        double[] lossBox = box(panels.get(0));
        double[] accBox = box(panels.get(1));
        assertTrue(lossBox[2] <= accBox[0], "panels side by side without overlap");
        for (Element panel : panels) {
            double[] box = box(panel);
            List<Element> series = byClass(panel, "g", "series");
            assertEquals(List.of("train", "validation"), series.stream().map(SvgChartTest::seriesName).toList());
            double[][] train = points(byClass(series.get(0), "polyline", null).get(0));
            double[][] val = points(byClass(series.get(1), "polyline", null).get(0));
            assertEquals(4, train.length);
            assertEquals(3, val.length, "the NaN epoch is skipped");
            for (double[] p : train) {
                assertInside(box, p[0], p[1]);
            }
            for (double[] p : val) {
                assertInside(box, p[0], p[1]);
            }
            // x is the epoch: equal steps between epochs 1, 2, 3, 4; validation sits on epochs 1, 3, 4
            double dx = train[1][0] - train[0][0];
            assertTrue(dx > 0);
            assertEquals(dx, train[3][0] - train[2][0], PIXEL_TOL * 2);
            assertEquals(train[0][0], val[0][0], PIXEL_TOL);
            assertEquals(train[2][0], val[1][0], PIXEL_TOL);
            assertEquals(4, byClass(series.get(0), "circle", "marker").size());
            List<Element> legend = byClass(panel, "g", "legend");
            assertEquals(2, legend.get(0).find("text", null).size());
        }
        double[][] loss = points(byClass(byClass(panels.get(0), "g", "series").get(0), "polyline", null).get(0));
        for (int i = 1; i < loss.length; i++) {
            assertTrue(loss[i][1] > loss[i - 1][1], "falling loss goes down the page (SVG y grows downwards)");
        }
        // y is linear in the loss: (2.0 → 1.0) is four times (0.5 → 0.25)
        assertEquals(loss[1][1] - loss[0][1], 4 * (loss[3][1] - loss[2][1]), 4 * PIXEL_TOL);
    }

    @Test
    void singleEpochRendersAMarker() throws Exception {
        History h = new History();
        h.add(new EpochStats(1, 10, 0.7, 0.8, 0.6, 0.85, 0.1, 1, 1));
        Element svg = parse(SvgChart.history(h, "one"));
        for (Element panel : byClass(svg, "g", "panel")) {
            double[] box = box(panel);
            List<Element> series = byClass(panel, "g", "series");
            assertEquals(2, series.size());
            for (Element s : series) {
                assertEquals(0, s.find("polyline", null).size());
                List<Element> markers = byClass(s, "circle", "marker");
                assertEquals(1, markers.size());
                assertInside(box, markers.get(0).number("cx"),
                        markers.get(0).number("cy"));
            }
        }
    }

    @Test
    void allNaNPanelSaysNoData() throws Exception {
        History h = new History();
        h.add(new EpochStats(1, 10, 0.7, Double.NaN, Double.NaN, Double.NaN, 0.1, 1, 1));
        h.add(new EpochStats(2, 20, 0.5, Double.NaN, Double.NaN, Double.NaN, 0.1, 1, 1));
        List<Element> panels = byClass(parse(SvgChart.history(h, "regression")), "g", "panel");
        List<Element> lossSeries = byClass(panels.get(0), "g", "series");
        assertEquals(List.of("train"), lossSeries.stream().map(SvgChartTest::seriesName).toList());
        assertEquals(2, points(byClass(lossSeries.get(0), "polyline", null).get(0)).length);
        assertEquals(0, byClass(panels.get(1), "g", "series").size());
        assertEquals("no data", byClass(panels.get(1), "text", "no-data").get(0).text());
        assertTrue(byClass(panels.get(0), "text", "no-data").isEmpty());
        Element empty = parse(SvgChart.history(new History(), "nothing yet"));
        assertEquals(2, byClass(empty, "text", "no-data").size());
    }

    @Test
    void genericLinesWithManyPoints() throws Exception {
        int n = 200;
        double[] x = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.5;
            a[i] = Math.exp(-0.02 * i);
            b[i] = i == 50 ? Double.POSITIVE_INFINITY : -0.5 + 0.001 * i;
        }
        String svg = SvgChart.lines("Convergence", "iteration", "f(x) − f*", List.of(new Series("gd", x, a),
                new Series("momentum", x, b)));
        Element root = parse(svg);
        List<Element> panels = byClass(root, "g", "panel");
        assertEquals(1, panels.size());
        double[] box = box(panels.get(0));
        List<Element> series = byClass(panels.get(0), "g", "series");
        assertEquals(2, series.size());
        double[][] pa = points(byClass(series.get(0), "polyline", null).get(0));
        double[][] pb = points(byClass(series.get(1), "polyline", null).get(0));
        assertEquals(n, pa.length);
        assertEquals(n - 1, pb.length, "the infinite point is skipped");
        for (double[] p : pa) {
            assertInside(box, p[0], p[1]);
        }
        for (double[] p : pb) {
            assertInside(box, p[0], p[1]);
        }
        assertTrue(byClass(series.get(0), "circle", "marker").isEmpty(), "no markers on long curves");
        assertEquals("iteration", byClass(root, "text", "x-label").get(0).text());
        assertEquals("f(x) − f*", byClass(root, "text", "y-label").get(0).text());
        // both curves share the axes: the same x maps to the same pixel
        assertEquals(pa[10][0], pb[10][0], PIXEL_TOL);
        assertEquals(pa[0][0], pa[0][0], PIXEL_TOL);
    }

    @Test
    void tickLabelsAreRoundNumbersCoveringTheData() throws Exception {
        String svg = SvgChart.lines("t", "x", "y", List.of(new Series("s", new double[] {3, 17}, new double[] {0.93, 0.987})));
        Element root = parse(svg);
        List<String> xs = texts(byClass(root, "g", "x-ticks").get(0));
        List<String> ys = texts(byClass(root, "g", "y-ticks").get(0));
        assertEquals(List.of("0", "5", "10", "15", "20"), xs);
        assertEquals(List.of("0.92", "0.94", "0.96", "0.98", "1.00"), ys);
    }

    private static List<String> texts(Element g) {
        return g.find("text", null).stream().map(Element::text).toList();
    }

    @Test
    void ticksKnownAnswers() {
        SvgChart.Ticks t = SvgChart.Ticks.of(0, 1, 0);
        assertEquals(0.2, t.step(), TOL);
        assertEquals(6, t.count());
        assertEquals("0.6", t.label(3));
        SvgChart.Ticks epochs = SvgChart.Ticks.of(1, 1, 1);
        assertEquals(0, epochs.lo(), TOL);
        assertEquals(2, epochs.hi(), TOL);
        assertEquals(List.of("0", "1", "2"), List.of(epochs.label(0), epochs.label(1), epochs.label(2)));
        SvgChart.Ticks many = SvgChart.Ticks.of(1, 100, 1);
        assertEquals(20, many.step(), TOL);
        SvgChart.Ticks negative = SvgChart.Ticks.of(-0.003, 0.0041, 0);
        assertTrue(negative.lo() <= -0.003 && negative.hi() >= 0.0041);
        assertEquals("0.000", negative.label((int) -negative.first()));
        SvgChart.Ticks constant = SvgChart.Ticks.of(5, 5, 0);
        assertTrue(constant.lo() < 5 && constant.hi() > 5);
        SvgChart.Ticks huge = SvgChart.Ticks.of(-1e308, 1e308, 0);
        assertTrue(Double.isFinite(huge.step()) && huge.lo() <= -1e308 && huge.hi() >= 1e308);
    }

    @Test
    void titlesAndNamesAreEscaped() throws Exception {
        String title = "a < b & c > \"d\" 'e' \u0001";
        String svg = SvgChart.lines(title, "<x>", "&y", List.of(new Series("loss<&>", new double[] {1, 2},
                new double[] {1, 2})));
        Element root = parse(svg);
        assertEquals("a < b & c > \"d\" 'e' \uFFFD", byClass(root, "text", "title").get(0).text());
        assertEquals("loss<&>", seriesName(byClass(root, "g", "series").get(0)));
        assertEquals("<x>", byClass(root, "text", "x-label").get(0).text());
        assertFalse(svg.contains("<script"), "no scripts");
        assertFalse(svg.contains("href"), "no external references");
    }

    @Test
    void writeStoresTheText(@TempDir Path dir) throws Exception {
        String svg = SvgChart.lines("t", "x", "y", List.of(Series.of("s", new double[] {3, 1, 2})));
        Path p = dir.resolve("chart.svg");
        SvgChart.write(p, svg);
        assertEquals(svg, Files.readString(p));
        Element first = byClass(parse(svg), "polyline", null).get(0);
        assertEquals(3, points(first).length);
    }

    @Test
    void seriesCopiesItsArrays() {
        double[] y = {1, 2};
        Series s = new Series("s", new double[] {0, 1}, y);
        y[0] = 99;
        assertEquals(1, s.y()[0], TOL);
        assertEquals(List.of(1.0, 2.0, 3.0), Arrays.stream(Series.of("t", new double[3]).x()).boxed().toList());
    }

    @Test
    void badArgumentsAreRejected() {
        List<Series> one = List.of(Series.of("s", new double[] {1}));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Series(null, new double[1], new double[1])),
                "name");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Series("s", null, new double[1])), "x and y");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Series("s", new double[2], new double[3])),
                "were 2 and 3");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Series.of("s", null)), "y");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> SvgChart.lines(null, "x", "y", one)), "title");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> SvgChart.lines("t", null, "y", one)), "xLabel");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> SvgChart.lines("t", "x", null, one)), "yLabel");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> SvgChart.lines("t", "x", "y", null)), "series");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> SvgChart.lines("t", "x", "y", Arrays.asList(one.get(0), null))), "series[1]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> SvgChart.history(null, "t")), "history");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> SvgChart.write(Path.of("x.svg"), null)), "svg");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> SvgChart.write(null, "<svg/>")), "path");
    }

    @Test
    void writeCreatesMissingDirectoriesAndFailsWithIOExceptionWhereItCannot(@TempDir Path dir) throws IOException {
        SvgChart.write(dir.resolve("no").resolve("c.svg"), "<svg/>");
        assertEquals("<svg/>", Files.readString(dir.resolve("no").resolve("c.svg")));
        Files.writeString(dir.resolve("file"), "x");
        assertThrows(IOException.class, () -> SvgChart.write(dir.resolve("file").resolve("c.svg"), "<svg/>"));
    }
}
