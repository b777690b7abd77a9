package vecnet.nn;

import java.util.SplittableRandom;

import vecnet.core.Tensor;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.Var;
import vecnet.nn.optim.Adam;
import vecnet.nn.optim.Optimizer;
import vecnet.nn.optim.SGD;
import vecnet.simd.Simd;

/**
 * Child-JVM entry of {@link C1CompilabilityTest}: a few training steps and inferences of models that
 * together reach the GEMM paths (packed, narrow, small-M), the convolutions (direct few-channel and
 * im2col), pooling, the activations, batch norm, dropout, two optimizers' fused updates and the
 * recurrent cells.
 */
public final class C1Workload {
    private C1Workload() {
    }

    public static void main(String[] args) {
        SplittableRandom r = new SplittableRandom(5);
        Sequential lenet = ReferenceModels.lenet5(r);
        train(lenet, new Adam(lenet.parameters(), 1e-3), r, 16, 28, 28, 1);
        Sequential mlp = ReferenceModels.mlp(r);
        train(mlp, new Adam(mlp.parameters(), 1e-3), r, 64, 784);
        train(mlp, new SGD(mlp.parameters(), 1e-2), r, 3, 784);
        infer(mlp, r, 1, 784);
        Sequential cnn = new Sequential(new Conv2d(1, 32, 3, 3, 1, 1, true, r), new BatchNorm2d(32), new ReLU(),
                new Conv2d(32, 64, 3, 3, 1, 1, true, r), new ReLU(), new MaxPool2d(2), new AvgPool2d(2),
                new Flatten(), new Dropout(0.25, 3), new Linear(3 * 3 * 64, 10, true, r));
        train(cnn, new Adam(cnn.parameters(), 1e-3), r, 8, 12, 12, 1);
        Sequential acts = new Sequential(new Linear(20, 40, true, r), new Sigmoid(), new Linear(40, 40, true, r),
                new Tanh(), new Linear(40, 40, true, r), new GELU(), new Linear(40, 40, true, r), new SiLU(),
                new Linear(40, 40, true, r), new ELU(), new Linear(40, 40, true, r), new Softplus(),
                new Linear(40, 40, true, r), new LeakyReLU(), new BatchNorm1d(40), new Linear(40, 10, true, r));
        train(acts, new Adam(acts.parameters(), 1e-3), r, 32, 20);
        // the recurrent cells: hidden 12 runs full vectors and a masked tail at every width
        RecurrentLayer[] rnns = {new LSTM(5, 12, 2, true, true, true, r), new GRU(5, 12, 2, true, false, true, r),
                new RNN(5, 12, 1, RNN.Nonlinearity.TANH, true, false, false, r),
                new RNN(5, 12, 1, RNN.Nonlinearity.RELU, true, false, false, r)};
        for (RecurrentLayer m : rnns) {
            Adam opt = new Adam(m.parameters(), 1e-3);
            for (int step = 0; step < 2; step++) {
                opt.zeroGrad();
                Ops.mean(Ops.square(m.forward(Var.constant(input(r, 4, 6, 5))))).backward();
                opt.step();
            }
        }
        System.out.println("kernels=" + Simd.implementation() + " done");
    }

    private static void train(Module model, Optimizer opt, SplittableRandom r, int batch, int... sample) {
        model.train();
        for (int step = 0; step < 2; step++) {
            opt.zeroGrad();
            Var loss = Ops.crossEntropy(model.forward(Var.constant(input(r, batch, sample))), labels(r, batch));
            Ops.mean(loss).backward();
            opt.step();
        }
    }

    @SuppressWarnings("try")
    private static void infer(Module model, SplittableRandom r, int batch, int... sample) {
        model.eval();
        try (GradMode.Scope s = GradMode.noGrad()) {
            model.forward(Var.constant(input(r, batch, sample)));
        }
    }

    private static Tensor input(SplittableRandom r, int batch, int... sample) {
        int[] dims = new int[sample.length + 1];
        dims[0] = batch;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        Tensor x = Tensor.zeros(dims);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static int[] labels(SplittableRandom r, int batch) {
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = r.nextInt(10);
        }
        return y;
    }

}
