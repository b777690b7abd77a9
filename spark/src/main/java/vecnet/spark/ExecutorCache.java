package vecnet.spark;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models of one executor JVM, kept across tasks so a step does not rebuild them: per trainer, a pool
 * with one {@link Worker} per task that ran at the same time (so as many as the executor has task
 * slots). A task that fails drops its worker instead of returning it. Only the {@value #MAX_TRAINERS}
 * most recently used trainers keep their pools, so long-lived executors do not accumulate models.
 */
final class ExecutorCache {
    static final int MAX_TRAINERS = 4;

    private static final LinkedHashMap<String, ArrayDeque<Worker>> POOLS = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Worker>> eldest) {
            return size() > MAX_TRAINERS;
        }
    };

    private ExecutorCache() {
    }

    /** A worker of trainer {@code id}: a pooled one, or a new one built from the factories. */
    static Worker borrow(String id, ModelFactory models, LossFactory losses) {
        synchronized (POOLS) {
            ArrayDeque<Worker> pool = POOLS.computeIfAbsent(id, k -> new ArrayDeque<>());
            Worker w = pool.pollFirst();
            if (w != null) {
                return w;
            }
        }
        return new Worker(models.create(), losses.create()); // outside the lock: building may take a while
    }

    /** Returns a worker after a task that succeeded. */
    static void giveBack(String id, Worker w) {
        synchronized (POOLS) {
            POOLS.computeIfAbsent(id, k -> new ArrayDeque<>()).addFirst(w);
        }
    }

    /** Drops trainer {@code id}'s pool in this JVM (the driver's, which in local mode runs the tasks too). */
    static void evict(String id) {
        synchronized (POOLS) {
            POOLS.remove(id);
        }
    }

    /** Workers pooled for {@code id} in this JVM (for tests). */
    static int pooled(String id) {
        synchronized (POOLS) {
            ArrayDeque<Worker> pool = POOLS.get(id);
            return pool == null ? 0 : pool.size();
        }
    }
}
