package vecnet.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vecnet.core.Tensor;

/**
 * Files written by the reference implementation (Hugging Face's safetensors 0.8.0 through PyTorch's
 * save_file, by scripts/pytorch/safetensors_fixtures.py): vecnet reads every dtype to the float32 bits
 * the script computed, and writes the same float32 tensors and metadata to the reference file's bytes.
 */
class SafeTensorsInteropTest {
    private static final Path DIR = Path.of("src", "test", "resources", "safetensors");

    @TempDir
    Path tmp;

    /** One line of expected.txt: FILE/NAME dtype shape bits... */
    private record Expected(String file, String name, String dtype, int[] dims, int[] bits) {
        static Expected parse(String line) {
            String[] f = line.trim().split(" ");
            int slash = f[0].indexOf('/');
            int[] dims = f[2].equals("scalar") ? new int[0] : Arrays.stream(f[2].split("x")).mapToInt(Integer::parseInt).toArray();
            int[] bits = new int[f.length - 3];
            for (int i = 3; i < f.length; i++) {
                bits[i - 3] = (int) Long.parseLong(f[i], 16);
            }
            return new Expected(f[0].substring(0, slash), f[0].substring(slash + 1), f[1], dims, bits);
        }
    }

    private static List<Expected> expected() throws IOException {
        List<Expected> out = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("expected.txt"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(Expected.parse(line));
            }
        }
        return out;
    }

    @Test
    void readsTheReferenceFilesToTheExpectedBits() throws IOException {
        List<Expected> all = expected();
        assertEquals(16, all.size(), "6 float32 tensors and 10 dtypes in expected.txt");
        Map<String, SafeTensors.File> files = new LinkedHashMap<>();
        for (Expected e : all) {
            SafeTensors.File f = files.get(e.file());
            if (f == null) {
                f = SafeTensors.read(DIR.resolve(e.file() + ".safetensors"));
                files.put(e.file(), f);
            }
            Tensor t = f.tensors().get(e.name());
            assertTrue(t != null, e.file() + " has no tensor " + e.name());
            assertArrayEquals(e.dims(), t.shape().dims(), e.name() + " shape");
            assertArrayEquals(e.bits(), StFiles.bits(t), e.name() + " (" + e.dtype() + ") bits");
        }
        assertEquals(Map.of("format", "pt"), files.get("reference_f32").metadata());
        assertEquals(Map.of(), files.get("dtypes").metadata());
        assertEquals(6, files.get("reference_f32").tensors().size());
        assertEquals(10, files.get("dtypes").tensors().size());
    }

    @Test
    void writesTheReferenceImplementationsBytes() throws IOException {
        Map<String, Tensor> read = SafeTensors.load(DIR.resolve("reference_f32.safetensors"));
        // the writer sorts by name whatever order it is given: hand it the tensors in reverse
        List<String> names = new ArrayList<>(read.keySet());
        Collections.reverse(names);
        Map<String, Tensor> reversed = new LinkedHashMap<>();
        for (String n : names) {
            reversed.put(n, read.get(n));
        }
        Path ours = tmp.resolve("ours.safetensors");
        SafeTensors.save(ours, reversed, Map.of("format", "pt"));
        byte[] reference = Files.readAllBytes(DIR.resolve("reference_f32.safetensors"));
        byte[] written = Files.readAllBytes(ours);
        assertEquals(new String(reference, 8, 40, StandardCharsets.US_ASCII), new String(written, 8, 40, StandardCharsets.US_ASCII));
        assertArrayEquals(reference, written, "the same bytes as safetensors 0.8.0");
    }
}
