package vecnet.nn.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import vecnet.core.Tensor;

/** Safetensors files built byte by byte from the format's spec, for the reader tests. */
final class StFiles {
    private StFiles() {
    }

    /** length field (u64 LE) + the header's UTF-8 bytes as given (no padding added) + data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return concat(le(h.length, 8), h, data);
    }

    /** A file whose length field says {@code headerLength} whatever follows. */
    static byte[] file(long headerLength, byte[] rest) {
        return concat(le(headerLength, 8), rest);
    }

    /** {@code v}'s low {@code bytes} bytes, little-endian. */
    static byte[] le(long v, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    /** Each value as {@code width} little-endian bytes. */
    static byte[] le(int width, long... values) {
        byte[][] parts = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            parts[i] = le(values[i], width);
        }
        return concat(parts);
    }

    static byte[] f32(float... values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return le(4, bits);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** One header entry, {@code "name":{"dtype":..,"shape":[..],"data_offsets":[b,e]}}. */
    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    /** The raw bits of a tensor's elements, from its offset (NaN payloads and signed zeros kept). */
    static int[] bits(Tensor t) {
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.floatToRawIntBits(t.data()[t.offset() + i]);
        }
        return out;
    }
}
