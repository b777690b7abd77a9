package vecnet.spark;

import java.io.Serializable;

import vecnet.nn.loss.Loss;

/** Builds the loss on the driver and on each executor, e.g. {@code CrossEntropyLoss::new}. */
@FunctionalInterface
public interface LossFactory extends Serializable {
    Loss create();
}
