package vecnet.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search on a fake layout: {@code root/repo/nn} is the working directory, {@code root/shared} beside the repo. */
class DataDirectoryTest {
    @TempDir
    Path root;
    Path moduleDir;

    @BeforeEach
    void layout() throws IOException {
        moduleDir = Files.createDirectories(root.resolve("repo/nn"));
    }

    /** A data set folder with the four file names (empty: the search only looks at names). */
    private Path dataSet(String path, boolean gz) throws IOException {
        Path dir = Files.createDirectories(root.resolve(path));
        for (String f : Mnist.FILE_NAMES) {
            Files.createFile(dir.resolve(gz ? f + ".gz" : f));
        }
        return dir;
    }

    @Test
    void findsEachPlaceAndPrefersTheEarlierOne() throws IOException {
        DataDirectory search = new DataDirectory(moduleDir, null);
        assertEquals(Optional.empty(), search.search("mnist"));
        Path committed = dataSet("repo/data/mnist", true);
        assertEquals(committed, search.resolve("mnist", null));
        Path inModule = dataSet("repo/nn/data/mnist", false);
        assertEquals(inModule, search.resolve("mnist", null));
        Path sharedBesideRepo = dataSet("shared/data/mnist", true);
        assertEquals(sharedBesideRepo, search.resolve("mnist", null));
        Path sharedInRepo = dataSet("repo/shared/data/mnist", true);
        assertEquals(sharedInRepo, search.resolve("mnist", null));
        Path fromEnv = dataSet("elsewhere/mnist", false);
        DataDirectory withEnv = new DataDirectory(moduleDir, root.resolve("elsewhere").toString());
        assertEquals(fromEnv, withEnv.resolve("mnist", null));
        assertEquals(Optional.of(fromEnv), withEnv.search("mnist"));
        assertEquals(Optional.empty(), withEnv.search("fashion-mnist"));
    }

    @Test
    void explicitDirectoryMustHoldTheFiles() throws IOException {
        DataDirectory search = new DataDirectory(moduleDir, null);
        dataSet("shared/data/mnist", true);
        Path missing = root.resolve("nowhere");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> search.resolve("mnist", missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("no such directory"),
                e.getMessage());

        Path partial = Files.createDirectories(root.resolve("partial"));
        Files.createFile(partial.resolve("train-images-idx3-ubyte.gz"));
        e = assertThrows(IllegalArgumentException.class, () -> search.resolve("mnist", partial));
        assertTrue(e.getMessage().contains("missing train-labels-idx1-ubyte[.gz]"), e.getMessage());
        assertTrue(!e.getMessage().contains("missing train-images"), e.getMessage());

        Path good = dataSet("mine", false);
        assertEquals(good, search.resolve("mnist", good));
    }

    @Test
    void nothingFoundListsEveryPlace() throws IOException {
        Files.createDirectories(root.resolve("repo/data/mnist")); // exists but holds no files
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DataDirectory(moduleDir, null).resolve("mnist", null));
        String m = e.getMessage();
        assertTrue(m.contains("$VECNET_DATA/mnist: VECNET_DATA is not set"), m);
        assertTrue(m.contains(root.resolve("repo/shared/data/mnist") + ": no such directory"), m);
        assertTrue(m.contains(root.resolve("shared/data/mnist") + ": no such directory"), m);
        assertTrue(m.contains(root.resolve("repo/nn/data/mnist") + ": no such directory"), m);
        assertTrue(m.contains(root.resolve("repo/data/mnist") + ": missing train-images-idx3-ubyte[.gz]"), m);

        Path env = root.resolve("env");
        m = assertThrows(IllegalStateException.class,
                () -> new DataDirectory(moduleDir, env.toString()).resolve("fashion-mnist", null)).getMessage();
        assertTrue(m.contains(env.resolve("fashion-mnist") + ": no such directory"), m);
        assertEquals(5, m.lines().filter(l -> l.startsWith("  ")).count(), m);
    }

    @Test
    void rejectsBadNames() {
        DataDirectory search = new DataDirectory(moduleDir, null);
        for (String bad : new String[] {null, "", "..", "../mnist", "a/b", "-x"}) {
            assertThrows(IllegalArgumentException.class, () -> search.resolve(bad, null), String.valueOf(bad));
            assertThrows(IllegalArgumentException.class, () -> search.search(bad), String.valueOf(bad));
        }
    }
}
