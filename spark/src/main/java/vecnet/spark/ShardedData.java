package vecnet.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import scala.Tuple2;
import vecnet.core.Tensor;

/**
 * Training data spread over a fixed number of partitions, each packed into one flat {@code float[]} of
 * features and one {@code int[]} of labels (one RDD element per partition), and cached: the RDD every
 * training step runs on. Samples are dealt round-robin in input order: sample {@code i} goes to partition
 * {@code i % partitions}, so every source gives the same shards for the same samples in the same order
 * (shuffle a class-sorted input once before). Classification only: one class index per sample. A local
 * {@link vecnet.nn.data.Dataset} ({@link #of}) is packed on the driver and broadcast once, so each executor
 * receives all of it; data larger than one machine comes through {@link #fromRDD} or
 * {@link #fromDataFrame}, which pack on the executors.
 * {@link #close()} unpersists the RDD.
 */
public final class ShardedData implements AutoCloseable {
    private final JavaRDD<Shard> shards;
    /** The shards of {@link #of}, kept while the RDD may need recomputing from them; null otherwise. */
    private final Broadcast<Shard[]> packed;
    private final int[] sampleDims;
    private final int sampleSize;
    private final int numClasses;
    private final int[] sizes;

    private ShardedData(JavaRDD<Shard> shards, Broadcast<Shard[]> packed, int[] sampleDims, int numClasses) {
        this.shards = shards.persist(StorageLevel.MEMORY_ONLY());
        this.packed = packed;
        this.sampleDims = sampleDims.clone();
        this.sampleSize = product(sampleDims);
        this.numClasses = numClasses;
        List<Integer> s = this.shards.map(sh -> sh.size).collect(); // also fills the cache
        this.sizes = new int[s.size()];
        for (int p = 0; p < sizes.length; p++) {
            sizes[p] = s.get(p);
        }
    }

    /** A local dataset (classification) dealt over {@code partitions} partitions; packed on the driver. */
    public static ShardedData of(JavaSparkContext sc, vecnet.nn.data.Dataset data, int partitions) {
        if (sc == null || data == null) {
            throw new IllegalArgumentException("sc and data must not be null, were " + sc + " and " + data);
        }
        if (!data.isClassification()) {
            throw new IllegalArgumentException("data must be a classification dataset (class labels), was " + data);
        }
        checkPartitions(partitions, data.size());
        int n = data.size();
        int s = data.sampleShape().size();
        Tensor f = data.features();
        Shard[] list = new Shard[partitions];
        for (int p = 0; p < partitions; p++) {
            int m = (n - p + partitions - 1) / partitions;
            float[] feats = new float[m * s];
            int[] labels = new int[m];
            for (int j = 0; j < m; j++) {
                int i = j * partitions + p;
                System.arraycopy(f.data(), f.offset() + i * s, feats, j * s, s);
                labels[j] = data.label(i);
            }
            list[p] = new Shard(p, m, s, feats, labels);
        }
        // Broadcast, not parallelize: a parallelized collection's partitions carry their data, and every
        // later task on an RDD derived from it would ship its shard again (measured: 1.5 MB per task).
        Broadcast<Shard[]> packed = sc.broadcast(list);
        List<Integer> ids = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        JavaRDD<Shard> shards = sc.parallelize(ids, partitions).map(p -> packed.value()[p]);
        return new ShardedData(shards, packed, data.sampleShape().dims(), data.numClasses());
    }

    /**
     * An RDD of samples, each with features of {@code sampleDims} (e.g. {784} or {28, 28, 1}) and a label
     * in [0, numClasses), dealt over {@code partitions} partitions in the RDD's order (one shuffle, then
     * cached).
     */
    public static ShardedData fromRDD(JavaRDD<LabeledSample> samples, int partitions, int[] sampleDims,
                                      int numClasses) {
        if (samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        checkPartitions(partitions, Integer.MAX_VALUE);
        int s = checkDims(sampleDims);
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, was " + numClasses);
        }
        // index, deal by index, sort by index: the shards do not depend on the shuffle's fetch order
        JavaRDD<Shard> shards = samples.zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .repartitionAndSortWithinPartitions(new RoundRobin(partitions))
                .mapPartitionsWithIndex(new Pack(partitions, s, numClasses), true);
        return new ShardedData(shards, null, sampleDims, numClasses);
    }

    /**
     * A DataFrame with a features column (an ML {@code Vector} or an array of numbers) and a numeric label
     * column holding class indices in [0, numClasses), as MLlib's classifiers take them.
     */
    public static ShardedData fromDataFrame(org.apache.spark.sql.Dataset<Row> df, String featuresCol, String labelCol,
                                            int partitions, int[] sampleDims, int numClasses) {
        if (df == null) {
            throw new IllegalArgumentException("df must not be null");
        }
        StructType schema = df.schema();
        DataType ft = type(schema, "featuresCol", featuresCol);
        boolean vector = ft instanceof VectorUDT;
        if (!vector && !(ft instanceof ArrayType a && a.elementType() instanceof NumericType)) {
            throw new IllegalArgumentException("featuresCol '" + featuresCol + "' must be a vector or an array of "
                    + "numbers, was " + ft.simpleString());
        }
        DataType lt = type(schema, "labelCol", labelCol);
        if (!(lt instanceof NumericType)) {
            throw new IllegalArgumentException("labelCol '" + labelCol + "' must be numeric, was " + lt.simpleString());
        }
        int s = checkDims(sampleDims);
        JavaRDD<LabeledSample> samples = df.select(featuresCol, labelCol).javaRDD().map(row -> toSample(row, s));
        return fromRDD(samples, partitions, sampleDims, numClasses);
    }

    private static DataType type(StructType schema, String what, String col) {
        if (col == null || !Arrays.asList(schema.fieldNames()).contains(col)) {
            throw new IllegalArgumentException(what + " must name a column of " + Arrays.toString(schema.fieldNames())
                    + ", was " + col);
        }
        return schema.apply(col).dataType();
    }

    private static LabeledSample toSample(Row row, int sampleSize) {
        Object f = row.get(0);
        float[] x;
        if (f instanceof org.apache.spark.ml.linalg.Vector v) {
            x = toFloats(v.toArray());
        } else {
            List<Object> list = row.getList(0);
            x = new float[list.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = ((Number) list.get(i)).floatValue();
            }
        }
        if (x.length != sampleSize) {
            throw new IllegalArgumentException("features must have " + sampleSize + " values, a row had " + x.length);
        }
        double label = ((Number) row.get(1)).doubleValue();
        if (label != Math.rint(label) || label < 0 || label > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("label must be a class index (an integer >= 0), was " + label);
        }
        return new LabeledSample(x, (int) label);
    }

    private static float[] toFloats(double[] d) {
        float[] x = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            x[i] = (float) d[i];
        }
        return x;
    }

    private static void checkPartitions(int partitions, int samples) {
        if (partitions < 1 || partitions > samples) {
            throw new IllegalArgumentException("partitions must be in [1, " + samples + "] (at most one per sample), was "
                    + partitions);
        }
    }

    private static int checkDims(int[] dims) {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("sampleDims must be a non-empty array, was " + Arrays.toString(dims));
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("sampleDims[" + i + "] must be > 0, was " + dims[i]);
            }
        }
        return product(dims);
    }

    private static int product(int[] dims) {
        long p = 1;
        for (int d : dims) {
            p *= d;
        }
        if (p > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sampleDims " + Arrays.toString(dims) + " exceed the largest array");
        }
        return (int) p;
    }

    public int partitions() {
        return sizes.length;
    }

    /** Samples over all partitions. */
    public long size() {
        long n = 0;
        for (int s : sizes) {
            n += s;
        }
        return n;
    }

    /** Samples in partition {@code p}. */
    public int shardSize(int p) {
        if (p < 0 || p >= sizes.length) {
            throw new IllegalArgumentException("p must be in [0, " + sizes.length + "), was " + p);
        }
        return sizes[p];
    }

    public int[] sampleDims() {
        return sampleDims.clone();
    }

    int sampleSize() {
        return sampleSize;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Steps per epoch with {@code localBatch} samples per partition and step: the smallest shard's full batches. */
    public int stepsPerEpoch(int localBatch) {
        if (localBatch < 1) {
            throw new IllegalArgumentException("localBatch must be >= 1, was " + localBatch);
        }
        int min = Integer.MAX_VALUE;
        for (int s : sizes) {
            min = Math.min(min, s);
        }
        return min / localBatch;
    }

    JavaRDD<Shard> shards() {
        return shards;
    }

    @Override
    public void close() {
        shards.unpersist(false);
        if (packed != null) {
            packed.destroy();
        }
    }

    @Override
    public String toString() {
        return "ShardedData(" + size() + " samples of " + Arrays.toString(sampleDims) + ", " + numClasses
                + " classes, " + sizes.length + " partitions)";
    }

    /** Partition of sample index {@code i}: {@code i % partitions}. */
    private static final class RoundRobin extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        RoundRobin(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (int) ((Long) key % partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RoundRobin r && r.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /** Packs one partition's (index, sample) pairs, sorted by index, into a {@link Shard}. */
    private static final class Pack implements Function2<Integer, Iterator<Tuple2<Long, LabeledSample>>, Iterator<Shard>> {
        private static final long serialVersionUID = 1L;
        private final int partitions;
        private final int sampleSize;
        private final int numClasses;

        Pack(int partitions, int sampleSize, int numClasses) {
            this.partitions = partitions;
            this.sampleSize = sampleSize;
            this.numClasses = numClasses;
        }

        @Override
        public Iterator<Shard> call(Integer p, Iterator<Tuple2<Long, LabeledSample>> it) {
            float[] feats = new float[sampleSize * 64];
            int[] labels = new int[64];
            int n = 0;
            while (it.hasNext()) {
                Tuple2<Long, LabeledSample> t = it.next();
                LabeledSample s = t._2();
                if (s.features().length != sampleSize) {
                    throw new IllegalArgumentException("sample " + t._1() + " must have " + sampleSize
                            + " features, had " + s.features().length);
                }
                if (s.label() >= numClasses) {
                    throw new IllegalArgumentException("sample " + t._1() + " must have a label in [0, " + numClasses
                            + "), had " + s.label());
                }
                if (n == labels.length) {
                    labels = Arrays.copyOf(labels, 2 * n);
                    feats = Arrays.copyOf(feats, 2 * n * sampleSize);
                }
                System.arraycopy(s.features(), 0, feats, n * sampleSize, sampleSize);
                labels[n++] = s.label();
            }
            if (n == 0) {
                throw new IllegalArgumentException("partition " + p + " got no sample: fewer samples than the "
                        + partitions + " partitions");
            }
            return Collections.singletonList(new Shard(p, n, sampleSize, Arrays.copyOf(feats, n * sampleSize),
                    Arrays.copyOf(labels, n))).iterator();
        }
    }
}
