package vecnet.nn.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.io.StFiles.concat;
import static vecnet.nn.io.StFiles.entry;
import static vecnet.nn.io.StFiles.f32;
import static vecnet.nn.io.StFiles.file;
import static vecnet.nn.io.StFiles.le;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed file the reader must refuse, each with what its message must say. */
class SafeTensorsRefusalTest {
    private static final String FILE_NAME = "bad.safetensors";

    @TempDir
    Path dir;

    private static Arguments refused(String why, byte[] content, String... fragments) {
        return Arguments.of(why, content, List.of(fragments));
    }

    /** A one-entry header, the entry's JSON object given as is. */
    private static byte[] single(String entryObject, byte[] data) {
        return file("{\"t\":" + entryObject + "}", data);
    }

    private static String deep(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    static Stream<Arguments> cases() {
        byte[] eight = f32(1f, 2f);
        return Stream.of(
                refused("empty file", new byte[0], "file is 0 bytes, shorter than the 8-byte header length"),
                refused("7 bytes", new byte[7], "file is 7 bytes"),
                refused("header beyond the file", file(100, "{}".getBytes(StandardCharsets.US_ASCII)),
                        "header length 100 exceeds the 2 bytes after the length field"),
                refused("header over 100 MB", file(100_000_001, new byte[16]),
                        "header length 100000001 exceeds the limit of 100000000 bytes"),
                refused("header length 2^64 - 1", file(-1L, new byte[16]), "header length 18446744073709551615"),
                refused("zero-length header", file(0, new byte[0]), "header must be a JSON object starting with '{'"),
                refused("invalid UTF-8", file(6, concat("{\"".getBytes(StandardCharsets.US_ASCII),
                        new byte[] {(byte) 0xff}, "\":}".getBytes(StandardCharsets.US_ASCII))), "not valid UTF-8"),
                refused("UTF-8 encoded surrogate", file(9, concat("{\"".getBytes(StandardCharsets.US_ASCII),
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "\":1}".getBytes(StandardCharsets.US_ASCII))),
                        "not valid UTF-8"),
                refused("header is an array", file("[]", new byte[0]), "must be a JSON object starting with '{', starts with \"[\""),
                refused("leading whitespace", file(" {}", new byte[0]), "starting with '{'"),
                refused("truncated JSON", file("{\"t\":", new byte[0]), "not valid JSON: unexpected end of input"),
                refused("trailing garbage", file("{} x", new byte[0]), "not valid JSON: unexpected 'x' after the value"),
                refused("trailing NUL padding", file("{}\0\0", new byte[0]), "not valid JSON"),
                refused("JSON nested too deep", file("{\"__metadata__\":{\"k\":" + deep(100) + "}}", new byte[0]),
                        "nesting deeper than 64 levels"),
                refused("duplicate tensor", file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8)
                        + "}", eight), "duplicate key \"a\""),
                refused("duplicate field", single("{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}",
                        f32(1f)), "duplicate key \"dtype\""),
                refused("unpaired surrogate escape", file("{\"\\ud800\":1}", new byte[0]), "unpaired surrogate \\uD800"),
                refused("raw control character", file("{\"a\tb\":1}", new byte[0]), "unescaped control character U+0009"),
                refused("entry not an object", file("{\"t\":5}", new byte[0]), "tensor \"t\": entry must be an object, was a number"),
                refused("missing dtype", single("{\"shape\":[1],\"data_offsets\":[0,4]}", f32(1f)),
                        "tensor \"t\": missing field \"dtype\""),
                refused("missing shape", single("{\"dtype\":\"F32\",\"data_offsets\":[0,4]}", f32(1f)),
                        "tensor \"t\": missing field \"shape\""),
                refused("missing data_offsets", single("{\"dtype\":\"F32\",\"shape\":[1]}", f32(1f)),
                        "tensor \"t\": missing field \"data_offsets\""),
                refused("extra field", single("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":0}", f32(1f)),
                        "tensor \"t\": unknown field \"extra\""),
                refused("dtype not a string", single("{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}", f32(1f)),
                        "tensor \"t\": dtype must be a string, was a number"),
                refused("unknown dtype F8_E4M3", file("{" + entry("t", "F8_E4M3", "[1]", 0, 1) + "}", new byte[1]),
                        "tensor \"t\": unsupported dtype \"F8_E4M3\""),
                refused("unknown dtype U16", file("{" + entry("t", "U16", "[1]", 0, 2) + "}", new byte[2]),
                        "unsupported dtype \"U16\""),
                refused("lower-case dtype", file("{" + entry("t", "f32", "[1]", 0, 4) + "}", f32(1f)),
                        "unsupported dtype \"f32\""),
                refused("shape not an array", file("{" + entry("t", "F32", "4", 0, 4) + "}", f32(1f)),
                        "tensor \"t\": shape must be an array, was a number"),
                refused("negative dimension", file("{" + entry("t", "F32", "[1,-2]", 0, 8) + "}", eight),
                        "tensor \"t\": shape[1] must be >= 0, was -2"),
                refused("fractional dimension", file("{" + entry("t", "F32", "[2.0]", 0, 8) + "}", eight),
                        "tensor \"t\": shape[0] must be an integer, was a number 2.0"),
                refused("exponent dimension", file("{" + entry("t", "F32", "[2e0]", 0, 8) + "}", eight),
                        "shape[0] must be an integer, was a number 2e0"),
                refused("string dimension", file("{" + entry("t", "F32", "[\"2\"]", 0, 8) + "}", eight),
                        "shape[0] must be an integer, was a string"),
                refused("dimension beyond int", file("{" + entry("t", "F32", "[3000000000]", 0, 8) + "}", eight),
                        "tensor \"t\": shape[0] = 3000000000 exceeds 2147483647"),
                refused("dimension beyond long", file("{" + entry("t", "F32", "[99999999999999999999999]", 0, 8) + "}", eight),
                        "shape[0] = 99999999999999999999999 is too large"),
                refused("element count overflows int", file("{" + entry("t", "F32", "[65536,65536]", 0, 8) + "}", eight),
                        "tensor \"t\": shape [65536, 65536] has more than 2147483647 elements"),
                refused("size mismatch", file("{" + entry("t", "F32", "[2]", 0, 4) + "}", f32(1f)),
                        "tensor \"t\": data_offsets [0, 4] span 4 bytes, but 2 elements of F32 need 8"),
                refused("size mismatch of F16", file("{" + entry("t", "F16", "[3]", 0, 8) + "}", eight),
                        "span 8 bytes, but 3 elements of F16 need 6"),
                refused("offsets end before begin", file("{" + entry("t", "F32", "[0]", 8, 4) + "}", eight),
                        "tensor \"t\": data_offsets [8, 4] end before they begin"),
                refused("offsets beyond the data", file("{" + entry("t", "F32", "[2]", 4, 12) + "}", eight),
                        "tensor \"t\": data_offsets [4, 12] end beyond the data section of 8 bytes"),
                refused("offsets beyond long", single("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,"
                        + "18446744073709551620]}", f32(1f)), "data_offsets[1] = 18446744073709551620 is too large"),
                refused("negative offset", single("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}", f32(1f)),
                        "tensor \"t\": data_offsets[0] must be >= 0, was -4"),
                refused("one offset", single("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}", f32(1f)),
                        "tensor \"t\": data_offsets must be an array [begin, end], was an array of length 1"),
                refused("offsets an object", single("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{}}", f32(1f)),
                        "data_offsets must be an array [begin, end], was an object"),
                refused("overlapping tensors", file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12)
                        + "}", f32(1f, 2f, 3f)), "tensor \"b\": data_offsets [4, 12] overlap tensor \"a\" at [0, 8]"),
                refused("two tensors on the same bytes", file("{" + entry("a", "F32", "[1]", 0, 4) + ","
                        + entry("b", "F32", "[1]", 0, 4) + "}", f32(1f)), "overlap tensor"),
                refused("gap between tensors", file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12)
                        + "}", f32(1f, 2f, 3f)), "tensor \"b\": data_offsets [8, 12] leave a gap of 4 bytes"),
                refused("gap at the start", file("{" + entry("a", "F32", "[1]", 4, 8) + "}", eight),
                        "tensor \"a\": data_offsets [4, 8] leave a gap of 4 bytes before them (expected begin 0)"),
                refused("unused bytes at the end", file("{" + entry("a", "F32", "[1]", 0, 4) + "}", eight),
                        "the data section has 4 unused bytes at its end: tensors cover 4 of 8 bytes"),
                refused("data without tensors", file("{}", new byte[3]), "3 unused bytes"),
                refused("metadata value not a string", file("{\"__metadata__\":{\"k\":1}}", new byte[0]),
                        "__metadata__ value of \"k\" must be a string, was a number"),
                refused("metadata value null", file("{\"__metadata__\":{\"k\":null}}", new byte[0]),
                        "__metadata__ value of \"k\" must be a string, was null"),
                refused("metadata not an object", file("{\"__metadata__\":[\"k\"]}", new byte[0]),
                        "__metadata__ must be an object of strings, was an array"),
                refused("BOOL byte other than 0 or 1", file("{" + entry("b", "BOOL", "[3]", 0, 3) + "}", new byte[] {1, 0, 2}),
                        "tensor \"b\": BOOL element 2 is byte 2, must be 0 or 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refuses(String why, byte[] content, List<String> fragments) throws IOException {
        Path f = Files.write(dir.resolve(FILE_NAME), content);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f), why);
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ": "), () -> "message should start with the file: " + m);
        for (String fragment : fragments) {
            assertTrue(m.contains(fragment), () -> "'" + m + "' should contain '" + fragment + "'");
        }
    }
}
