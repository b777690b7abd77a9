package vecnet.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vecnet.nn.autograd.TestTensors.uniform;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import vecnet.core.Shape;
import vecnet.core.Tensor;
import vecnet.nn.autograd.Var;

/** Every loss is usable through a {@code Loss} reference, which is what a training loop holds. */
class LossContractTest {
    record Case(Loss loss, Tensor input, Tensor target) {
    }

    /** One valid call of every concrete loss. */
    static List<Case> cases() {
        Tensor probs = uniform(1, 0.05, 0.95, 4, 3);
        Tensor targets01 = uniform(2, 0, 1, 4, 3);
        Tensor logits = uniform(3, -2, 2, 4, 3);
        Tensor indices = Tensor.of(new float[] {2, 0, 1, 1}, 4);
        Tensor logProbs = uniform(4, -3, -0.1, 4, 3);
        Tensor signs = Tensor.of(new float[] {1, -1, 1, -1, 1, 1, -1, -1, 1, 1, 1, -1}, 4, 3);
        Tensor distances = uniform(5, 0, 2, 4);
        Tensor pairLabels = Tensor.of(new float[] {1, 0, 0, 1}, 4);
        List<Case> all = new ArrayList<>();
        all.add(new Case(new MSELoss(), logits, targets01));
        all.add(new Case(new L1Loss(), logits, targets01));
        all.add(new Case(new HuberLoss(), logits, targets01));
        all.add(new Case(new LogCoshLoss(), logits, targets01));
        all.add(new Case(new BCELoss(), probs, targets01));
        all.add(new Case(new BCEWithLogitsLoss(), logits, targets01));
        all.add(new Case(new CrossEntropyLoss(), logits, indices));
        all.add(new Case(new CrossEntropyLoss(0.1, Reduction.MEAN), logits, targets01));
        all.add(new Case(new NLLLoss(), logProbs, indices));
        all.add(new Case(new HingeLoss(), logits, signs));
        all.add(new Case(new KLDivLoss(Reduction.BATCH_MEAN), logProbs, targets01));
        all.add(new Case(new FocalLoss(), logits, targets01));
        all.add(new Case(new DiceLoss(), probs, targets01));
        all.add(new Case(new ContrastiveLoss(), distances, pairLabels));
        return all;
    }

    @Test
    void everyLossRunsThroughTheBaseSignature() {
        for (Case c : cases()) {
            Loss loss = c.loss();
            Var x = Var.parameter(c.input().copy());
            Var l = loss.forward(x, c.target());
            assertEquals(Shape.of(), l.shape(), loss.toString());
            assertTrue(Float.isFinite(l.item()), loss + ": " + l.item());
            l.backward();
            assertEquals(x.shape(), x.grad().shape(), loss.toString());
            boolean moved = false;
            for (float g : x.grad().toArray()) {
                assertTrue(Float.isFinite(g), loss + ": gradient " + g);
                moved |= g != 0;
            }
            assertTrue(moved, loss + ": the input gets a gradient");
        }
    }

    /** The table above covers every concrete Loss class of the package, so a new loss must join it. */
    @Test
    void theTableCoversEveryLossClass() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Loss.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("vecnet/nn/loss");
        Set<String> concrete = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> c = Class.forName("vecnet.nn.loss." + name.substring(0, name.length() - 6));
                    if (Loss.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                        concrete.add(c.getSimpleName());
                    }
                }
            }
        }
        Set<String> tested = new TreeSet<>();
        for (Case c : cases()) {
            tested.add(c.loss().getClass().getSimpleName());
        }
        assertTrue(concrete.size() >= 13, "found " + concrete);
        assertEquals(concrete, tested);
    }
}
