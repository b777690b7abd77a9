package vecnet.nn.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vecnet.core.Shape;
import vecnet.core.Tensor;

/**
 * Reads and validates a safetensors file. Everything the header declares is checked against the file
 * size before any tensor is allocated, so a corrupt or hostile file costs at most its own size in memory
 * (times 4 for 1-byte dtypes, which widen to float32).
 */
final class SafeTensorsReader {
    /** The reference implementation's limit on the header length. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Chunk for reading tensor data; a multiple of every element size. */
    private static final int CHUNK_BYTES = 1 << 16;
    private static final String METADATA = "__metadata__";

    /** One header entry, validated on its own. */
    private record Entry(String name, DType dtype, int[] dims, int count, long begin, long end) {
    }

    /** What messages call the file. */
    private final String file;

    private SafeTensorsReader(String file) {
        this.file = file;
    }

    static SafeTensors.File read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file.toString(), ch);
        }
    }

    /** Reads from any channel (tests use one in memory); {@code name} is what messages call it. */
    static SafeTensors.File read(String name, SeekableByteChannel ch) throws IOException {
        return new SafeTensorsReader(name).read(ch);
    }

    private SafeTensors.File read(SeekableByteChannel ch) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 8) {
            throw fail("file is " + fileSize + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lengthBytes, 0);
        long headerLength = lengthBytes.getLong(0); // unsigned: negative means >= 2^63
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw fail("header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > fileSize - 8) {
            throw fail("header length " + headerLength + " exceeds the " + (fileSize - 8)
                    + " bytes after the length field");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        readFully(ch, header, 8);
        Map<String, Object> root = parseHeader(header);
        long dataStart = 8 + headerLength;
        long dataLength = fileSize - dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : root.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                metadata = metadata(e.getValue());
            } else {
                entries.add(entry(e.getKey(), e.getValue(), dataLength));
            }
        }
        checkContiguous(entries, dataLength);

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(dataLength, 8)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (Entry en : entries) {
            tensors.put(en.name(), tensor(ch, chunk, dataStart, en));
        }
        return new SafeTensors.File(tensors, metadata);
    }

    private Map<String, Object> parseHeader(ByteBuffer header) throws IOException {
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(header.flip());
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw fail("header is not valid UTF-8 (" + e + ")");
        }
        // as the reference implementation: the header starts with the object, no leading whitespace
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw fail("header must be a JSON object starting with '{', starts with "
                    + (text.isEmpty() ? "nothing" : Json.quote(text.substring(0, 1))));
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.JsonException e) {
            throw fail("header is not valid JSON: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) root; // '{' guarantees an object
        return map;
    }

    private Map<String, String> metadata(Object value) throws IOException {
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(METADATA + " must be an object of strings, was " + kind(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail(METADATA + " value of " + Json.quote((String) e.getKey()) + " must be a string, was "
                        + kind(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private Entry entry(String name, Object value, long dataLength) throws IOException {
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(name, "entry must be an object, was " + kind(value));
        }
        for (Object key : m.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw fail(name, "unknown field " + Json.quote((String) key)
                        + " (allowed: dtype, shape, data_offsets)");
            }
        }
        DType dtype = dtype(name, field(name, m, "dtype"));
        int[] dims = dims(name, field(name, m, "shape"));
        long[] offsets = offsets(name, field(name, m, "data_offsets"));
        int count = count(name, dims);
        long bytes = (long) count * dtype.size;
        if (offsets[1] - offsets[0] != bytes) {
            throw fail(name, "data_offsets " + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0])
                    + " bytes, but " + count + " elements of " + dtype + " need " + bytes);
        }
        if (offsets[1] > dataLength) {
            throw fail(name, "data_offsets " + Arrays.toString(offsets) + " end beyond the data section of "
                    + dataLength + " bytes");
        }
        return new Entry(name, dtype, dims, count, offsets[0], offsets[1]);
    }

    private Object field(String name, Map<?, ?> m, String key) throws IOException {
        Object v = m.get(key);
        if (v == null) {
            throw fail(name, "missing field " + Json.quote(key));
        }
        return v;
    }

    private DType dtype(String name, Object value) throws IOException {
        if (!(value instanceof String s)) {
            throw fail(name, "dtype must be a string, was " + kind(value));
        }
        DType t = DType.named(s);
        if (t == null) {
            throw fail(name, "unsupported dtype " + Json.quote(s) + " (supported: "
                    + Arrays.toString(DType.values()) + ")");
        }
        return t;
    }

    private int[] dims(String name, Object value) throws IOException {
        if (!(value instanceof List<?> list)) {
            throw fail(name, "shape must be an array, was " + kind(value));
        }
        int[] dims = new int[list.size()];
        for (int i = 0; i < dims.length; i++) {
            long d = nonNegativeInteger(name, "shape[" + i + "]", list.get(i));
            if (d > Integer.MAX_VALUE) {
                throw fail(name, "shape[" + i + "] = " + d + " exceeds " + Integer.MAX_VALUE);
            }
            dims[i] = (int) d;
        }
        return dims;
    }

    private long[] offsets(String name, Object value) throws IOException {
        if (!(value instanceof List<?> list) || list.size() != 2) {
            throw fail(name, "data_offsets must be an array [begin, end], was " + kind(value)
                    + (value instanceof List<?> l ? " of length " + l.size() : ""));
        }
        long begin = nonNegativeInteger(name, "data_offsets[0]", list.get(0));
        long end = nonNegativeInteger(name, "data_offsets[1]", list.get(1));
        if (end < begin) {
            throw fail(name, "data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        return new long[] {begin, end};
    }

    /** A non-negative integer below 2^63 written without fraction or exponent (as serde reads usize). */
    private long nonNegativeInteger(String name, String what, Object value) throws IOException {
        if (!(value instanceof Json.Num n) || !n.isInteger()) {
            throw fail(name, what + " must be an integer, was " + kind(value)
                    + (value instanceof Json.Num num ? " " + abbreviate(num.text()) : ""));
        }
        String t = n.text();
        if (t.startsWith("-")) {
            throw fail(name, what + " must be >= 0, was " + t);
        }
        if (t.length() > 18) { // up to 18 digits always fit a long
            throw fail(name, what + " = " + abbreviate(t) + " is too large");
        }
        return Long.parseLong(t);
    }

    private int count(String name, int[] dims) throws IOException {
        long n = 1;
        for (int d : dims) {
            if (d == 0) {
                return 0; // a zero dimension empties the tensor however large the others are
            }
        }
        for (int d : dims) {
            n *= d; // n <= Integer.MAX_VALUE before, so no long overflow
            if (n > Integer.MAX_VALUE) {
                throw fail(name, "shape " + Arrays.toString(dims) + " has more than " + Integer.MAX_VALUE
                        + " elements (the element count overflows int)");
            }
        }
        return (int) n;
    }

    /**
     * As the reference implementation: sorted by offsets, the tensors must tile the data section from 0
     * to its end, without overlap, gap or unused bytes.
     */
    private void checkContiguous(List<Entry> entries, long dataLength) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < expected) {
                throw fail(e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] overlap tensor "
                        + Json.quote(previous.name()) + " at [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > expected) {
                throw fail(e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] leave a gap of "
                        + (e.begin() - expected) + " bytes before them (expected begin " + expected + ")");
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataLength) {
            throw fail("the data section has " + (dataLength - expected) + " unused bytes at its end: tensors cover "
                    + expected + " of " + dataLength + " bytes");
        }
    }

    private Tensor tensor(SeekableByteChannel ch, ByteBuffer chunk, long dataStart, Entry e) throws IOException {
        float[] data = new float[e.count()];
        int perChunk = chunk.capacity() / e.dtype().size;
        long position = dataStart + e.begin();
        for (int done = 0; done < e.count(); ) {
            int n = Math.min(perChunk, e.count() - done);
            chunk.clear().limit(n * e.dtype().size);
            readFully(ch, chunk, position);
            chunk.flip();
            int bad = e.dtype().decode(chunk, data, done, n);
            if (bad >= 0) {
                throw fail(e.name(), "BOOL element " + (done + bad) + " is byte " + (chunk.get(bad) & 0xFF)
                        + ", must be 0 or 1");
            }
            position += (long) n * e.dtype().size;
            done += n;
        }
        return Tensor.wrap(data, 0, Shape.of(e.dims()));
    }

    private void readFully(SeekableByteChannel ch, ByteBuffer dst, long position) throws IOException {
        long p = position;
        ch.position(p);
        while (dst.hasRemaining()) {
            int n = ch.read(dst);
            if (n < 0) {
                throw new EOFException(file + ": unexpected end of file at byte " + p
                        + " (the file shrank while being read)");
            }
            p += n;
        }
    }

    private static String kind(Object v) {
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Json.Num) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "null";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 20) + "..." + s.substring(s.length() - 10)
                + " (" + s.length() + " characters)";
    }

    private IOException fail(String message) {
        return new IOException(file + ": " + message);
    }

    private IOException fail(String tensor, String message) {
        return new IOException(file + ": tensor " + Json.quote(tensor) + ": " + message);
    }
}
