package vecnet.nn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import vecnet.core.Tensor;

/**
 * The safetensors file format (Hugging Face): an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (plus
 * an optional {@code "__metadata__"} object of strings), then the raw little-endian tensor data.
 *
 * <p>{@link #save} writes float32 (F32) files exactly as the reference implementation does: tensors
 * sorted by name, contiguous, the header padded with spaces to a multiple of 8. {@link #read} accepts
 * F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL and converts every tensor to float32: exactly for
 * F16, BF16, I16, I8, U8 and BOOL; F64 rounds to the nearest float, and so do I32 and I64, whose
 * values beyond ±2^24 lose their low bits. Other dtypes are refused.
 *
 * <p>Reading is strict, as the reference implementation: a file whose header is not well-formed JSON,
 * whose entries have missing or unknown fields, sizes that disagree with the shapes, or offsets that do
 * not tile the data section exactly (no overlap, no gap, no unused bytes) is refused with an
 * {@link IOException} naming the file and the tensor. Declared sizes are checked against the file size
 * before anything is allocated.
 *
 * <p>Thread safety: static; concurrent calls on different files are independent; a save is atomic (a temporary
 * file beside the target, then a rename), so a reader never sees half a file.
 */
public final class SafeTensors {
    private SafeTensors() {
    }

    /** The content of a safetensors file: tensors in header order, and the metadata (possibly empty). */
    public record File(Map<String, Tensor> tensors, Map<String, String> metadata) {
        /** Unmodifiable copies that keep the given iteration order. */
        public File {
            if (tensors == null || metadata == null) {
                throw new IllegalArgumentException("tensors and metadata must not be null, were " + tensors
                        + " and " + metadata);
            }
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * Writes {@code tensors} as F32 to {@code file}, replacing it atomically (a temporary file in the same
     * directory is renamed over it; on failure it is removed and the old file stays). {@code metadata} may
     * be null or empty (then the header has no {@code __metadata__}). Tensor views are written from
     * their offset; NaN payloads are kept bit for bit.
     *
     * @throws IllegalArgumentException for a null file or map, a null name, tensor or metadata entry,
     *     the reserved name {@code __metadata__}, or a string with an unpaired surrogate (not UTF-8)
     */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        SafeTensorsWriter.write(file, tensors, metadata);
    }

    /** The tensors of {@code file} as float32, in the order of the header (unmodifiable). See {@link #read}. */
    public static Map<String, Tensor> load(Path file) throws IOException {
        return read(file).tensors();
    }

    /**
     * Reads and validates {@code file}. The tensors come in header order (for files from the reference
     * writer, also the order of the data), each with its own array.
     *
     * @throws IOException if the file cannot be read or is not a valid safetensors file of a supported
     *     dtype; the message names the file and, where one is at fault, the tensor
     */
    public static File read(Path file) throws IOException {
        return SafeTensorsReader.read(file);
    }
}
