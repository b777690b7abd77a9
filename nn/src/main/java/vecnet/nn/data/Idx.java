package vecnet.nn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a type
 * code, the number of dimensions, then each dimension as an int32) followed by exactly the values. Files
 * may be raw or gzip-compressed; gzip is recognised by its magic bytes {@code 1f 8b}, not by the file name.
 * Only unsigned bytes (type {@code 0x08}) are supported.
 *
 * <p>A file that is not exactly what its header promises (truncated, with trailing bytes, or with a
 * corrupt gzip stream) is rejected with an {@link IOException} naming the file and the problem; nothing
 * is ever padded with zeros.
 *
 * <p>Thread safety: stateless (static methods only): any number of threads; every read returns new arrays.
 */
public final class Idx {
    /** The type code of unsigned bytes, the one MNIST uses and the only one read here. */
    public static final int UNSIGNED_BYTE = 0x08;
    /** Most dimensions a file may declare. */
    public static final int MAX_RANK = 4;
    /** Largest number of values: the largest Java array. */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;
    /** Deflate expands at most about 1032-fold, which bounds what a gzip file can hold. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int BUFFER = 1 << 16;

    private Idx() {
    }

    /**
     * Reads a whole IDX file of unsigned bytes, raw or gzip.
     *
     * @throws IOException if the file cannot be read or is malformed (the message names the file and,
     *                     for a length problem, the expected and the actual number of bytes)
     */
    public static IdxArray read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        long fileSize = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            if (!gzip) {
                return parse(file, new Source() {
                    @Override
                    public int readFully(byte[] b, int off, int len) throws IOException {
                        return in.readNBytes(b, off, len);
                    }

                    @Override
                    public long skipRest() throws IOException {
                        return in.transferTo(OutputStream.nullOutputStream());
                    }
                }, fileSize, false);
            }
            try (GzipReader gz = new GzipReader(in, file)) {
                return parse(file, new Source() {
                    @Override
                    public int readFully(byte[] b, int off, int len) throws IOException {
                        return gz.readFully(b, off, len);
                    }

                    @Override
                    public long skipRest() throws IOException {
                        return gz.skipRest();
                    }
                }, fileSize, true);
            }
        }
    }

    /** The decoded bytes of the file (the file itself, or what its gzip stream decompresses to). */
    private interface Source {
        /** Reads {@code len} bytes, or fewer only at the end. */
        int readFully(byte[] b, int off, int len) throws IOException;

        /** Consumes and counts the bytes left. */
        long skipRest() throws IOException;
    }

    private static IdxArray parse(Path file, Source src, long fileSize, boolean gzip) throws IOException {
        String bytes = gzip ? "decompressed bytes" : "bytes";
        byte[] head = new byte[4];
        int got = src.readFully(head, 0, 4);
        if (got < 4) {
            throw malformed(file, "too short for an IDX header: expected at least 4 " + bytes + ", got " + got);
        }
        if (head[0] != 0 || head[1] != 0) {
            throw malformed(file, String.format("bad magic number %02x %02x %02x %02x: an IDX file starts with"
                    + " two zero bytes", head[0], head[1], head[2], head[3]));
        }
        int type = head[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw malformed(file, String.format("IDX type code 0x%02x (%s) is not supported; only 0x08 (unsigned"
                    + " byte) is", type, typeName(type)));
        }
        int rank = head[3] & 0xff;
        if (rank < 1 || rank > MAX_RANK) {
            throw malformed(file, "the header declares " + rank + " dimensions; expected 1 to " + MAX_RANK);
        }
        int headerSize = 4 + 4 * rank;
        byte[] dimBytes = new byte[4 * rank];
        got = src.readFully(dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw malformed(file, "truncated header: expected " + headerSize + " " + bytes + " for " + rank
                    + " dimensions, got " + (4 + got));
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = (dimBytes[4 * i] & 0xff) << 24 | (dimBytes[4 * i + 1] & 0xff) << 16
                    | (dimBytes[4 * i + 2] & 0xff) << 8 | (dimBytes[4 * i + 3] & 0xff);
            if (dims[i] <= 0) {
                throw malformed(file, "dimension " + i + " is " + dims[i] + "; every dimension must be > 0");
            }
            count *= dims[i];
            if (count > MAX_VALUES) {
                throw malformed(file, "dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " hold more than " + MAX_VALUES + " values");
            }
        }
        long expected = headerSize + count;
        // Check what the file size allows before allocating, so a corrupt header costs no memory.
        if (!gzip && fileSize != expected) {
            throw lengthError(file, dims, headerSize, expected, fileSize, bytes);
        }
        if (gzip && expected > fileSize * MAX_DEFLATE_RATIO) {
            throw malformed(file, "dimensions " + Arrays.toString(dims) + " need " + expected + " " + bytes
                    + ", more than a gzip file of " + fileSize + " bytes can hold");
        }
        byte[] data = new byte[(int) count];
        got = src.readFully(data, 0, data.length);
        if (got < data.length) {
            throw lengthError(file, dims, headerSize, expected, headerSize + (long) got, bytes);
        }
        long extra = src.skipRest();
        if (extra > 0) {
            throw lengthError(file, dims, headerSize, expected, expected + extra, bytes);
        }
        return new IdxArray(dims, data);
    }

    private static IOException lengthError(Path file, int[] dims, int headerSize, long expected, long actual,
                                           String bytes) {
        String what = actual < expected ? "truncated (" + (expected - actual) + " missing)"
                : (actual - expected) + " trailing bytes";
        return malformed(file, what + ": dimensions " + Arrays.toString(dims) + " need " + headerSize + " + "
                + (expected - headerSize) + " = " + expected + " " + bytes + ", the file "
                + (bytes.startsWith("decompressed") ? "decompresses to " : "has ") + actual);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0b -> "short";
            case 0x0c -> "int";
            case 0x0d -> "float";
            case 0x0e -> "double";
            default -> "unknown type";
        };
    }

    private static IOException malformed(Path file, String what) {
        return new IOException(file + ": " + what);
    }
}
