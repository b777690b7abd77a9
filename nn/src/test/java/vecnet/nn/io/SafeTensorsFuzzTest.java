package vecnet.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.io.StFiles.concat;
import static vecnet.nn.io.StFiles.entry;
import static vecnet.nn.io.StFiles.file;
import static vecnet.nn.io.StFiles.le;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vecnet.core.Tensor;

/**
 * Corrupted files (every truncation, random bit flips and byte overwrites in the length field and the
 * header) must either read as consistent tensors or be refused with an IOException or an
 * IllegalArgumentException: never another exception or error.
 */
class SafeTensorsFuzzTest {
    private static final int MUTATIONS_PER_BASE = 1500;
    private static final int ON_DISK_EVERY = 16;
    /** Bytes that steer a JSON parser: structure, digits, escapes, whitespace. */
    private static final byte[] JSON_BYTES = "{}[]\":,-.eE0123456789\\u tfn".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private int total;
    private int succeeded;
    private int refused;
    private final List<String> others = new ArrayList<>();

    private static byte[] savedModelFile(Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("0.weight", Tensor.zeros(3, 4));
        tensors.put("0.bias", Tensor.zeros(3));
        tensors.put("1.num_batches_tracked", Tensor.zeros());
        tensors.put("empty", Tensor.zeros(0, 2));
        for (Tensor t : tensors.values()) {
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = (float) r.nextGaussian();
            }
        }
        Path f = dir.resolve("base.safetensors");
        SafeTensors.save(f, tensors, Map.of("format", "pt", "note", "fuzz \u00e9"));
        return Files.readAllBytes(f);
    }

    private static byte[] handMadeMixedDtypes() {
        String header = "{\"__metadata__\":{\"a\":\"b\\u0041\"}," + String.join(",",
                entry("h", "F16", "[2,2]", 0, 8),
                entry("l", "I64", "[2]", 8, 24),
                entry("u", "U8", "[3]", 24, 27),
                entry("b", "BOOL", "[1]", 27, 28),
                entry("d", "F64", "[1]", 28, 36)) + "}   ";
        return file(header, concat(le(2, 0x3C00, 0x4000, 0xBC00, 0x7E00), le(8, 1, -1), le(1, 1, 2, 3), le(1, 1),
                le(8, Double.doubleToRawLongBits(2.5))));
    }

    @Test
    void corruptFilesReadConsistentlyOrAreRefused() throws IOException {
        List<byte[]> bases = List.of(savedModelFile(dir), handMadeMixedDtypes());
        Path f = dir.resolve("fuzz.safetensors");
        SplittableRandom r = new SplittableRandom(20240611);
        for (byte[] base : bases) {
            assertEquals(0, tryRead(f, base), "the base file is valid");
            int headerEnd = (int) (8 + ByteBuffer.wrap(base, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
            for (int length = 0; length < base.length; length++) {
                tryRead(f, Arrays.copyOf(base, length));
            }
            for (int i = 0; i < MUTATIONS_PER_BASE; i++) {
                tryRead(f, mutate(base, headerEnd, r));
            }
        }
        assertTrue(total >= 2000, "variants tried: " + total);
        assertEquals(List.of(), others, others.size() + " of " + total + " variants threw something else");
        assertTrue(refused > total / 2, "most variants are refused: " + refused + " of " + total);
        assertTrue(succeeded > 0, "some mutations (values, names, metadata) still read: " + succeeded);
        assertEquals(total, succeeded + refused);
    }

    private static byte[] mutate(byte[] base, int headerEnd, SplittableRandom r) {
        byte[] b = base.clone();
        switch (r.nextInt(6)) {
            case 0 -> { // one bit flip in the length field or the header
                int at = r.nextInt(headerEnd);
                b[at] ^= (byte) (1 << r.nextInt(8));
            }
            case 1 -> b[r.nextInt(headerEnd)] = (byte) r.nextInt(256);
            case 2 -> b[8 + r.nextInt(headerEnd - 8)] = JSON_BYTES[r.nextInt(JSON_BYTES.length)];
            case 3 -> { // a run of overwritten header bytes
                int at = 8 + r.nextInt(headerEnd - 8);
                int n = 1 + r.nextInt(8);
                for (int k = at; k < Math.min(headerEnd, at + n); k++) {
                    b[k] = JSON_BYTES[r.nextInt(JSON_BYTES.length)];
                }
            }
            case 4 -> { // a nearby or arbitrary header length
                long len = r.nextBoolean() ? headerEnd - 8 + r.nextInt(-16, 17) : r.nextLong();
                System.arraycopy(le(len, 8), 0, b, 0, 8);
            }
            default -> { // several bit flips anywhere, data included
                for (int k = 0; k < 4; k++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        return b;
    }

    /**
     * Reads one variant, every {@link #ON_DISK_EVERY}th through a real file and the public API, the others
     * from memory; returns 0 on success, 1 when refused, 2 for anything else (recorded).
     */
    private int tryRead(Path f, byte[] content) throws IOException {
        boolean onDisk = total % ON_DISK_EVERY == 0;
        if (onDisk) {
            Files.write(f, content);
        }
        total++;
        try {
            SafeTensors.File read = onDisk ? SafeTensors.read(f)
                    : SafeTensorsReader.read("variant " + total, new BytesChannel(content));
            for (Map.Entry<String, Tensor> e : read.tensors().entrySet()) {
                Tensor t = e.getValue();
                long product = 1;
                for (int d = 0; d < t.rank(); d++) {
                    product *= t.dim(d);
                }
                if (product != t.size() || t.data().length != t.size() || t.offset() != 0) {
                    others.add("inconsistent tensor " + e.getKey() + ": " + t.shape() + " over " + t.data().length);
                    return 2;
                }
            }
            succeeded++;
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            refused++;
            return 1;
        } catch (Throwable t) { // the point of the test: record NPE, AIOOBE, OOM, StackOverflowError, ...
            if (others.size() < 5) {
                StringWriter w = new StringWriter();
                t.printStackTrace(new PrintWriter(w));
                others.add(w.toString());
            }
            return 2;
        }
    }
}
