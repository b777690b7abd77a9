package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void readsDeclaredOptionsAndFallsBack() {
        Args a = Args.parse(new String[] {"--steps", "12", "--lr", "0.5", "--x", "1, 0,1", "--out", "t/a.png"}, "steps", "lr",
                "x", "out", "seed");
        assertEquals(12, a.intValue("steps", 1));
        assertEquals(0.5, a.doubleValue("lr", 1));
        assertArrayEquals(new double[] {1, 0, 1}, a.doubles("x", new double[0]));
        assertEquals(Path.of("t/a.png"), a.path("out", null));
        assertEquals(9L, a.longValue("seed", 9));
        assertEquals("d", a.string("seed", "d"));
    }

    @Test
    void rejectsBadCommandLinesNamingTheOption() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Args.parse(new String[] {"--stpes", "1"}, "steps"));
        assertTrue(unknown.getMessage().contains("--stpes") && unknown.getMessage().contains("--steps"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Args.parse(new String[] {"--steps"}, "steps"));
        assertTrue(missing.getMessage().contains("needs a value"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Args.parse(new String[] {"--steps", "1", "--steps", "2"}, "steps"));
        assertThrows(IllegalArgumentException.class, () -> Args.parse(new String[] {"steps", "1"}, "steps"));
        IllegalArgumentException notInt = assertThrows(IllegalArgumentException.class,
                () -> Args.parse(new String[] {"--steps", "x1"}, "steps").intValue("steps", 1));
        assertTrue(notInt.getMessage().contains("--steps") && notInt.getMessage().contains("x1"), notInt.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Args.parse(new String[] {"--x", "1,,2"}, "x").doubles("x", null));
    }
}
