package vecnet.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.io.StFiles.concat;
import static vecnet.nn.io.StFiles.entry;
import static vecnet.nn.io.StFiles.f32;
import static vecnet.nn.io.StFiles.file;
import static vecnet.nn.io.StFiles.le;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vecnet.core.Shape;
import vecnet.core.Tensor;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private Path write(byte[] content) throws IOException {
        return Files.write(dir.resolve("hand.safetensors"), content);
    }

    private static Tensor random(SplittableRandom r, int... dims) {
        Tensor t = Tensor.zeros(dims);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) r.nextGaussian();
        }
        return t;
    }

    private static void assertValues(float[] expected, Tensor actual, int... dims) {
        assertEquals(Shape.of(dims), actual.shape());
        assertArrayEquals(expected, actual.toArray());
    }

    @Test
    void roundTripKeepsShapesBitsAndMetadata() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layer.weight", random(r, 2, 3));
        tensors.put("layer.bias", random(r, 3));
        tensors.put("scalar", Tensor.of(new float[] {7.5f}));
        tensors.put("empty", Tensor.zeros(0, 4));
        tensors.put("special", Tensor.of(new float[] {Float.intBitsToFloat(0x7fc01234), -0f, Float.POSITIVE_INFINITY,
                Float.MIN_VALUE}, 4));
        Map<String, String> metadata = Map.of("format", "pt", "note", "é \"quoted\"\n\ttab \\ \u0001 😀");
        Path f = dir.resolve("model.safetensors");
        SafeTensors.save(f, tensors, metadata);

        SafeTensors.File read = SafeTensors.read(f);
        assertEquals(List.of("empty", "layer.bias", "layer.weight", "scalar", "special"),
                List.copyOf(read.tensors().keySet()), "file order is sorted by name");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor got = read.tensors().get(e.getKey());
            assertEquals(e.getValue().shape(), got.shape(), e.getKey());
            assertArrayEquals(StFiles.bits(e.getValue()), StFiles.bits(got), e.getKey());
        }
        assertEquals(metadata, read.metadata());
        assertEquals(read.tensors().keySet(), SafeTensors.load(f).keySet());
        long size = Files.size(f);
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "data starts 8-aligned");
        assertEquals(8 + headerLength + 4 * (6 + 3 + 1 + 0 + 4), size);
    }

    @Test
    void writesTheReferenceBytesForATinyMap() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(new float[] {1f, 2f}, 2));
        tensors.put("a", Tensor.of(new float[] {3f}, 1, 1));
        Path f = dir.resolve("tiny.safetensors");
        SafeTensors.save(f, tensors, Map.of("k", "v"));

        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertEquals(135, json.length());
        byte[] expected = concat(le(136, 8), (json + " ").getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 0, 0x40, 0x40, 0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40});
        byte[] actual = Files.readAllBytes(f);
        assertEquals(156, actual.length);
        assertArrayEquals(expected, actual);
    }

    @Test
    void writesNoMetadataObjectWhenThereIsNone() throws IOException {
        Path f = dir.resolve("plain.safetensors");
        SafeTensors.save(f, Map.of("x", Tensor.of(new float[] {1f})), null);
        String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}"; // 53 bytes + 3 spaces
        assertEquals(53, json.length());
        assertArrayEquals(concat(le(56, 8), (json + "   ").getBytes(StandardCharsets.US_ASCII), f32(1f)),
                Files.readAllBytes(f));
        SafeTensors.save(f, Map.of(), Map.of());
        assertArrayEquals(concat(le(8, 8), "{}      ".getBytes(StandardCharsets.US_ASCII)), Files.readAllBytes(f));
        assertTrue(SafeTensors.read(f).tensors().isEmpty());
    }

    @Test
    void ordersNamesByTheirUtf8Bytes() throws IOException {
        // U+FF01 (EF BC 81) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16 (FF01 > D83D)
        String fullwidth = "\uFF01";
        String emoji = "\uD83D\uDE00";
        assertTrue(emoji.compareTo(fullwidth) < 0);
        Path f = dir.resolve("names.safetensors");
        SafeTensors.save(f, Map.of(emoji, Tensor.of(new float[] {1f}), fullwidth, Tensor.of(new float[] {2f})), null);
        Map<String, Tensor> read = SafeTensors.load(f);
        assertEquals(List.of(fullwidth, emoji), List.copyOf(read.keySet()));
        assertEquals(2f, read.get(fullwidth).data()[0]);
        assertEquals(1f, read.get(emoji).data()[0]);
    }

    @Test
    void writesViewsFromTheirOffset() throws IOException {
        float[] backing = {9f, 9f, 1f, 2f, 3f, 9f};
        Path f = dir.resolve("view.safetensors");
        SafeTensors.save(f, Map.of("v", Tensor.wrap(backing, 2, Shape.of(3))), null);
        assertValues(new float[] {1f, 2f, 3f}, SafeTensors.load(f).get("v"), 3);
    }

    @Test
    void readsEveryDtypeToFloat() throws IOException {
        byte[] f16 = le(2, 0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x8000); // 1, -2, 65504, 2^-24, inf, -0
        byte[] bf16 = le(2, 0x3F80, 0x4049, 0xFF80, 0x0001); // 1, 3.140625, -inf, 2^-133
        byte[] f64 = le(8, Double.doubleToRawLongBits(0.1), Double.doubleToRawLongBits(1e300),
                Double.doubleToRawLongBits(-Math.PI));
        byte[] i64 = le(8, (1L << 24) + 1, -5, Long.MIN_VALUE);
        byte[] i32 = le(4, 123456789, -1);
        byte[] i16 = le(2, -32768, 32767);
        byte[] i8 = le(1, -128, 127, 0);
        byte[] u8 = le(1, 0, 255, 128);
        byte[] bool = le(1, 1, 0);
        byte[] f32 = f32(-1.5f);
        String header = "{" + String.join(",",
                entry("f16", "F16", "[2,3]", 0, 12),
                entry("bf16", "BF16", "[4]", 12, 20),
                entry("f64", "F64", "[3]", 20, 44),
                entry("i64", "I64", "[3,1]", 44, 68),
                entry("i32", "I32", "[2]", 68, 76),
                entry("i16", "I16", "[2]", 76, 80),
                entry("i8", "I8", "[3]", 80, 83),
                entry("u8", "U8", "[3]", 83, 86),
                entry("bool", "BOOL", "[2]", 86, 88),
                entry("f32", "F32", "[]", 88, 92)) + "}";
        Path p = write(file(header, concat(f16, bf16, f64, i64, i32, i16, i8, u8, bool, f32)));
        Map<String, Tensor> t = SafeTensors.load(p);

        assertEquals(List.of("f16", "bf16", "f64", "i64", "i32", "i16", "i8", "u8", "bool", "f32"),
                List.copyOf(t.keySet()));
        assertValues(new float[] {1f, -2f, 65504f, Math.scalb(1f, -24), Float.POSITIVE_INFINITY, -0f}, t.get("f16"), 2, 3);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(t.get("f16").data()[5]));
        assertValues(new float[] {1f, 3.140625f, Float.NEGATIVE_INFINITY, Math.scalb(1f, -133)}, t.get("bf16"), 4);
        assertValues(new float[] {0.1f, Float.POSITIVE_INFINITY, (float) -Math.PI}, t.get("f64"), 3);
        // 2^24 + 1 has no float: it rounds to 2^24 (documented precision loss)
        assertValues(new float[] {16777216f, -5f, -0x1p63f}, t.get("i64"), 3, 1);
        assertValues(new float[] {123456792f, -1f}, t.get("i32"), 2);
        assertValues(new float[] {-32768f, 32767f}, t.get("i16"), 2);
        assertValues(new float[] {-128f, 127f, 0f}, t.get("i8"), 3);
        assertValues(new float[] {0f, 255f, 128f}, t.get("u8"), 3);
        assertValues(new float[] {1f, 0f}, t.get("bool"), 2);
        assertValues(new float[] {-1.5f}, t.get("f32"));
    }

    @Test
    void readsLargeTensorsAcrossReadChunks() throws IOException {
        int n = 70_000; // more than one 64 KiB chunk for both dtypes
        long[] halves = new long[n];
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            halves[i] = i % 2048; // F16 bit patterns: zero, subnormals and small normals
            expected[i] = Float.float16ToFloat((short) (i % 2048));
        }
        float[] floats = new float[n];
        for (int i = 0; i < n; i++) {
            floats[i] = i * 0.25f;
        }
        String header = "{" + entry("h", "F16", "[" + n + "]", 0, 2L * n) + ","
                + entry("f", "F32", "[" + n + "]", 2L * n, 6L * n) + "}";
        Map<String, Tensor> t = SafeTensors.load(write(file(header, concat(le(2, halves), f32(floats)))));
        assertValues(expected, t.get("h"), n);
        assertValues(floats, t.get("f"), n);
    }

    @Test
    void readsTheHeaderInAnyOrderWithMetadataAnywhere() throws IOException {
        String header = "{" + entry("b", "F32", "[1]", 4, 8) + ",\"__metadata__\":{\"x\":\"1\",\"y\":\"\\u00e9\"},"
                + entry("a", "F32", "[1]", 0, 4) + "," + entry("empty", "F32", "[0,3]", 8, 8) + "}";
        SafeTensors.File f = SafeTensors.read(write(file(header, f32(1f, 2f))));
        assertEquals(List.of("b", "a", "empty"), List.copyOf(f.tensors().keySet()), "header order");
        assertValues(new float[] {2f}, f.tensors().get("b"), 1);
        assertValues(new float[] {1f}, f.tensors().get("a"), 1);
        assertValues(new float[0], f.tensors().get("empty"), 0, 3);
        assertEquals(Map.of("x", "1", "y", "é"), f.metadata());
        assertThrows(UnsupportedOperationException.class, () -> f.tensors().clear());
    }

    @Test
    void acceptsAnyPaddingAndJsonWhitespace() throws IOException {
        String body = "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        String spaced = "{ \"t\" :\n{\"dtype\" : \"F32\",\t\"shape\":[ 2 ],\r\n\"data_offsets\":[0 , 8]} }";
        for (String header : List.of(body, body + " ", body + "   ", body + "        ", body + " \n\t\r ", spaced)) {
            Map<String, Tensor> t = SafeTensors.load(write(file(header, f32(1f, -1f))));
            assertValues(new float[] {1f, -1f}, t.get("t"), 2);
        }
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.save(f, Map.of("a", Tensor.of(new float[] {1f})), null);
        SafeTensors.save(f, Map.of("b", Tensor.of(new float[] {2f, 3f}, 2)), null);
        assertEquals(List.of("b"), List.copyOf(SafeTensors.load(f).keySet()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void aFailedSaveKeepsTheTargetAndRemovesItsTemporaryFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("occupied.safetensors"));
        Files.writeString(target.resolve("keep.txt"), "x"); // a non-empty directory cannot be replaced
        assertThrows(IOException.class, () -> SafeTensors.save(target, Map.of("a", Tensor.zeros(2)), null));
        assertEquals("x", Files.readString(target.resolve("keep.txt")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
        assertThrows(IOException.class,
                () -> SafeTensors.save(dir.resolve("missing/dir/m.safetensors"), Map.of("a", Tensor.zeros(2)), null));
    }

    @Test
    void refusesBadArgumentsBeforeWriting() {
        Path f = dir.resolve("never.safetensors");
        Map<String, Tensor> nullName = new HashMap<>();
        nullName.put(null, Tensor.zeros(1));
        Map<String, Tensor> nullTensor = new HashMap<>();
        nullTensor.put("a", null);
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        Map<String, Tensor> one = Map.of("a", Tensor.zeros(1));
        assertMessage("file must not be null", () -> SafeTensors.save(null, one, null));
        assertMessage("tensors must not be null", () -> SafeTensors.save(f, null, null));
        assertMessage("tensor names must not be null", () -> SafeTensors.save(f, nullName, null));
        assertMessage("tensors[\"a\"] must not be null", () -> SafeTensors.save(f, nullTensor, null));
        assertMessage("reserved", () -> SafeTensors.save(f, Map.of("__metadata__", Tensor.zeros(1)), null));
        assertMessage("unpaired surrogate U+D800", () -> SafeTensors.save(f, Map.of("a\uD800", Tensor.zeros(1)), null));
        assertMessage("metadata[\"k\"] must not be null", () -> SafeTensors.save(f, one, nullValue));
        assertMessage("metadata[k]: string has an unpaired surrogate",
                () -> SafeTensors.save(f, one, Map.of("k", "\uDC00")));
        assertMessage("file must not be null", () -> SafeTensors.read(null));
        assertTrue(Files.notExists(f));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    @Test
    void aMissingFileIsAnIOException() {
        Path f = dir.resolve("absent.safetensors");
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains("absent.safetensors"), e.getMessage());
        assertTrue(Arrays.asList(dir.toFile().list()).isEmpty());
    }
}
