package vecnet.examples;

import java.util.SplittableRandom;

import vecnet.nn.BatchNorm2d;
import vecnet.nn.Conv2d;
import vecnet.nn.Dropout;
import vecnet.nn.Flatten;
import vecnet.nn.Linear;
import vecnet.nn.MaxPool2d;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;

/**
 * The training examples' models, by name (the scalar comparison rebuilds them in a child JVM). The MLP, LeNet-5
 * and the LSTM classifier are also the benchmarks' reference models ({@code vecnet.bench.TrainingStep}), so the
 * runner times the very models the examples train.
 */
public final class Models {
    private Models() {
    }

    /** 784-256-128-10 with ReLU; input (N, 784). */
    public static Sequential mlp(SplittableRandom r) {
        return new Sequential(new Linear(784, 256, true, r), new ReLU(), new Linear(256, 128, true, r), new ReLU(),
                new Linear(128, 10, true, r));
    }

    /** LeNet-5 (ReLU, max pooling), NHWC input (N, 28, 28, 1). */
    public static Sequential lenet5(SplittableRandom r) {
        return new Sequential(new Conv2d(1, 6, 5, 5, 1, 2, true, r), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, 5, 1, 0, true, r), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(400, 120, true, r), new ReLU(), new Linear(120, 84, true, r), new ReLU(),
                new Linear(84, 10, true, r));
    }

    /**
     * The Fashion-MNIST CNN: two 3x3 convolutions (32 and 64 channels) each with batch norm, ReLU and 2x2
     * max pooling, then 3136-128-10 with dropout 0.25 before the classifier; input (N, 28, 28, 1).
     */
    static Sequential fashionCnn(SplittableRandom r) {
        return new Sequential(new Conv2d(1, 32, 3, 3, 1, 1, true, r), new BatchNorm2d(32), new ReLU(),
                new MaxPool2d(2), new Conv2d(32, 64, 3, 3, 1, 1, true, r), new BatchNorm2d(64), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(7 * 7 * 64, 128, true, r), new ReLU(),
                new Dropout(0.25, r.nextLong()), new Linear(128, 10, true, r));
    }

    /** Sequential MNIST: an LSTM (hidden 128) reads the 28 rows of 28 pixels, then 128-10; input (N, 28, 28). */
    public static Module lstm(SplittableRandom r) {
        return new LstmClassifier(28, 128, 10, r);
    }

    static Module byName(String name, SplittableRandom r) {
        switch (name) {
            case "mnist-mlp": return mlp(r);
            case "mnist-lstm": return lstm(r);
            case "mnist-lenet5": return lenet5(r);
            case "fashion-cnn": return fashionCnn(r);
            default: throw new IllegalArgumentException("model must be mnist-mlp, mnist-lstm, mnist-lenet5 or fashion-cnn, was '"
                    + name + "'");
        }
    }

    /** The per-sample input shape of {@link #byName}'s model. */
    static int[] sampleShape(String name) {
        return name.equals("mnist-mlp") ? new int[] {784} : name.equals("mnist-lstm") ? new int[] {28, 28}
                : new int[] {28, 28, 1};
    }
}
