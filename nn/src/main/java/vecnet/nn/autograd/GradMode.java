package vecnet.nn.autograd;

/**
 * Per-thread switch for recording the tape. Inside {@code try (GradMode.Scope s = GradMode.noGrad())}
 * ops build no graph (no closures, no saved inputs): the inference path. Thread-local, so one thread's
 * inference never turns off another thread's training.
 *
 * <p>Thread safety: thread-safe: the flag is per thread, so a scope on one thread never changes another's; close a
 * scope on the thread that opened it.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** Whether ops on this thread currently record the tape. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Disables recording on this thread until the returned scope is closed. Scopes nest. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Re-enables recording on this thread (inside a no-grad scope) until the scope is closed. */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        Scope s = new Scope(flag, flag[0]);
        flag[0] = enabled;
        return s;
    }

    /** Restores the previous mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;

        private Scope(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        @Override
        public void close() {
            flag[0] = previous;
        }
    }
}
