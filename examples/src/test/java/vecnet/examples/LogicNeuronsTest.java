package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogicNeuronsTest {
    /** A learned probability must be this close to its 0/1 target. */
    static final double PROBABILITY_TOL = 0.1;

    @Test
    void gatesAndXor() {
        Sink sink = new Sink();
        LogicNeurons.Result r = LogicNeurons.run(1, 1000, 5, sink.out);
        // truth tables over (0,0), (0,1), (1,0), (1,1)
        assertArrayEquals(new float[] {0, 0, 0, 1}, r.and());
        assertArrayEquals(new float[] {0, 1, 1, 1}, r.or());
        assertArrayEquals(new float[] {1, 0}, r.not());
        assertArrayEquals(LogicNeurons.XOR, r.xorWithFeatureByHand());
        assertArrayEquals(LogicNeurons.XOR, r.xorTwoLayerByHand());

        assertTrue(r.singleNeuronBestCorrect() <= 3, "one neuron got " + r.singleNeuronBestCorrect() + "/4");
        assertEquals(3, r.gridBestCorrect(), "a line gets 3 of the 4 XOR cases at best");
        assertEquals(4, r.featureNeuronCorrect());
        assertEquals(4, r.mlpCorrect());
        for (int i = 0; i < 4; i++) {
            assertEquals(LogicNeurons.XOR[i], r.mlpProbabilities()[i], PROBABILITY_TOL, "MLP on case " + i);
        }
        assertTrue(sink.text().contains("MLP 2-4-1 (tanh, sigmoid output): 4/4 right"), sink.text());
    }
}
