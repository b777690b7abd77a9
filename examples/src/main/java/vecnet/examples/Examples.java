package vecnet.examples;

import java.io.PrintStream;
import java.util.List;

/** Lists the examples and the command that runs each (the default of {@code -Dexample}). */
public final class Examples {
    /** An example's class name and what it shows. */
    record Entry(String name, String about) {
    }

    static final List<Entry> ALL = List.of(
            new Entry("LogicNeurons", "AND/OR/NOT threshold neurons; XOR: one neuron <= 3/4, x1*x2 feature, MLP 4/4"),
            new Entry("ThreeThreeTwo", "the course's 3-3-2 sigmoid network: forward values and one backprop gradient"),
            new Entry("SurfPerceptron", "x = (1, 0, 1), w = (5, 2, 4), b = -3: 6 > 0, go surfing"),
            new Entry("Cybenko", "one hidden tanh layer fits sin(x) on [-pi, pi]; PNG chart"),
            new Entry("LearningRateFromHessian", "eta_max = 2/lambda_max of the MSE Hessian: GD below converges, above diverges; PNG"),
            new Entry("Convolution", "5x5 image with a vertical-edge filter (6) and the 7x7 curve detector (6600, 0)"),
            new Entry("Vgg16", "the real VGG16 (138,357,544 parameters): inference time, GFLOP/s and heap"),
            new Entry("MnistMlp", "MLP 784-256-128-10 on MNIST, 10 epochs: per-epoch accuracy, samples/s, curves"),
            new Entry("MnistLeNet", "LeNet-5 on MNIST, 10 epochs, and the same step on the scalar kernels"),
            new Entry("FashionCnn", "a two-convolution CNN with batch norm on Fashion-MNIST, 10 epochs"),
            new Entry("SequentialMnist", "an LSTM (hidden 128) reads MNIST row by row (28 steps of 28), 10 epochs"),
            new Entry("MnistAutoencoder", "autoencoder 784-128-32-128-784: reconstruction error, PNG of reconstructions"),
            new Entry("MnistVae", "variational autoencoder (BCE + KL): loss per epoch, PNG of samples from N(0, I)"));

    private Examples() {
    }

    public static void main(String[] args) {
        Args.parse(args);
        print(System.out);
    }

    static void print(PrintStream out) {
        out.println("vecnet examples; run one with");
        out.println("  mvn -B -q -DskipTests -pl examples -am verify -Pexample -Dexample=NAME [-Dexample.args=\"--key value ...\"]");
        out.println();
        for (Entry e : ALL) {
            out.printf("  %-24s %s%n", e.name(), e.about());
        }
    }
}
