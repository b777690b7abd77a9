package vecnet.spark;

import java.io.Serializable;

import vecnet.nn.Module;

/**
 * Builds the model, on the driver (whose copy holds the weights that are trained) and once per task slot
 * on each executor (whose copies only compute: their weights are overwritten from the driver's before
 * every task). Serializable because Spark ships it to the executors: a lambda or a small class with no
 * captured driver state, e.g. {@code () -> mlp(new SplittableRandom(1))}. It must build the same
 * architecture every time; seed it so the driver's initial weights are reproducible.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
    Module create();
}
