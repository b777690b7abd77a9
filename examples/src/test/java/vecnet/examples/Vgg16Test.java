package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.Sequential;
import vecnet.nn.autograd.Var;

/**
 * The full 224x224 VGG16 is built and run once (batch 1: about 31 GFLOP, a few seconds); the example's
 * reporting path runs on 32x32 input, where the first fc layer has 512 inputs.
 */
class Vgg16Test {
    /** Parameters of VGG16's 13 convolutions (the published count without the classifier). */
    static final long CONV_PARAMETERS = 14_714_688L;
    /** The published forward cost at 224x224: 15.47 G multiply-adds. */
    static final double PUBLISHED_GMACS = 15.47;
    static final double GMACS_TOL = 0.005;

    @Test
    void realArchitectureAt224() {
        Sequential model = Vgg16.build(224, new SplittableRandom(1));
        model.eval();
        assertEquals(Vgg16.PARAMETERS_224, Vgg16.parameterCount(model));
        assertEquals(138_357_544L, Vgg16.PARAMETERS_224);
        Tensor image = Tensor.zeros(1, 224, 224, 3);
        image.fill(0.5f);
        Vgg16.Profile p = Vgg16.profile(model, Var.constant(image));
        assertArrayEquals(new int[] {1, 1000}, p.output().shape().dims());
        long flops = 0;
        for (Vgg16.LayerCost c : p.layers()) {
            flops += c.flopsPerImage();
        }
        assertEquals(flops, p.flopsPerImage());
        assertEquals(PUBLISHED_GMACS, flops / 2e9, GMACS_TOL);
        assertArrayEquals(new int[] {1, 7, 7, 512}, p.layers().get(30).output().dims(), "after the fifth pool");
        for (float v : p.output().value().toArray()) {
            assertTrue(Float.isFinite(v), "finite logits");
        }
    }

    @Test
    void exampleRunsOnSmallImages() {
        Sink sink = new Sink();
        Vgg16.Result r = Vgg16.run(32, 2, 1, 1, sink.out);
        long classifier = (512L * 4096 + 4096) + (4096L * 4096 + 4096) + (4096L * 1000 + 1000);
        assertEquals(CONV_PARAMETERS + classifier, r.parameters());
        assertArrayEquals(new int[] {1, 1000}, r.outputShape());
        assertTrue(r.coldSingle() > 0 && r.warmBatch() > 0, "times measured");
        assertTrue(r.heapAfterBuild() > 4 * r.parameters(), "the weights are on the heap");
        assertTrue(sink.text().contains("GFLOP/s"), sink.text());
        assertThrows(IllegalArgumentException.class, () -> Vgg16.build(100, new SplittableRandom(1)));
    }
}
