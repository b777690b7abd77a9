package vecnet.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.train.MetricsTest.assertMessage;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    private static final double NAN = Double.NaN;

    static EpochStats epoch(int e, double trainLoss, double valLoss, double valAccuracy) {
        return new EpochStats(e, 100L * e, trainLoss, 0.5 + 0.1 * e, valLoss, valAccuracy, 0.01, 2.5, 24000);
    }

    static History threeEpochs() {
        History h = new History();
        h.add(epoch(1, 0.9, 0.8, 0.7));
        h.add(epoch(2, 0.5, 0.45, 0.9));
        h.add(epoch(3, 0.3, 0.5, 0.9));
        return h;
    }

    @Test
    void keepsEpochsInOrder() {
        History h = threeEpochs();
        assertEquals(3, h.size());
        assertFalse(h.isEmpty());
        assertEquals(3, h.last().epoch());
        assertEquals(List.of(1, 2, 3), h.epochs().stream().map(EpochStats::epoch).toList());
        assertThrows(UnsupportedOperationException.class, () -> h.epochs().clear());
    }

    @Test
    void bestEpochs() {
        History h = threeEpochs();
        assertEquals(2, h.bestByValLoss().orElseThrow().epoch());
        assertEquals(2, h.bestByValAccuracy().orElseThrow().epoch(), "the earliest of equal accuracies");
        assertEquals(3, h.best(Comparator.comparingDouble(EpochStats::trainLoss)).orElseThrow().epoch());
        History noVal = new History();
        noVal.add(epoch(1, 0.9, NAN, NAN));
        assertTrue(noVal.bestByValLoss().isEmpty());
        assertTrue(noVal.bestByValAccuracy().isEmpty());
        assertTrue(new History().best(Comparator.comparingDouble(EpochStats::valLoss)).isEmpty());
        History partial = new History();
        partial.add(epoch(1, 0.9, NAN, NAN));
        partial.add(epoch(2, 0.9, 0.7, 0.6));
        assertEquals(2, partial.bestByValLoss().orElseThrow().epoch());
        assertEquals(2, partial.bestByValAccuracy().orElseThrow().epoch());
    }

    @Test
    void csvHasTheFieldNamesAndReadsBack() {
        History h = new History();
        h.add(new EpochStats(1, 10, 0.5, 0.75, NAN, NAN, 1e-4, 2.0, 500.0));
        h.add(new EpochStats(2, 20, 0.1 + 0.2, 0.8, 0.25, 0.875, 1e-4, 1.5, Double.POSITIVE_INFINITY));
        String csv = h.toCsv();
        String[] lines = csv.split("\n");
        assertEquals(3, lines.length);
        assertEquals("epoch,steps,trainLoss,trainAccuracy,valLoss,valAccuracy,lr,seconds,samplesPerSecond", lines[0]);
        assertEquals("1,10,0.5,0.75,,,1.0E-4,2.0,500.0", lines[1]);
        String[] f = lines[2].split(",", -1);
        assertEquals(9, f.length);
        assertEquals(0.1 + 0.2, Double.parseDouble(f[2]), 0.0, "all digits kept");
        assertEquals(Double.POSITIVE_INFINITY, Double.parseDouble(f[8]));
        assertEquals("epoch,steps,trainLoss,trainAccuracy,valLoss,valAccuracy,lr,seconds,samplesPerSecond\n",
                new History().toCsv());
    }

    @Test
    void headerMatchesTheRecordComponents() {
        RecordComponent[] rc = EpochStats.class.getRecordComponents();
        String[] names = new String[rc.length];
        for (int i = 0; i < rc.length; i++) {
            names[i] = rc[i].getName();
        }
        assertArrayEquals(names, History.FIELDS);
    }

    @Test
    void randomValuesRoundTripThroughCsv() {
        SplittableRandom rng = new SplittableRandom(3);
        History h = new History();
        for (int e = 1; e <= 5; e++) {
            h.add(new EpochStats(e, e * 7L, rng.nextDouble(), rng.nextDouble(), rng.nextDouble() * 1e-7,
                    rng.nextDouble() * 1e9, rng.nextDouble(), rng.nextDouble(), rng.nextDouble()));
        }
        String[] lines = h.toCsv().split("\n");
        for (int e = 1; e <= 5; e++) {
            EpochStats s = h.epochs().get(e - 1);
            String[] f = lines[e].split(",");
            assertEquals(s.valLoss(), Double.parseDouble(f[4]), 0.0);
            assertEquals(s.valAccuracy(), Double.parseDouble(f[5]), 0.0);
            assertEquals(s.samplesPerSecond(), Double.parseDouble(f[8]), 0.0);
        }
    }

    @Test
    void jsonIsAnArrayOfObjectsWithNullForNaN() {
        History h = new History();
        h.add(new EpochStats(1, 10, 0.5, 0.75, NAN, NAN, 0.01, 2.0, Double.NEGATIVE_INFINITY));
        h.add(new EpochStats(2, 20, 0.25, 0.875, 0.375, 0.5, 0.01, 2.0, 500.0));
        String expected = "[\n"
                + "  {\"epoch\": 1, \"steps\": 10, \"trainLoss\": 0.5, \"trainAccuracy\": 0.75, \"valLoss\": null,"
                + " \"valAccuracy\": null, \"lr\": 0.01, \"seconds\": 2.0, \"samplesPerSecond\": null},\n"
                + "  {\"epoch\": 2, \"steps\": 20, \"trainLoss\": 0.25, \"trainAccuracy\": 0.875, \"valLoss\": 0.375,"
                + " \"valAccuracy\": 0.5, \"lr\": 0.01, \"seconds\": 2.0, \"samplesPerSecond\": 500.0}\n"
                + "]\n";
        assertEquals(expected, h.toJson());
        assertEquals("[]\n", new History().toJson());
    }

    @Test
    void writesReplaceTheFileAndLeaveNoTemporaries(@TempDir Path dir) throws IOException {
        History h = threeEpochs();
        Path csv = dir.resolve("history.csv");
        Files.writeString(csv, "old content that is longer than nothing");
        h.writeCsv(csv);
        assertEquals(h.toCsv(), Files.readString(csv));
        Path json = dir.resolve("history.json");
        h.writeJson(json);
        assertEquals(h.toJson(), Files.readString(json));
        Path svg = dir.resolve("history.svg");
        h.writeSvg(svg, "run");
        assertEquals(SvgChart.history(h, "run"), Files.readString(svg));
        h.add(epoch(4, 0.2, 0.4, 0.95));
        h.writeCsv(csv);
        assertEquals(5, Files.readString(csv).split("\n").length);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("history.csv", "history.json", "history.svg"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            // the usual permissions of a new file (umask), not a temporary file's owner-only ones
            Path plain = Files.createFile(dir.resolve("plain"));
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(csv));
        }
    }

    @Test
    void writeCreatesMissingDirectoriesAndFailsWithIOExceptionWhereItCannot(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("missing").resolve("deeper").resolve("h.csv");
        threeEpochs().writeCsv(csv);
        assertEquals(threeEpochs().toCsv(), Files.readString(csv));
        Files.writeString(dir.resolve("file"), "x");
        assertThrows(IOException.class, () -> threeEpochs().writeCsv(dir.resolve("file").resolve("h.csv")));
    }

    @Test
    void badArgumentsAreRejected() {
        History h = threeEpochs();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> h.add(null)), "stats");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> h.add(epoch(3, 1, 1, 1))),
                "greater than the last epoch 3, was 3");
        assertEquals(3, h.size());
        assertMessage(assertThrows(IllegalArgumentException.class, () -> h.best(null)), "better");
        assertMessage(assertThrows(IllegalStateException.class, () -> new History().last()), "empty");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> h.writeCsv(null)), "path");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> h.writeSvg(Path.of("x.svg"), null)),
                "title");
        assertSame(h.last(), h.epochs().get(2));
    }
}
