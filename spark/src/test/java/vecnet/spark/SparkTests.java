package vecnet.spark;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import vecnet.core.Tensor;
import vecnet.nn.Linear;
import vecnet.nn.Module;
import vecnet.nn.ReLU;
import vecnet.nn.Sequential;
import vecnet.nn.data.Dataset;

/** One local Spark context for every test class of the fork, and small seeded models and data. */
final class SparkTests {
    /** Two task slots, and a task may fail once before its job fails (local[N, maxFailures]). */
    static final String MASTER = "local[2,2]";
    static final int FEATURES = 20;
    static final int CLASSES = 4;

    private static JavaSparkContext context;

    /** Models built by {@link #smallMlp()} so far, in this JVM. */
    static final AtomicInteger BUILT = new AtomicInteger();

    private SparkTests() {
    }

    static synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = new SparkConf().setMaster(MASTER).setAppName("vecnet-spark-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.ui.showConsoleProgress", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.sql.shuffle.partitions", "2");
            context = new JavaSparkContext(conf);
        }
        return context;
    }

    /** 20-16-4 ReLU MLP, seed 1. */
    static Module smallMlp() {
        BUILT.incrementAndGet();
        SplittableRandom r = new SplittableRandom(1);
        return new Sequential(new Linear(FEATURES, 16, true, r), new ReLU(), new Linear(16, CLASSES, true, r));
    }

    /** {@code n} samples: class c has its mean at +2 on feature c, Gaussian noise elsewhere; seeded. */
    static Dataset blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * FEATURES];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(CLASSES);
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (float) (gaussian(r) + (j == y[i] ? 2 : 0));
            }
        }
        return Dataset.ofClasses(x, new int[] {FEATURES}, y, CLASSES);
    }

    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Every parameter and buffer of {@code m}, flattened in state-dict order. */
    static float[] weights(Module m) {
        Map<String, Tensor> s = m.stateDict();
        int n = 0;
        for (Tensor t : s.values()) {
            n += t.size();
        }
        float[] out = new float[n];
        int o = 0;
        for (Tensor t : s.values()) {
            System.arraycopy(t.data(), t.offset(), out, o, t.size());
            o += t.size();
        }
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

}
