package vecnet.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads MNIST or Fashion-MNIST (same format and file names) from a directory holding the original IDX
 * files, each raw or gzip: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, optionally with {@code .gz}. Find the
 * directory with {@link DataDirectory#locate(String)}:
 *
 * <pre>{@code
 * Dataset train = Mnist.load(DataDirectory.locate("mnist"), true).normalize(Mnist.MEAN, Mnist.STD);
 * }</pre>
 *
 * <p>Thread safety: stateless (static methods and constants only): any number of threads; every load
 * returns a new dataset.
 */
public final class Mnist {
    public static final int ROWS = 28;
    public static final int COLUMNS = 28;
    public static final int NUM_CLASSES = 10;
    /** Mean pixel of the MNIST training images scaled to [0, 1] (0.13066), the usual PyTorch constant. */
    public static final float MEAN = 0.1307f;
    /** Population standard deviation of the MNIST training pixels in [0, 1] (0.30811). */
    public static final float STD = 0.3081f;
    /** Mean pixel of the Fashion-MNIST training images in [0, 1] (0.28604). */
    public static final float FASHION_MEAN = 0.2860f;
    /** Population standard deviation of the Fashion-MNIST training pixels in [0, 1] (0.35302). */
    public static final float FASHION_STD = 0.3530f;
    /** Class names of MNIST: the digits. */
    public static final List<String> CLASS_NAMES_DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Class names of Fashion-MNIST, by label. */
    public static final List<String> CLASS_NAMES_FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** The four file names of a data set in this layout (each may also be present with {@code .gz}). */
    public static final List<String> FILE_NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** Pixel byte to float in [0, 1]: exact quotients v / 255, 1 at 255. */
    private static final float[] SCALE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            SCALE[v] = v / 255f;
        }
    }

    private Mnist() {
    }

    /**
     * The training set (60,000 images) or the test set (10,000 images) in {@code dir}: features in [0, 1]
     * of sample shape (28, 28, 1) (NHWC; {@code reshape(784)} for a flat view), 10 classes.
     *
     * @throws IOException if a file is missing or malformed, or the images and labels files disagree
     */
    public static Dataset load(Path dir, boolean train) throws IOException {
        return load(dir, train, SCALE);
    }

    /**
     * As {@link #load(Path, boolean)}, normalised in the same pass: each pixel becomes
     * {@code (v / 255 - mean) / std}, bit for bit what {@link Dataset#normalize} gives on the [0, 1] set, without
     * its second 60k x 784 array (a 256-entry table instead of a division per pixel).
     */
    public static Dataset load(Path dir, boolean train, double mean, double std) throws IOException {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, was " + mean);
        }
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("std must be finite and > 0, was " + std);
        }
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (float) ((SCALE[v] - mean) / std);
        }
        return load(dir, train, table);
    }

    private static Dataset load(Path dir, boolean train, float[] table) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dir " + dir + " is not a directory");
        }
        String prefix = train ? "train" : "t10k";
        Path imagesFile = file(dir, prefix + "-images-idx3-ubyte");
        Path labelsFile = file(dir, prefix + "-labels-idx1-ubyte");
        IdxArray images = Idx.read(imagesFile);
        IdxArray labels = Idx.read(labelsFile);
        if (images.rank() != 3 || images.dim(1) != ROWS || images.dim(2) != COLUMNS) {
            throw new IOException(imagesFile + ": expected images of dimensions (n, " + ROWS + ", " + COLUMNS
                    + "), got " + Arrays.toString(images.dims()));
        }
        if (labels.rank() != 1) {
            throw new IOException(labelsFile + ": expected labels of dimensions (n), got "
                    + Arrays.toString(labels.dims()));
        }
        int n = images.dim(0);
        if (labels.dim(0) != n) {
            throw new IOException(imagesFile + " holds " + n + " images but " + labelsFile + " holds "
                    + labels.dim(0) + " labels");
        }
        byte[] rawLabels = labels.data();
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = rawLabels[i] & 0xff;
            if (classes[i] >= NUM_CLASSES) {
                throw new IOException(labelsFile + ": label " + i + " is " + classes[i] + ", expected 0 to "
                        + (NUM_CLASSES - 1));
            }
        }
        byte[] pixels = images.data();
        float[] features = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            features[i] = table[pixels[i] & 0xff];
        }
        return Dataset.ofClasses(features, new int[] {ROWS, COLUMNS, 1}, classes, NUM_CLASSES);
    }

    /** {@code dir/name} if it exists, else {@code dir/name.gz} (an uncompressed copy is preferred: faster). */
    static Path file(Path dir, String name) throws NoSuchFileException {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new NoSuchFileException(raw.toString(), null, "neither it nor " + name + ".gz exists");
    }
}
