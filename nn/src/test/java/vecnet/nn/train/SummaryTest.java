package vecnet.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.train.MetricsTest.assertMessage;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Shape;
import vecnet.nn.AvgPool2d;
import vecnet.nn.BatchNorm2d;
import vecnet.nn.Conv2d;
import vecnet.nn.Dropout;
import vecnet.nn.Flatten;
import vecnet.nn.GlobalAvgPool2d;
import vecnet.nn.Linear;
import vecnet.nn.MaxPool2d;
import vecnet.nn.Maxout;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.ReferenceModels;
import vecnet.nn.Sequential;
import vecnet.nn.Softmax;
import vecnet.nn.Tanh;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;

class SummaryTest {
    @Test
    void lenet5ShapesParametersAndFlops() {
        Summary s = Summary.of(ReferenceModels.lenet5(new SplittableRandom(1)), 28, 28, 1);
        List<Summary.Row> rows = s.rows();
        assertEquals(12, rows.size());
        List<Shape> shapes = List.of(Shape.of(28, 28, 6), Shape.of(28, 28, 6), Shape.of(14, 14, 6), Shape.of(10, 10, 16),
                Shape.of(10, 10, 16), Shape.of(5, 5, 16), Shape.of(400), Shape.of(120), Shape.of(120), Shape.of(84),
                Shape.of(84), Shape.of(10));
        long[] params = {
            6 * 5 * 5 * 1 + 6, 0, 0,
            16 * 5 * 5 * 6 + 16, 0, 0, 0,
            120 * 400 + 120, 0,
            84 * 120 + 84, 0,
            10 * 84 + 10};
        long[] flops = {
            2L * 5 * 5 * 1 * 6 * 28 * 28 + 6 * 28 * 28, // conv1: multiply-adds + bias per output element
            28 * 28 * 6,                                // ReLU: 1 per element
            2 * 2 * 6 * 14 * 14,                        // max pool 2×2: 4 comparisons per output
            2L * 5 * 5 * 6 * 16 * 10 * 10 + 16 * 10 * 10,
            10 * 10 * 16,
            2 * 2 * 16 * 5 * 5,
            0,                                          // Flatten
            2L * 400 * 120 + 120,
            120,
            2L * 120 * 84 + 84,
            84,
            2L * 84 * 10 + 10};
        long flopSum = 0;
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(Integer.toString(i), rows.get(i).name());
            assertEquals(shapes.get(i), rows.get(i).outputShape(), "row " + i);
            assertEquals(params[i], rows.get(i).parameters(), "row " + i);
            assertEquals(flops[i], rows.get(i).flops(), "row " + i);
            flopSum += flops[i];
        }
        assertEquals(61_706, s.totalParameters());
        assertEquals(61_706, s.trainableParameters());
        assertEquals(0, s.bufferElements());
        // 239,904 + 4,704 + 4,704 + 481,600 + 1,600 + 1,600 + 96,120 + 120 + 20,244 + 84 + 1,690
        assertEquals(852_370, flopSum);
        assertEquals(flopSum, s.forwardFlops());
        assertEquals(3 * flopSum, s.trainingFlopsEstimate());
        assertTrue(s.flopsComplete());
        assertEquals("MaxPool2d(kernel=2, stride=2)", rows.get(2).layer());
        assertTrue(rows.get(0).layer().startsWith("Conv2d(1, 6, kernel=(5, 5)"), rows.get(0).layer());
        assertEquals(Shape.of(28, 28, 1), s.inputShape());
        assertEquals(Shape.of(10), s.outputShape());
    }

    @Test
    void lenet5TableIsAligned() {
        String text = Summary.of(ReferenceModels.lenet5(new SplittableRandom(1)), 28, 28, 1).toString();
        String[] lines = text.split("\n");
        int header = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("Layer (type)")) {
                header = i;
            }
        }
        assertTrue(header > 0, text);
        int width = lines[header].length();
        assertEquals(width, lines[header - 1].length(), "rule as wide as the table");
        for (int i = header + 2; i < header + 2 + 12; i++) {
            assertEquals(width, lines[i].length(), () -> "aligned rows\n" + text);
        }
        assertTrue(lines[header + 2].startsWith("0: Conv2d(1, 6, "), text);
        assertTrue(lines[header + 2].contains("(N, 28, 28, 6)"), text);
        assertTrue(lines[header + 2].endsWith("239,904"), text);
        assertTrue(lines[header + 2 + 6].contains("(N, 400)"), text);
        assertTrue(text.contains("Total params: 61,706\n"), text);
        assertTrue(text.contains("Trainable params: 61,706\n"), text);
        assertTrue(text.contains("Forward FLOPs per sample: 852,370 (852.37 kFLOPs)\n"), text);
        assertTrue(text.contains("Training FLOPs per sample (~3x forward): 2,557,110"), text);
        assertTrue(text.startsWith("Input shape: (N, 28, 28, 1)\n"), text);
    }

    @Test
    void mlpParametersAndFlops() {
        Summary s = Summary.of(ReferenceModels.mlp(new SplittableRandom(2)), 784);
        assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, s.totalParameters());
        assertEquals(235_146, s.totalParameters());
        long flops = (2L * 784 * 256 + 256) + 256 + (2L * 256 * 128 + 128) + 128 + (2L * 128 * 10 + 10);
        assertEquals(flops, s.forwardFlops());
        assertEquals(List.of(Shape.of(256), Shape.of(256), Shape.of(128), Shape.of(128), Shape.of(10)),
                s.rows().stream().map(Summary.Row::outputShape).toList());
    }

    @Test
    void otherLayersFollowTheDocumentedConventions() {
        SplittableRandom r = new SplittableRandom(3);
        Sequential net = new Sequential(new Conv2d(3, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new AvgPool2d(3, 2),
                new MaxPool2d(2, 1), new GlobalAvgPool2d(), new Maxout(4, 5, 3, r), new Dropout(0.5, 9), new Softmax());
        Summary s = Summary.of(net, 9, 9, 3);
        List<Summary.Row> rows = s.rows();
        assertEquals(List.of(Shape.of(9, 9, 4), Shape.of(9, 9, 4), Shape.of(9, 9, 4), Shape.of(4, 4, 4), Shape.of(3, 3, 4),
                Shape.of(4), Shape.of(5), Shape.of(5), Shape.of(5)),
                rows.stream().map(Summary.Row::outputShape).toList());
        long[] flops = {
            (2L * 3 * 3 * 3 + 1) * 9 * 9 * 4,   // conv 3×3, 3 → 4 channels, padding 1, bias
            4 * 9 * 9 * 4,                      // batch norm: 4 per element
            9 * 9 * 4,                          // ReLU
            3 * 3 * 4 * 4 * 4,                  // average pool 3×3 stride 2: (9 − 3)/2 + 1 = 4
            2 * 2 * 3 * 3 * 4,                  // max pool 2×2 stride 1: 4 − 2 + 1 = 3
            3 * 3 * 4,                          // global average: 1 add per input element
            (2 * 4 * 15 + 15) + 5 * 3,          // Maxout: Linear 4 → 5·3 pieces, then 3 per unit
            0,                                  // Dropout (identity in eval)
            3 * 5};                             // Softmax: 3 per element
        for (int i = 0; i < flops.length; i++) {
            assertEquals(flops[i], rows.get(i).flops(), "row " + i + " " + rows.get(i).layer());
        }
        assertEquals("AvgPool2d(kernel=3, stride=2)", rows.get(3).layer());
        assertEquals("MaxPool2d(kernel=2, stride=1)", rows.get(4).layer());
        assertEquals(4 * 27 + 4, rows.get(0).parameters());
        assertEquals(2 * 4, rows.get(1).parameters());
        assertEquals(15 * 4 + 15, rows.get(6).parameters());
        assertEquals(4 * 27 + 4 + 8 + 75, s.totalParameters());
        // running mean and variance of 4 channels and the batch counter (a scalar)
        assertEquals(4 + 4 + 1, s.bufferElements());
    }

    @Test
    void poolingWithOneOutputHasNoObservableStride() {
        Summary s = Summary.of(new Sequential(new MaxPool2d(2, 5), new AvgPool2d(1, 3)), 2, 3, 1);
        assertEquals("MaxPool2d(kernel=2)", s.rows().get(0).layer());
        assertEquals(Shape.of(1, 1, 1), s.rows().get(0).outputShape());
        assertEquals(4, s.rows().get(0).flops());
        assertEquals("AvgPool2d(kernel=1)", s.rows().get(1).layer());
    }

    @Test
    void nestedSequentialsGetDottedNames() {
        SplittableRandom r = new SplittableRandom(4);
        Sequential net = new Sequential(new Linear(8, 6, true, r),
                new Sequential(new Tanh(), new Sequential(new Linear(6, 4, false, r)), new ReLU()), new Linear(4, 2, true, r));
        Summary s = Summary.of(net, 8);
        assertEquals(List.of("0", "1.0", "1.1.0", "1.2", "2"), s.rows().stream().map(Summary.Row::name).toList());
        assertEquals(6 * 4, s.rows().get(2).parameters());
        assertEquals(2L * 6 * 4, s.rows().get(2).flops(), "no bias");
        assertEquals(8 * 6 + 6 + 24 + 4 * 2 + 2, s.totalParameters());
    }

    /** A module Summary cannot look into. */
    static final class TwoTowers extends Module {
        final Linear a;
        final Linear b;

        TwoTowers(SplittableRandom r) {
            a = registerModule("a", new Linear(3, 2, true, r));
            b = registerModule("b", new Linear(3, 2, true, r));
        }

        @Override
        public Var forward(Var x) {
            return a.forward(x).add(b.forward(x));
        }
    }

    @Test
    void otherModulesAreOneRowOfUnknownCost() {
        SplittableRandom r = new SplittableRandom(5);
        Summary s = Summary.of(new Sequential(new TwoTowers(r), new ReLU()), 3);
        assertEquals(2, s.rows().size());
        assertEquals("TwoTowers", s.rows().get(0).layer());
        assertEquals(2 * (3 * 2 + 2), s.rows().get(0).parameters());
        assertEquals(Summary.UNKNOWN, s.rows().get(0).flops());
        assertFalse(s.flopsComplete());
        assertEquals(2, s.forwardFlops(), "the ReLU only");
        String text = s.toString();
        assertTrue(text.contains("?"), text);
        assertTrue(text.contains("unknown cost"), text);
        Summary top = Summary.of(new TwoTowers(r), 3);
        assertEquals("", top.rows().get(0).name());
        assertEquals(Shape.of(2), top.outputShape());
    }

    @Test
    void sharedParametersAreCountedOnce() {
        Linear shared = new Linear(4, 4, true, new SplittableRandom(6));
        Summary s = Summary.of(new Sequential(shared, new ReLU(), shared), 4);
        assertEquals(4 * 4 + 4, s.totalParameters());
        assertEquals(2 * (4 * 4 + 4), s.rows().get(0).parameters() + s.rows().get(2).parameters());
    }

    @Test
    void trainingFlagsAndGradModeAreRestored() {
        Sequential net = ReferenceModels.lenet5(new SplittableRandom(7));
        net.train();
        net.get(3).eval();
        Summary.of(net, 28, 28, 1);
        assertTrue(net.isTraining());
        assertFalse(net.get(3).isTraining());
        assertTrue(net.get(0).isTraining());
        assertTrue(GradMode.isEnabled());
        Sequential bn = new Sequential(new Linear(2, 3), new vecnet.nn.BatchNorm1d(3));
        Summary.of(bn, 2); // batch 1 would fail in training mode
        assertTrue(bn.get(1).isTraining());
    }

    @Test
    void badArgumentsAreRejected() {
        Sequential net = ReferenceModels.lenet5(new SplittableRandom(8));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Summary.of(null, 3)), "model");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Summary.of(net)), "inputShape");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Summary.of(net, (int[]) null)), "inputShape");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Summary.of(net, 28, 0, 1)), "inputShape[1]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Summary.of(net, 28, 28, 3));
        assertMessage(e, "layer 0");
        assertMessage(e, "[28, 28, 3]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Summary.of(net, 784)), "layer 0");
        assertTrue(net.isTraining(), "restored after a failure");
        assertTrue(GradMode.isEnabled());
    }
}
