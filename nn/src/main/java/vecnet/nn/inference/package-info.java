/** Inference in services: {@link vecnet.nn.inference.Predictor}, one model in eval mode serving many threads. */
package vecnet.nn.inference;
