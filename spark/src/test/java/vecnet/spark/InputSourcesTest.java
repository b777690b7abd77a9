package vecnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.data.Dataset;
import vecnet.nn.loss.CrossEntropyLoss;
import vecnet.nn.optim.Adam;

/** A local dataset, a JavaRDD and a DataFrame of the same samples in the same order train the same model. */
class InputSourcesTest {
    private final JavaSparkContext sc = SparkTests.context();
    private final SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();

    private float[] train(ShardedData shards) {
        SparkTrainer t = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new, p -> new Adam(p, 1e-2))
                .localBatch(8).localSteps(1).maxSteps(4).seed(4);
        t.fit(shards);
        t.releaseCachedModels();
        return SparkTests.weights(t.model());
    }

    private static float[] row(Dataset d, int i) {
        Tensor s = d.sample(i);
        float[] x = new float[s.size()];
        System.arraycopy(s.data(), s.offset(), x, 0, x.length);
        return x;
    }

    @Test
    void localDatasetRddAndDataFrameGiveTheSameShardsAndWeights() {
        Dataset data = SparkTests.blobs(101, 12); // odd: partition 0 gets one sample more
        int[] dims = {SparkTests.FEATURES};
        float[] expected;
        try (ShardedData local = ShardedData.of(sc, data, 2)) {
            assertEquals(51, local.shardSize(0));
            assertEquals(50, local.shardSize(1));
            assertEquals(6, local.stepsPerEpoch(8));
            expected = train(local);
        }
        List<LabeledSample> samples = new ArrayList<>();
        List<Row> vectors = new ArrayList<>();
        List<Row> arrays = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            float[] x = row(data, i);
            samples.add(new LabeledSample(x, data.label(i)));
            double[] dx = new double[x.length];
            List<Float> fx = new ArrayList<>();
            for (int j = 0; j < x.length; j++) {
                dx[j] = x[j];
                fx.add(x[j]);
            }
            vectors.add(RowFactory.create(Vectors.dense(dx), (double) data.label(i)));
            arrays.add(RowFactory.create(fx, data.label(i)));
        }
        JavaRDD<LabeledSample> rdd = sc.parallelize(samples, 3); // 3 input partitions dealt over 2
        try (ShardedData fromRdd = ShardedData.fromRDD(rdd, 2, dims, SparkTests.CLASSES)) {
            assertEquals(101, fromRdd.size());
            assertArrayEquals(expected, train(fromRdd), "JavaRDD");
        }
        StructType vectorSchema = new StructType().add("features", SQLDataTypes.VectorType()).add("label",
                DataTypes.DoubleType);
        try (ShardedData fromDf = ShardedData.fromDataFrame(spark.createDataFrame(vectors, vectorSchema), "features",
                "label", 2, dims, SparkTests.CLASSES)) {
            assertArrayEquals(expected, train(fromDf), "DataFrame of ML vectors");
        }
        StructType arraySchema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType))
                .add("y", DataTypes.IntegerType);
        try (ShardedData fromDf = ShardedData.fromDataFrame(spark.createDataFrame(arrays, arraySchema), "x", "y", 2,
                dims, SparkTests.CLASSES)) {
            assertArrayEquals(expected, train(fromDf), "DataFrame of float arrays");
        }
    }

    @Test
    void badColumnsAreNamedWithTheExpectedAndActualType() {
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType);
        org.apache.spark.sql.Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("a", 1.0)), schema);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShardedData.fromDataFrame(df, "text", "label", 2, new int[] {1}, 2));
        assertEquals("featuresCol 'text' must be a vector or an array of numbers, was string", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ShardedData.fromDataFrame(df, "features", "label", 2, new int[] {1}, 2));
        assertEquals("featuresCol must name a column of [text, label], was features", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ShardedData.fromDataFrame(df, "label", "text", 2, new int[] {1}, 2));
        assertEquals("featuresCol 'label' must be a vector or an array of numbers, was double", e.getMessage());
    }

    @Test
    void aLocalBatchLargerThanTheSmallestShardIsRefused() {
        try (ShardedData d = ShardedData.of(sc, SparkTests.blobs(20, 1), 2)) {
            SparkTrainer t = new SparkTrainer(sc, SparkTests::smallMlp, CrossEntropyLoss::new, p -> new Adam(p, 1e-2))
                    .localBatch(11).localSteps(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(d));
            assertEquals("localBatch 11 is larger than the smallest shard of ShardedData(20 samples of [20], 4 classes,"
                    + " 2 partitions): no full batch per partition", e.getMessage());
        }
    }
}
