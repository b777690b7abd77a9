package vecnet.nn;

import java.util.SplittableRandom;

/**
 * The reference models of the benchmarks and the examples (vecnet.examples.Models, which nn cannot
 * depend on), for the nn tests that need a real-sized network: the MLP 784-256-128-10 and LeNet-5 (NHWC
 * input (N, 28, 28, 1)).
 */
public final class ReferenceModels {
    private ReferenceModels() {
    }

    public static Sequential mlp(SplittableRandom r) {
        return new Sequential(new Linear(784, 256, true, r), new ReLU(), new Linear(256, 128, true, r), new ReLU(),
                new Linear(128, 10, true, r));
    }

    public static Sequential lenet5(SplittableRandom r) {
        return new Sequential(new Conv2d(1, 6, 5, 5, 1, 2, true, r), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, 5, 1, 0, true, r), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(400, 120, true, r), new ReLU(), new Linear(120, 84, true, r), new ReLU(),
                new Linear(84, 10, true, r));
    }
}
