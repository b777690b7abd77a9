package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Smoke runs of the autoencoder and the VAE on a slice of MNIST: they learn, print and draw. */
class MnistAutoencoderTest {
    /**
     * Seed 1 measured 0.069 after one epoch on 6,000 images (blurred average digits) and 0.062 after two;
     * the second epoch must be clearly on its way down (the full recipe reaches far lower).
     */
    static final double AE_MSE_CEILING = 0.066;
    /**
     * BCE + KL per image starts near 543 (784 · ln 2, logits 0); seed 1 measured 378 for the first epoch on
     * 2,000 images and 232 for the second.
     */
    static final double VAE_LOSS_CEILING = 300;

    @Test
    void autoencoderReconstructionErrorFalls() throws Exception {
        Path out = ChartsTest.DIR.resolve("mnist-autoencoder");
        Sink sink = new Sink();
        MnistAutoencoder.Result r = MnistAutoencoder.run(new String[] {"--epochs", "2", "--train-limit", "6000",
                "--out", out.toString()}, sink.out);
        assertEquals(2, r.testMse().length);
        assertTrue(r.testMse()[1] < r.testMse()[0], "reconstruction error must fall: " + r.testMse()[0] + " -> "
                + r.testMse()[1]);
        assertTrue(r.testMse()[1] < AE_MSE_CEILING, "reconstruction MSE " + r.testMse()[1]);
        assertTrue(sink.text().contains("test reconstruction MSE"), sink.text());
        ChartsTest.assertPng(out.resolve("reconstructions.png"));
        ChartsTest.assertPng(out.resolve("loss.png"));
    }

    @Test
    void vaeLossFallsAndSamplesAreDrawn() throws Exception {
        Path out = ChartsTest.DIR.resolve("mnist-vae");
        Sink sink = new Sink();
        MnistVae.Result r = MnistVae.run(new String[] {"--epochs", "2", "--train-limit", "2000", "--out",
                out.toString()}, sink.out);
        assertTrue(r.loss()[1] < r.loss()[0], "loss must fall: " + r.loss()[0] + " -> " + r.loss()[1]);
        assertTrue(r.loss()[1] < VAE_LOSS_CEILING, "loss " + r.loss()[1]);
        assertTrue(r.kl()[1] > 0, "KL term " + r.kl()[1]);
        assertTrue(sink.text().contains("KL"), sink.text());
        ChartsTest.assertPng(out.resolve("samples.png"));
        ChartsTest.assertPng(out.resolve("loss.png"));
    }
}
