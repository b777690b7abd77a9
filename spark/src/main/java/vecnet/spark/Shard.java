package vecnet.spark;

import java.io.Serializable;

/**
 * One partition's samples packed into two flat arrays (what the cached RDD holds, one element per
 * partition): features back to back, {@code sampleSize} floats each, and the class indices. Sample
 * {@code j} of partition {@code p} is sample {@code j * partitions + p} of the input.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int size;
    final int sampleSize;
    final float[] features;
    final int[] labels;

    Shard(int partition, int size, int sampleSize, float[] features, int[] labels) {
        if (features.length != (long) size * sampleSize || labels.length != size) {
            throw new IllegalArgumentException("shard " + partition + " of " + size + " samples of " + sampleSize
                    + " floats must have " + (long) size * sampleSize + " features and " + size + " labels, had "
                    + features.length + " and " + labels.length);
        }
        this.partition = partition;
        this.size = size;
        this.sampleSize = sampleSize;
        this.features = features;
        this.labels = labels;
    }
}
