package vecnet.examples;

import java.util.SplittableRandom;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.autograd.Var;

/** Small helpers the examples share: layers with hand-set weights, and inputs as constants. */
final class Layers {
    private Layers() {
    }

    /**
     * A {@link Linear} (in → out) with the given row-major (out, in) weight and bias (or null for no
     * bias), as the course writes its neurons.
     */
    static Linear linear(int in, int out, float[] weight, float[] bias) {
        if (weight == null || weight.length != in * out) {
            throw new IllegalArgumentException("weight must have " + in * out + " values (" + out + " x " + in
                    + "), had " + (weight == null ? "none" : weight.length));
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException("bias must have " + out + " values, had " + bias.length);
        }
        // the generator only fills values that are overwritten right away
        Linear l = new Linear(in, out, bias != null, new SplittableRandom(0));
        System.arraycopy(weight, 0, l.weight().value().data(), l.weight().value().offset(), weight.length);
        if (bias != null) {
            System.arraycopy(bias, 0, l.bias().value().data(), l.bias().value().offset(), bias.length);
        }
        return l;
    }

    /** A (rows, cols) input that takes no gradient. */
    static Var input(float[] values, int rows, int cols) {
        return Var.constant(Tensor.of(values.clone(), rows, cols));
    }
}
