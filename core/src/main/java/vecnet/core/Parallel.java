package vecnet.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one place that owns the library's threads: a persistent pool of daemon workers named
 * {@code vecnet-worker-N}, started lazily and only when a call needs them.
 *
 * <p>{@link #setParallelism(int)} bounds how many threads (the caller included) one call may use. The
 * default is {@link Runtime#availableProcessors()}; with parallelism 1 no thread is ever started and
 * every task runs on the caller. {@link #invokeAll} is safe to call from many threads at once and from
 * inside a task: a worker that is busy is simply not used, and the caller runs whatever nobody took.
 * In steady state a call allocates nothing (the batch bookkeeping is reused per calling thread).
 *
 * <p>Thread safety: thread-safe (static methods only); {@link #setParallelism} is global and applies to the calls
 * that start after it.
 */
public final class Parallel {
    /** Upper bound for {@link #setParallelism(int)}; far above any sensible CPU count for this library. */
    public static final int MAX_PARALLELISM = 256;

    /**
     * An idle thread (a worker without a job, a caller waiting for its helpers) spins this long, then
     * yields until {@link #IDLE_NANOS}, then parks. Waking a parked thread costs the wake-up of an idle
     * CPU, which on a virtual machine can be far longer than a whole small task (see the design notes,
     * "Threads"), and the gaps between the split parts of one training step are shorter than the idle
     * window, so a running loop never parks. Yielding rather than spinning for most of it leaves the CPU
     * to any other runnable thread (the JIT's compilers during warm-up).
     */
    private static final long SPIN_NANOS = 20_000;
    private static final long IDLE_NANOS = idleNanos();

    /** {@code -Dvecnet.parallel.idleMicros=N} (0..1,000,000) sets the idle window; default 1,000 µs. */
    private static long idleNanos() {
        String v = System.getProperty("vecnet.parallel.idleMicros");
        if (v == null) {
            return 1_000_000L;
        }
        long micros;
        try {
            micros = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("vecnet.parallel.idleMicros must be an integer in [0, 1000000], was \""
                    + v + "\"", e);
        }
        if (micros < 0 || micros > 1_000_000) {
            throw new IllegalArgumentException("vecnet.parallel.idleMicros must be in [0, 1000000], was " + micros);
        }
        return micros * 1_000L;
    }

    /** One round of an idle wait that began at {@code since}: false once the thread should park. */
    private static boolean idleRound(long since) {
        long waited = System.nanoTime() - since;
        if (waited >= IDLE_NANOS) {
            return false;
        }
        if (waited < SPIN_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return true;
    }

    private static volatile int parallelism = Math.min(MAX_PARALLELISM, Runtime.getRuntime().availableProcessors());
    private static volatile Worker[] workers = new Worker[0];
    private static final Object GROW_LOCK = new Object();
    private static final ThreadLocal<Batch> BATCH = ThreadLocal.withInitial(Batch::new);

    private Parallel() {
    }

    /** How many threads, the caller included, one call may use. */
    public static int parallelism() {
        return parallelism;
    }

    /**
     * Sets how many threads one call may use (1..{@value #MAX_PARALLELISM}). Lowering it leaves already
     * started workers parked (they use no CPU once their idle window of about a millisecond has passed); 1 means everything runs on the calling thread.
     */
    public static void setParallelism(int threads) {
        if (threads < 1 || threads > MAX_PARALLELISM) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_PARALLELISM + "], was " + threads);
        }
        parallelism = threads;
    }

    /** Number of worker threads started so far (for tests and diagnostics). */
    public static int startedWorkers() {
        return workers.length;
    }

    /**
     * Runs {@code tasks[0..count)} (none null) and returns when all have finished. Tasks must be independent. If tasks
     * throw, the first throwable is rethrown here (wrapped if checked) after all tasks have ended. A call made from
     * inside one of the tasks runs its own tasks on the calling thread, allocating nothing.
     */
    public static void invokeAll(Runnable[] tasks, int count) {
        if (tasks == null) {
            throw new IllegalArgumentException("tasks must not be null");
        }
        if (count < 0 || count > tasks.length) {
            throw new IllegalArgumentException("count must be in [0, " + tasks.length + "], was " + count);
        }
        for (int i = 0; i < count; i++) {
            if (tasks[i] == null) { // else a worker would hit it and the batch report an NPE
                throw new IllegalArgumentException("tasks[" + i + "] must not be null");
            }
        }
        int helpers = Math.min(parallelism - 1, count - 1);
        if (helpers <= 0) {
            for (int i = 0; i < count; i++) {
                tasks[i].run();
            }
            return;
        }
        Batch batch = BATCH.get();
        if (batch.inUse) {
            // a call from inside a task (a worker's batch is always in use): the pool is already working on the
            // outer batch, so run inline rather than allocate a batch no helper would pick up
            for (int i = 0; i < count; i++) {
                tasks[i].run();
            }
            return;
        }
        batch.start(tasks, count);
        try {
            Worker[] ws = workersFor(helpers);
            for (int w = 0; w < ws.length && helpers > 0; w++) {
                if (ws[w].offer(batch)) {
                    batch.offered(ws[w]);
                    helpers--;
                }
            }
            batch.work();
            // every task is taken: a helper that has not picked the batch up yet (parked, or its CPU given to
            // another thread) could only detach from it, so take the offer back instead of waiting for it
            batch.revokeUnclaimed();
            batch.awaitQuiescence();
        } finally {
            batch.finish();
        }
        Throwable t = batch.error.getAndSet(null);
        if (t != null) {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("task failed", t);
        }
    }

    private static Worker[] workersFor(int needed) {
        Worker[] ws = workers;
        if (ws.length >= needed) {
            return ws;
        }
        synchronized (GROW_LOCK) {
            ws = workers;
            if (ws.length < needed) {
                Worker[] grown = java.util.Arrays.copyOf(ws, needed);
                for (int i = ws.length; i < needed; i++) {
                    grown[i] = new Worker(i + 1);
                }
                workers = grown;
                ws = grown;
            }
        }
        return ws;
    }

    /** One invokeAll call: the tasks, the next task index, and how many tasks plus helpers are still out. */
    private static final class Batch {
        final AtomicInteger next = new AtomicInteger();
        /** Unfinished tasks plus helpers that have not yet detached; the owner may reuse the batch at 0. */
        final AtomicInteger pending = new AtomicInteger();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        Runnable[] tasks;
        int count;
        Thread owner;
        boolean inUse;
        /** The workers offered this call, until {@link #revokeUnclaimed}. */
        Worker[] offered = new Worker[1];
        int offeredCount;

        void offered(Worker w) {
            if (offeredCount == offered.length) {
                offered = java.util.Arrays.copyOf(offered, 2 * offered.length);
            }
            offered[offeredCount++] = w;
        }

        /** Takes back the offers no helper has claimed; each counts as that helper's arrival. */
        void revokeUnclaimed() {
            for (int i = 0; i < offeredCount; i++) {
                if (offered[i].revoke(this)) {
                    arrive();
                }
                offered[i] = null;
            }
            offeredCount = 0;
        }

        void start(Runnable[] tasks, int count) {
            this.tasks = tasks;
            this.count = count;
            this.owner = Thread.currentThread();
            this.inUse = true;
            pending.set(count);
            next.set(0);
        }

        void finish() {
            tasks = null;
            inUse = false;
        }

        /** Runs tasks until none is left; every finished task counts down {@link #pending}. */
        void work() {
            Runnable[] ts = tasks;
            int n = count;
            int i;
            while ((i = next.getAndIncrement()) < n) {
                try {
                    ts[i].run();
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                }
                arrive();
            }
        }

        void arrive() {
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(owner);
            }
        }

        void awaitQuiescence() {
            long since = System.nanoTime();
            while (pending.get() != 0 && idleRound(since)) {
                // spin, then yield
            }
            while (pending.get() != 0) {
                LockSupport.park(this);
            }
        }
    }

    private static final class Worker implements Runnable {
        final AtomicBoolean busy = new AtomicBoolean();
        final Thread thread;
        /** The batch offered and not yet claimed; the worker claims it, or its owner revokes it, by a CAS to null. */
        final AtomicReference<Batch> job = new AtomicReference<>();

        Worker(int id) {
            thread = new Thread(this, "vecnet-worker-" + id);
            thread.setDaemon(true);
            thread.start();
        }

        /** Hands {@code batch} to this worker if it is idle. */
        boolean offer(Batch batch) {
            if (!busy.compareAndSet(false, true)) {
                return false;
            }
            batch.pending.incrementAndGet(); // the helper itself counts until it detaches (or is revoked)
            job.set(batch);
            LockSupport.unpark(thread);
            return true;
        }

        /** Takes back an offer of {@code batch} the worker has not claimed; true if it was still unclaimed. */
        boolean revoke(Batch batch) {
            if (job.compareAndSet(batch, null)) {
                busy.set(false);
                return true;
            }
            return false;
        }

        @Override
        public void run() {
            BATCH.get().inUse = true; // a worker owns no batch: calls from the tasks it runs go inline
            while (true) {
                Batch b = job.get();
                long since = System.nanoTime();
                while (b == null && idleRound(since)) {
                    b = job.get();
                }
                if (b == null) {
                    LockSupport.park(this);
                    continue;
                }
                if (!job.compareAndSet(b, null)) {
                    continue; // its owner took the offer back
                }
                b.work();
                busy.set(false);
                b.arrive(); // detach last: after this the owner may reuse the batch
            }
        }
    }
}
