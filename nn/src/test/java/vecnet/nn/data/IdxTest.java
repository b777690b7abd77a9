package vecnet.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.data.IdxFiles.concat;
import static vecnet.nn.data.IdxFiles.gzip;
import static vecnet.nn.data.IdxFiles.idx;
import static vecnet.nn.data.IdxFiles.randomBytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IdxTest {
    private static final int[] DIMS = {2, 3, 4};
    private static final byte[] DATA = randomBytes(24, 11);
    private static final byte[] FILE = idx(DIMS, DATA);

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static void assertContent(int[] dims, byte[] data, IdxArray a) {
        assertArrayEquals(dims, a.dims());
        assertArrayEquals(data, a.data());
    }

    @Test
    void readsRawAndGzipAlike() throws IOException {
        assertContent(DIMS, DATA, Idx.read(write("a-idx3-ubyte", FILE)));
        assertContent(DIMS, DATA, Idx.read(write("a-idx3-ubyte.gz", gzip(FILE))));
        int high = 0;
        for (byte b : DATA) {
            high += b < 0 ? 1 : 0;
        }
        assertTrue(high > 0 && high < DATA.length, "the data has bytes below and above 128: " + high);
    }

    @Test
    void detectsGzipByMagicNotByName() throws IOException {
        assertContent(DIMS, DATA, Idx.read(write("compressed.idx", gzip(FILE))));
        assertContent(DIMS, DATA, Idx.read(write("plain.gz", FILE)));
    }

    @Test
    void readsEveryRankFromOneToFour() throws IOException {
        int[][] shapes = {{7}, {3, 5}, {2, 3, 4}, {2, 1, 3, 2}};
        for (int[] dims : shapes) {
            int n = 1;
            for (int d : dims) {
                n *= d;
            }
            byte[] data = randomBytes(n, n);
            assertContent(dims, data, Idx.read(write("r" + dims.length, gzip(idx(dims, data)))));
        }
    }

    @Test
    void readsConcatenatedGzipMembers() throws IOException {
        byte[] whole = idx(new int[] {100}, randomBytes(100, 3));
        byte[] twoMembers = concat(gzip(Arrays.copyOf(whole, 37)), gzip(Arrays.copyOfRange(whole, 37, whole.length)));
        assertContent(new int[] {100}, Arrays.copyOfRange(whole, 8, whole.length), Idx.read(write("two.gz", twoMembers)));
    }

    @Test
    void readsGzipHeaderWithExtraNameCommentAndHeaderCrc() throws IOException {
        byte[] plain = gzip(FILE);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 1, 2, 3, 4, 0, 3});
        header.writeBytes(new byte[] {3, 0, 'x', 'y', 'z'});
        header.writeBytes("a.idx3-ubyte\0".getBytes(StandardCharsets.ISO_8859_1));
        header.writeBytes("comment\0".getBytes(StandardCharsets.ISO_8859_1));
        CRC32 crc = new CRC32();
        crc.update(header.toByteArray());
        header.write((int) crc.getValue());
        header.write((int) crc.getValue() >>> 8);
        byte[] file = concat(header.toByteArray(), Arrays.copyOfRange(plain, 10, plain.length));
        assertContent(DIMS, DATA, Idx.read(write("header.gz", file)));

        file[file.length - plain.length + 10 - 1] ^= 1; // header CRC off by one bit
        Path bad = write("badheader.gz", file);
        IOException e = assertThrows(IOException.class, () -> Idx.read(bad));
        assertMessage(e, bad, "header CRC");
    }

    /** A named corrupt file and a fragment its error message must contain. */
    record Case(String name, byte[] content, String fragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> corruptFiles() {
        byte[] gz = gzip(FILE);
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 1;
        byte[] badSize = gz.clone();
        badSize[gz.length - 4] ^= 1;
        byte[] badMethod = gz.clone();
        badMethod[2] = 7;
        byte[] reservedFlag = gz.clone();
        reservedFlag[3] = (byte) 0x80;
        byte[] magic1 = FILE.clone();
        magic1[0] = 1;
        byte[] magic2 = FILE.clone();
        magic2[1] = 8;
        return List.of(
                new Case("raw truncated by one byte", Arrays.copyOf(FILE, FILE.length - 1),
                        "truncated (1 missing): dimensions [2, 3, 4] need 16 + 24 = 40 bytes, the file has 39"),
                new Case("raw with one trailing byte", Arrays.copyOf(FILE, FILE.length + 1),
                        "1 trailing bytes: dimensions [2, 3, 4] need 16 + 24 = 40 bytes, the file has 41"),
                new Case("gzip of an IDX truncated by one byte", gzip(Arrays.copyOf(FILE, FILE.length - 1)),
                        "truncated (1 missing): dimensions [2, 3, 4] need 16 + 24 = 40 decompressed bytes, the file"
                                + " decompresses to 39"),
                new Case("gzip of an IDX with one trailing byte", gzip(Arrays.copyOf(FILE, FILE.length + 1)),
                        "1 trailing bytes: dimensions [2, 3, 4] need 16 + 24 = 40 decompressed bytes, the file"
                                + " decompresses to 41"),
                new Case("gzip file cut by one byte", Arrays.copyOf(gz, gz.length - 1),
                        "truncated: the file ends inside the gzip trailer"),
                new Case("gzip file cut in the middle", Arrays.copyOf(gz, gz.length / 2), "truncated"),
                new Case("bytes after the gzip member", concat(gz, new byte[] {0}), "unexpected bytes after gzip"),
                new Case("gzip trailer CRC wrong", badCrc, "CRC-32 mismatch"),
                new Case("gzip trailer size wrong", badSize, "size mismatch"),
                new Case("gzip compression method not deflate", badMethod, "compression method 7"),
                new Case("gzip reserved flag set", reservedFlag, "reserved header flags"),
                new Case("gzip header promising more than it can hold",
                        gzip(idx(new int[] {1 << 30}, new byte[0])), "more than a gzip file of"),
                new Case("bad magic, first byte", magic1, "bad magic number 01 00 08 03"),
                new Case("bad magic, second byte", magic2, "bad magic number 00 08 08 03"),
                new Case("float type code", idx(0x0d, DIMS, new byte[96]), "type code 0x0d (float) is not supported"),
                new Case("unknown type code", idx(0x05, DIMS, DATA), "type code 0x05 (unknown type)"),
                new Case("zero dimension", idx(new int[] {2, 0, 4}, new byte[0]), "dimension 1 is 0"),
                new Case("negative dimension", idx(new int[] {Integer.MIN_VALUE}, new byte[0]),
                        "dimension 0 is -2147483648"),
                new Case("no dimensions", idx(new int[0], new byte[0]), "declares 0 dimensions; expected 1 to 4"),
                new Case("five dimensions", idx(new int[] {1, 1, 1, 1, 1}, new byte[1]), "declares 5 dimensions"),
                new Case("more values than an int", idx(new int[] {65536, 65536}, new byte[0]), "hold more than"),
                new Case("empty file", new byte[0], "expected at least 4 bytes, got 0"),
                new Case("header cut inside the dimensions", Arrays.copyOf(FILE, 9),
                        "truncated header: expected 16 bytes for 3 dimensions, got 9"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void rejectsCorruptFileNamingIt(Case c) throws IOException {
        Path file = write(c.name().replace(' ', '_').replace(',', '_'), c.content());
        IOException e = assertThrows(IOException.class, () -> Idx.read(file));
        assertMessage(e, file, c.fragment());
    }

    @Test
    void rejectsGzipWithBytesFlippedInTheMiddle() throws IOException {
        // Compressible data so the stream has Huffman-coded blocks, not just stored bytes.
        SplittableRandom rng = new SplittableRandom(17);
        byte[] data = new byte[4000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (rng.nextInt(6) * 40);
        }
        byte[] gz = gzip(idx(new int[] {4000}, data));
        assertTrue(gz.length > 200, "the compressed body is long enough to corrupt, was " + gz.length);
        int cases = 0;
        for (int k = 1; k <= 20; k++) {
            int at = 10 + (gz.length - 18) * k / 21; // inside the deflate body: after the header, before the trailer
            byte[] bad = gz.clone();
            bad[at] ^= (byte) 0xa5;
            bad[at + 1] ^= (byte) 0x3c;
            Path file = write("flipped" + k + ".gz", bad);
            IOException e = assertThrows(IOException.class, () -> Idx.read(file), "flipped at " + at);
            assertMessage(e, file, "gzip");
            cases++;
        }
        assertEquals(20, cases);
    }

    @Test
    void missingFileAndNullPath() {
        Path missing = dir.resolve("missing-idx1-ubyte");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Idx.read(missing));
        assertMessage(e, missing, "");
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Idx.read(null));
        assertTrue(n.getMessage().contains("file"), n.getMessage());
    }

    @Test
    void idxArrayChecksItsParts() {
        assertThrows(IllegalArgumentException.class, () -> new IdxArray(new int[] {2, 3}, new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> new IdxArray(new int[] {0}, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new IdxArray(null, new byte[0]));
        IdxArray a = new IdxArray(new int[] {2, 3}, new byte[6]);
        a.dims()[0] = 9;
        assertEquals(2, a.dim(0), "dims() is a copy");
        assertEquals(new IdxArray(new int[] {2, 3}, new byte[6]), a);
        assertThrows(IndexOutOfBoundsException.class, () -> a.dim(2));
    }

    private static void assertMessage(Exception e, Path file, String fragment) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message names the file: " + m);
        assertTrue(m.contains(fragment), "message contains '" + fragment + "': " + m);
    }
}
