package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CybenkoTest {
    /** One hidden layer of 32 tanh units must fit sin on [−π, π] this well. */
    static final double MAX_ERROR = 0.05;

    @Test
    void oneHiddenLayerFitsSine() throws IOException {
        Path png = ChartsTest.DIR.resolve("cybenko.png");
        Files.deleteIfExists(png);
        Cybenko.Result r = Cybenko.run(32, 3000, 1, png, new Sink().out);
        assertTrue(r.maxAbsError() < MAX_ERROR, "max |sin - fit| = " + r.maxAbsError());
        ChartsTest.assertPng(png);
    }
}
