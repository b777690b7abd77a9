package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChartsTest {
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static final Path DIR = Path.of("target", "test-examples");

    /** The file exists and starts with the PNG signature. */
    static void assertPng(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " exists");
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), PNG_SIGNATURE.length);
        assertArrayEquals(PNG_SIGNATURE, head, png + " is a PNG");
    }

    @Test
    void writesLinearAndLogCharts() throws IOException {
        double[][] curve = {{0, 1, 2}, {1, 10, 100}};
        Path lin = DIR.resolve("charts-linear.png");
        Path log = DIR.resolve("charts-log.png");
        Files.deleteIfExists(lin);
        Files.deleteIfExists(log);
        Charts.lines(lin, "t", "x", "y", Map.of("a", curve), Charts.YScale.LINEAR);
        Charts.lines(log, "t", "x", "y", Map.of("a", curve), Charts.YScale.LOG);
        assertPng(lin);
        assertPng(log);
    }

    @Test
    void rejectsSeriesItCannotDraw() {
        Path png = DIR.resolve("never.png");
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lines(png, "t", "x", "y", Map.of("a", new double[][] {{0, 1}, {1}}), Charts.YScale.LINEAR));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lines(png, "t", "x", "y", Map.of("a", new double[][] {{0, 1}, {1, 0}}), Charts.YScale.LOG));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lines(png, "t", "x", "y", Map.of("a", new double[][] {{0}, {Double.NaN}}), Charts.YScale.LINEAR));
        assertThrows(IllegalArgumentException.class, () -> Charts.lines(png, "t", "x", "y", Map.of(), Charts.YScale.LINEAR));
        assertTrue(!Files.exists(png), "nothing written for a rejected chart");
    }
}
