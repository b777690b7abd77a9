/** The twelve losses of the course table, as modules with {@link vecnet.nn.loss.Reduction}s. */
package vecnet.nn.loss;
