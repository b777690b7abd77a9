package vecnet.simd;

import java.util.Arrays;
import java.util.function.Supplier;
import vecnet.core.Parallel;

/**
 * What every kernel that splits its work over {@link Parallel} shares: task objects reused per calling
 * thread (so a split call allocates nothing once warm), a run that always drops the tasks' array
 * references afterwards, and the bounds of equal parts.
 */
final class SplitTasks {
    /** Below this many flops per thread, splitting costs more than it saves. */
    static final double MIN_FLOPS_PER_TASK = 1.0e6;

    /**
     * Below this many bytes of operand per thread, splitting a memory-bound call (a matrix-vector product,
     * where each weight is used once) costs more than it saves; above it each core streams its own part.
     */
    static final long MIN_STREAM_BYTES_PER_TASK = 256 * 1024;

    private SplitTasks() {
    }

    /** How many tasks {@code flops} of work deserve: at most the parallelism and {@code units}, at least 1. */
    static int count(double flops, int units) {
        long byWork = (long) Math.max(1.0, flops / MIN_FLOPS_PER_TASK);
        return (int) Math.max(1, Math.min(Math.min(Parallel.parallelism(), units), byWork));
    }

    /** How many tasks a memory-bound call reading {@code bytes} deserves: at most the parallelism and {@code units}. */
    static int countByBytes(long bytes, int units) {
        long byWork = Math.max(1L, bytes / MIN_STREAM_BYTES_PER_TASK);
        return (int) Math.max(1, Math.min(Math.min(Parallel.parallelism(), units), byWork));
    }

    /** A unit of split work; {@link #release} drops its array references, so a reused task keeps no caller data alive. */
    interface Task extends Runnable {
        void release();
    }

    /** This thread's task array, grown to at least {@code count} tasks made by {@code make}. */
    static <T extends Task> T[] reuse(ThreadLocal<T[]> holder, int count, Supplier<T> make) {
        T[] ts = holder.get();
        if (ts.length < count) {
            ts = Arrays.copyOf(ts, count);
            for (int t = 0; t < count; t++) {
                if (ts[t] == null) {
                    ts[t] = make.get();
                }
            }
            holder.set(ts);
        }
        return ts;
    }

    /** A call whose work is a range of units (elements, rows, row blocks, images), run as {@link Part}s. */
    interface Ranged {
        /** Units [from, to) of the call. */
        void range(int from, int to);

        /** Called by each part after the run: drops the call's array references, or nothing if its caller does. */
        void release();
    }

    /** One range of a {@link Ranged} call; reused, so a warm split call allocates nothing. */
    static final class Part implements Task {
        Ranged call;
        int from;
        int to;

        @Override
        public void run() {
            call.range(from, to);
        }

        @Override
        public void release() {
            Ranged c = call;
            call = null;
            if (c != null) {
                c.release();
            }
        }
    }

    /**
     * Runs {@code call} as {@code tasks} ranges of {@code units}, cut at multiples of {@code align} (the last range
     * ends at units), on {@code parts} grown as needed; returns the parts array for the caller to keep.
     */
    static Part[] runRanges(Part[] parts, Ranged call, int units, int tasks, int align) {
        Part[] ps = parts;
        if (ps.length < tasks) {
            ps = Arrays.copyOf(ps, tasks);
            for (int t = parts.length; t < tasks; t++) {
                ps[t] = new Part();
            }
        }
        for (int t = 0; t < tasks; t++) {
            ps[t].call = call;
            ps[t].from = alignedStart(units, t, tasks, align);
            ps[t].to = alignedStart(units, t + 1, tasks, align);
        }
        run(ps, tasks);
        return ps;
    }

    /** {@link #start} rounded down to a multiple of align, except the end (t = parts) at total. */
    static int alignedStart(int total, int t, int parts, int align) {
        if (t >= parts) {
            return total;
        }
        int s = start(total, t, parts);
        return s - s % align;
    }

    /** Runs {@code ts[0..count)} on the pool and releases them, also when one throws. */
    static void run(Task[] ts, int count) {
        try {
            Parallel.invokeAll(ts, count);
        } finally {
            for (int t = 0; t < count; t++) {
                ts[t].release();
            }
        }
    }

    /** Where part t of {@code parts} equal parts of {@code total} starts (part {@code parts} is the end). */
    static int start(int total, int t, int parts) {
        return (int) ((long) total * t / parts);
    }
}
