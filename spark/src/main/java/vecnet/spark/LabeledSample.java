package vecnet.spark;

import java.io.Serializable;

/**
 * One training sample of a {@code JavaRDD}: its features (row-major, in the model's sample shape) and its
 * class index. The array is not copied.
 */
public record LabeledSample(float[] features, int label) implements Serializable {
    public LabeledSample {
        if (features == null) {
            throw new IllegalArgumentException("features must not be null");
        }
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0, was " + label);
        }
    }
}
