package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SurfPerceptronTest {
    @Test
    void courseInputGoesSurfing() {
        Sink sink = new Sink();
        SurfPerceptron.Result r = SurfPerceptron.run(SurfPerceptron.COURSE_INPUT, sink.out);
        assertEquals(6.0, r.weightedSum(), "5 + 0 + 4 - 3");
        assertTrue(r.goSurfing());
        assertTrue(sink.text().contains("= 6 > 0 -> go surfing"), sink.text());
    }

    @Test
    void otherInputsFollowTheSameNeuron() {
        SurfPerceptron.Result none = SurfPerceptron.run(new double[] {0, 0, 0}, new Sink().out);
        assertEquals(-3.0, none.weightedSum());
        assertFalse(none.goSurfing());
        assertThrows(IllegalArgumentException.class, () -> SurfPerceptron.run(new double[] {1, 0}, new Sink().out));
        assertThrows(IllegalArgumentException.class, () -> SurfPerceptron.main(new String[] {"--y", "1"}));
    }
}
