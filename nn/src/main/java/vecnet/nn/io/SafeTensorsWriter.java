package vecnet.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import vecnet.core.Tensor;

/**
 * Writes float32 tensors as a safetensors file the way the reference implementation does: tensors in
 * canonical order (all F32, so by name, compared as UTF-8 bytes as Rust compares strings), contiguous,
 * the compact JSON header padded with spaces so the data starts at a multiple of 8. The file appears
 * atomically: it is written beside the target and renamed over it.
 */
final class SafeTensorsWriter {
    private static final int CHUNK_BYTES = 1 << 16;

    private SafeTensorsWriter() {
    }

    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        List<String> order = checkArguments(file, tensors);
        byte[] header = header(order, tensors, metadata);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || target.getFileName() == null) {
            throw new IllegalArgumentException("file must name a file, was " + file);
        }
        Path tmp = createTemporary(dir, target.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(header.length);
                writeAll(ch, buf.flip());
                writeAll(ch, ByteBuffer.wrap(header));
                for (String name : order) {
                    Tensor t = tensors.get(name);
                    float[] data = t.data();
                    int end = t.offset() + t.size();
                    for (int i = t.offset(); i < end; ) {
                        int n = Math.min(CHUNK_BYTES / 4, end - i);
                        buf.clear();
                        for (int k = 0; k < n; k++) {
                            buf.putInt(Float.floatToRawIntBits(data[i + k])); // raw: NaN payloads survive
                        }
                        writeAll(ch, buf.flip());
                        i += n;
                    }
                }
                ch.force(true); // the data is on disk before the rename makes it visible
            }
            // no fallback to a plain move: a reader must never see a half-written file
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The tensor names in canonical order, once the arguments are checked. */
    private static List<String> checkArguments(Path file, Map<String, Tensor> tensors) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (tensors == null) {
            throw new IllegalArgumentException("tensors must not be null");
        }
        return canonicalOrder(tensors);
    }

    /** The padded header bytes for {@code tensors} in {@code order}; validates the metadata. */
    static byte[] header(List<String> order, Map<String, Tensor> tensors, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            json.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : sortedMetadata(metadata).entrySet()) {
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("metadata[" + Json.quote(e.getKey()) + "] must not be null");
                }
                json.append(first ? "" : ",").append(quote("metadata key", e.getKey())).append(':')
                        .append(quote("metadata[" + e.getKey() + "]", e.getValue()));
                first = false;
            }
            json.append('}');
        }
        long offset = 0;
        for (String name : order) {
            Tensor t = tensors.get(name);
            long bytes = 4L * t.size();
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote("tensor name", name)).append(":{\"dtype\":\"F32\",\"shape\":[");
            for (int d = 0; d < t.rank(); d++) {
                json.append(d > 0 ? "," : "").append(t.dim(d));
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8; // 8 + padded is then a multiple of 8
        if (padded > SafeTensorsReader.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would be " + padded + " bytes, over the limit of "
                    + SafeTensorsReader.MAX_HEADER_BYTES + " (too many tensors or too much metadata)");
        }
        byte[] header = Arrays.copyOf(raw, padded);
        Arrays.fill(header, raw.length, padded, (byte) ' ');
        return header;
    }

    /** Tensor names sorted by their UTF-8 bytes; rejects null names, null tensors and the reserved name. */
    static List<String> canonicalOrder(Map<String, Tensor> tensors) {
        List<String> names = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("tensor names must not be null");
            }
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("tensor name \"__metadata__\" is reserved for the metadata");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("tensors[" + Json.quote(e.getKey()) + "] must not be null");
            }
            names.add(e.getKey());
        }
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8)));
        return names;
    }

    private static Map<String, String> sortedMetadata(Map<String, String> metadata) {
        Map<String, String> sorted = new TreeMap<>((a, b) -> Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("metadata keys must not be null");
            }
            sorted.put(e.getKey(), e.getValue());
        }
        return sorted;
    }

    private static String quote(String what, String s) {
        try {
            return Json.quote(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static void writeAll(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /**
     * A new empty file beside the target. Not Files.createTempFile: that one is owner-only (0600) and the
     * rename would hand those permissions to the target; a plain create follows the umask.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
            Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }
}
