package vecnet.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.data.IdxFiles.gzip;
import static vecnet.nn.data.IdxFiles.idx;
import static vecnet.nn.data.IdxFiles.randomBytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vecnet.core.Shape;

/**
 * The real MNIST and Fashion-MNIST files, found by {@link DataDirectory} (CI has {@code shared/} beside the
 * checkout; MNIST is also committed under {@code data/mnist}). A missing data set fails, never skips.
 */
class MnistTest {
    /** The mean and std constants are rounded to 4 decimals. */
    private static final double CONSTANT_TOL = 5e-5;
    /** Pixels are v / 255 in float. */
    private static final double PIXEL_TOL = 1e-4;

    private static Dataset train;

    @BeforeAll
    static void loadTrain() throws IOException {
        train = Mnist.load(DataDirectory.locate("mnist"), true);
    }

    private static int[] classCounts(Dataset ds) {
        int[] counts = new int[ds.numClasses()];
        for (int label : ds.labels()) {
            counts[label]++;
        }
        return counts;
    }

    private static int[] firstLabels(Dataset ds, int n) {
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = ds.label(i);
        }
        return first;
    }

    @Test
    void trainingSetKnownAnswers() {
        assertEquals(60000, train.size());
        assertEquals(Shape.of(28, 28, 1), train.sampleShape());
        assertEquals(10, train.numClasses());
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, firstLabels(train, 10));
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, classCounts(train));
    }

    @Test
    void pixelsAreBytesScaledToUnitRange() {
        float[] x = train.features().data();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        int notByte = 0;
        for (int i = 0; i < x.length; i++) {
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
            double v = x[i] * 255.0;
            if (Math.abs(v - Math.rint(v)) > PIXEL_TOL) {
                notByte++;
            }
        }
        assertEquals(0, notByte, "pixels that are not a byte over 255");
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void normalizationConstantsMatchTheTrainingSet() {
        assertEquals(train.mean(), Mnist.MEAN, CONSTANT_TOL);
        assertEquals(train.std(), Mnist.STD, CONSTANT_TOL);
        Dataset n = train.subset(0, 1000).normalize(Mnist.MEAN, Mnist.STD);
        assertEquals((train.sample(0).get(14, 14, 0) - Mnist.MEAN) / Mnist.STD, n.sample(0).get(14, 14, 0), 1e-6);
    }

    @Test
    void normalisedLoadEqualsLoadThenNormalizeBitForBit() throws IOException {
        Path dir = DataDirectory.locate("mnist");
        Dataset twoPass = Mnist.load(dir, false).normalize(Mnist.MEAN, Mnist.STD);
        Dataset onePass = Mnist.load(dir, false, Mnist.MEAN, Mnist.STD);
        assertEquals(twoPass.size(), onePass.size());
        for (int i = 0; i < twoPass.size(); i += 97) {
            assertArrayEquals(twoPass.sample(i).toArray(), onePass.sample(i).toArray(), 0f, "sample " + i);
        }
        assertArrayEquals(twoPass.labels(), onePass.labels());
        assertThrows(IllegalArgumentException.class, () -> Mnist.load(dir, false, Double.NaN, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(dir, false, 0, 0));
        assertTrue(e.getMessage().contains("std"), e.getMessage());
    }

    @Test
    void testSetKnownAnswers() throws IOException {
        Dataset test = Mnist.load(DataDirectory.locate("mnist"), false);
        assertEquals(10000, test.size());
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, firstLabels(test, 10));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, classCounts(test));

        DataLoader loader = new DataLoader(test.reshape(784), 256, true, 1, false);
        assertEquals(40, loader.batchesPerEpoch());
        int[] counts = new int[10];
        int last = 0;
        for (Batch b : loader) {
            assertEquals(784, b.x().dim(1));
            for (int k = 0; k < b.size(); k++) {
                counts[b.labels()[k]]++;
            }
            last = b.size();
        }
        assertEquals(16, last);
        assertArrayEquals(classCounts(test), counts, "one epoch sees every test label once");
    }

    @Test
    void fashionMnist() throws IOException {
        Path dir = DataDirectory.locate("fashion-mnist");
        Dataset fashion = Mnist.load(dir, true);
        assertEquals(60000, fashion.size());
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, firstLabels(fashion, 10));
        int[] balanced = new int[10];
        Arrays.fill(balanced, 6000);
        assertArrayEquals(balanced, classCounts(fashion));
        assertEquals(fashion.mean(), Mnist.FASHION_MEAN, CONSTANT_TOL);
        assertEquals(fashion.std(), Mnist.FASHION_STD, CONSTANT_TOL);
        assertEquals(10, Mnist.CLASS_NAMES_FASHION.size());
        assertEquals("Ankle boot", Mnist.CLASS_NAMES_FASHION.get(fashion.label(0)));
        Dataset test = Mnist.load(dir, false);
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, firstLabels(test, 10));
    }

    @Test
    void committedCopyMatchesThePublishedChecksums() throws IOException, NoSuchAlgorithmException {
        Path committed = Path.of("..", "data", "mnist"); // from the nn module directory
        Map<String, String> md5 = Map.of(
                "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432",
                "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3",
                "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c");
        for (Map.Entry<String, String> e : md5.entrySet()) {
            byte[] bytes = Files.readAllBytes(committed.resolve(e.getKey()));
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
            assertEquals(e.getValue(), actual, e.getKey());
        }
        assertTrue(Files.readString(committed.resolve("README.md")).contains("CC BY-SA 3.0"));
    }

    @TempDir
    Path dir;

    private void writeSet(String prefix, byte[] images, byte[] labels, boolean gz) throws IOException {
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + (gz ? ".gz" : "")), gz ? gzip(images) : images);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + (gz ? ".gz" : "")), gz ? gzip(labels) : labels);
    }

    @Test
    void readsRawFilesAndScalesPixels() throws IOException {
        byte[] pixels = randomBytes(2 * 784, 5);
        writeSet("t10k", idx(new int[] {2, 28, 28}, pixels), idx(new int[] {2}, new byte[] {3, 9}), false);
        Dataset ds = Mnist.load(dir, false);
        assertEquals(2, ds.size());
        assertArrayEquals(new int[] {3, 9}, ds.labels());
        float[] x = ds.features().toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals((pixels[i] & 0xff) / 255f, x[i]);
        }
        // With both present the raw file wins, so a stale .gz beside it is not read.
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
        assertArrayEquals(new int[] {3, 9}, Mnist.load(dir, false).labels());
    }

    @Test
    void rejectsFilesThatDisagree() throws IOException {
        writeSet("train", idx(new int[] {3, 28, 28}, new byte[3 * 784]), idx(new int[] {2}, new byte[2]), true);
        IOException e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
        assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("2 labels")
                && e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());

        writeSet("train", idx(new int[] {2, 27, 28}, new byte[2 * 27 * 28]), idx(new int[] {2}, new byte[2]), true);
        e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
        assertTrue(e.getMessage().contains("[2, 27, 28]"), e.getMessage());

        writeSet("train", idx(new int[] {2, 28, 28}, new byte[2 * 784]), idx(new int[] {2}, new byte[] {1, 10}), true);
        e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
        assertTrue(e.getMessage().contains("label 1 is 10"), e.getMessage());

        writeSet("train", idx(new int[] {2, 28, 28}, new byte[2 * 784]), idx(new int[] {2, 1}, new byte[2]), true);
        e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
        assertTrue(e.getMessage().contains("labels of dimensions (n)"), e.getMessage());

        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> Mnist.load(dir, false));
        assertTrue(missing.getMessage().contains("t10k-images-idx3-ubyte"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mnist.load(dir.resolve("nope"), false));
        assertThrows(IllegalArgumentException.class, () -> Mnist.load(null, false));
    }
}
