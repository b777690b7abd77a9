package vecnet.nn.io;

import java.nio.ByteBuffer;

/**
 * The safetensors dtypes this reader converts to float32, with their element sizes. Conversion is exact
 * for F32, F16, BF16, I16, I8, U8 and BOOL; F64 is rounded to the nearest float; I32 and I64 are
 * rounded to the nearest float too, so integers beyond ±2^24 lose their low bits.
 */
enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    /** Bytes per element. */
    final int size;

    DType(int size) {
        this.size = size;
    }

    /** The dtype spelled {@code name} in a header, or null if this reader does not support it. */
    static DType named(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Converts {@code n} little-endian elements at the buffer's position into {@code dst[at..at+n)},
     * advancing the buffer. Returns -1, or for BOOL the index (within this call) of the first byte that is
     * neither 0 nor 1.
     */
    int decode(ByteBuffer src, float[] dst, int at, int n) {
        switch (this) {
            case F32 -> src.asFloatBuffer().get(dst, at, n);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = (float) src.getDouble(src.position() + 8 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = Float.float16ToFloat(src.getShort(src.position() + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    // bfloat16 is the top half of a float32
                    dst[at + i] = Float.intBitsToFloat((src.getShort(src.position() + 2 * i) & 0xFFFF) << 16);
                }
            }
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = (float) src.getLong(src.position() + 8 * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = (float) src.getInt(src.position() + 4 * i);
                }
            }
            case I16 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = src.getShort(src.position() + 2 * i);
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = src.get(src.position() + i);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = src.get(src.position() + i) & 0xFF;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    byte b = src.get(src.position() + i);
                    if (b != 0 && b != 1) {
                        return i;
                    }
                    dst[at + i] = b;
                }
            }
            default -> throw new AssertionError(this);
        }
        src.position(src.position() + n * size);
        return -1;
    }
}
