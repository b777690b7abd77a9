package vecnet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated
class ParallelTest {
    private static final int DEFAULT = Parallel.parallelism();

    @AfterEach
    void restore() {
        Parallel.setParallelism(DEFAULT);
    }

    private static Runnable[] counting(AtomicIntegerArray runs, Set<String> threads) {
        Runnable[] tasks = new Runnable[runs.length()];
        for (int i = 0; i < tasks.length; i++) {
            int id = i;
            tasks[i] = () -> {
                runs.incrementAndGet(id);
                threads.add(Thread.currentThread().getName());
            };
        }
        return tasks;
    }

    @Test
    void parallelismOneRunsEverythingOnTheCaller() {
        Parallel.setParallelism(1);
        int before = Parallel.startedWorkers();
        AtomicIntegerArray runs = new AtomicIntegerArray(50);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Parallel.invokeAll(counting(runs, threads), 50);
        for (int i = 0; i < 50; i++) {
            assertEquals(1, runs.get(i));
        }
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
        assertEquals(before, Parallel.startedWorkers(), "no thread may start with parallelism 1");
    }

    /**
     * {@code callers} threads each call {@link Parallel#invokeAll} {@code rounds} times with their own
     * {@code tasksPerCall} counting tasks, pausing up to {@code maxGapNanos} (random, seeded) after each call;
     * every task must have run exactly {@code rounds} times.
     */
    private static void callersRunEveryTaskOnce(int callers, int tasksPerCall, int rounds, int maxGapNanos)
            throws InterruptedException {
        AtomicIntegerArray runs = new AtomicIntegerArray(callers * tasksPerCall);
        Thread[] ts = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int base = c * tasksPerCall;
            java.util.SplittableRandom r = new java.util.SplittableRandom(c);
            ts[c] = new Thread(() -> {
                Runnable[] tasks = new Runnable[tasksPerCall];
                for (int i = 0; i < tasksPerCall; i++) {
                    int id = base + i;
                    tasks[i] = () -> runs.incrementAndGet(id);
                }
                for (int i = 0; i < rounds; i++) {
                    Parallel.invokeAll(tasks, tasksPerCall);
                    if (maxGapNanos > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(r.nextInt(maxGapNanos));
                    }
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(rounds, runs.get(i), "task " + i);
        }
    }

    @Test
    void everyTaskRunsExactlyOnceFromManyCallers() throws Exception {
        Parallel.setParallelism(3);
        callersRunEveryTaskOnce(4, 7, 200, 0);
        assertTrue(Parallel.startedWorkers() <= 2, "at most parallelism - 1 workers");
    }

    /**
     * Calls whose caller runs every task before a parked worker wakes take their offer back; across
     * gaps on both sides of the workers' idle window (0-2 ms), every task must still run exactly once, and
     * the workers must stay usable: the last call's two tasks wait for each other, so it needs a second thread.
     */
    @Test
    void offersTakenBackLeaveEveryTaskRunOnceAndTheWorkersUsable() throws Exception {
        Parallel.setParallelism(2);
        callersRunEveryTaskOnce(3, 2, 150, 2_000_000);
        java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
        Runnable meet = () -> {
            try {
                both.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the two tasks did not run at once: no worker took the offer", e);
            }
        };
        for (int attempt = 0; attempt < 20; attempt++) {
            both.reset();
            Parallel.invokeAll(new Runnable[] {meet, meet}, 2); // throws if the caller had to run both
        }
    }

    @Test
    void nestedCallsComplete() {
        Parallel.setParallelism(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        Runnable[] outer = new Runnable[2];
        for (int o = 0; o < 2; o++) {
            int base = o * 2;
            outer[o] = () -> {
                Runnable[] inner = {() -> runs.incrementAndGet(base), () -> runs.incrementAndGet(base + 1)};
                Parallel.invokeAll(inner, 2);
            };
        }
        Parallel.invokeAll(outer, 2);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void nestedCallsRunOnTheCallingTaskThread() {
        Parallel.setParallelism(2);
        Thread[] outerThread = new Thread[2];
        Thread[] innerThread = new Thread[4];
        Runnable[] outer = new Runnable[2];
        for (int o = 0; o < 2; o++) {
            int id = o;
            outer[o] = () -> {
                outerThread[id] = Thread.currentThread();
                Runnable[] inner = {() -> innerThread[2 * id] = Thread.currentThread(),
                        () -> innerThread[2 * id + 1] = Thread.currentThread()};
                Parallel.invokeAll(inner, 2);
            };
        }
        for (int round = 0; round < 50; round++) { // the worker takes either outer task, whichever it reaches
            Parallel.invokeAll(outer, 2);
            for (int i = 0; i < 4; i++) {
                assertSame(outerThread[i / 2], innerThread[i], "inner task " + i + " of round " + round);
            }
        }
    }

    @Test
    void firstFailureIsRethrownAfterAllTasksEnd() {
        Parallel.setParallelism(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(6);
        IllegalStateException boom = new IllegalStateException("boom");
        Runnable[] tasks = new Runnable[6];
        for (int i = 0; i < 6; i++) {
            int id = i;
            tasks[i] = () -> {
                runs.incrementAndGet(id);
                if (id == 3) {
                    throw boom;
                }
            };
        }
        assertSame(boom, assertThrows(IllegalStateException.class, () -> Parallel.invokeAll(tasks, 6)));
        for (int i = 0; i < 6; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertEquals("threads must be in [1, 256], was 0",
                assertThrows(IllegalArgumentException.class, () -> Parallel.setParallelism(0)).getMessage());
        assertEquals("count must be in [0, 1], was 2",
                assertThrows(IllegalArgumentException.class, () -> Parallel.invokeAll(new Runnable[1], 2))
                        .getMessage());
    }
}
