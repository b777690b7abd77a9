package vecnet.spark;

import java.io.Serializable;
import java.util.List;

import vecnet.nn.autograd.Var;
import vecnet.nn.optim.Optimizer;

/**
 * Builds the optimizer over a model's parameters, e.g. {@code p -> new Adam(p, 1e-3)}. The driver's
 * optimizer holds the state that is trained; with local steps (see {@link SparkTrainer#localSteps}) each
 * task also builds one and loads the driver's state into it, so the factory must give the same groups.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
    Optimizer create(List<Var> params);
}
