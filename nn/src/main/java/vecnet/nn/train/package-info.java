/**
 * The training loop ({@code Trainer}) with its listeners, metrics (loss, accuracy, confusion matrix),
 * the per-epoch history (CSV, JSON, SVG curves) and a Keras-style model summary.
 */
package vecnet.nn.train;
