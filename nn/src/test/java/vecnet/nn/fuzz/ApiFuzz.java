package vecnet.nn.fuzz;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The reflective driver of {@link ApiFuzzTest}: an entry point (a public method or constructor with a
 * receiver and a set of valid arguments) is called with one argument replaced by a bad value, and the
 * outcome is classified. A refusal is IllegalArgumentException, IllegalStateException or
 * IndexOutOfBoundsException itself (not its array/string subclasses, which come from inside a loop), or
 * a checked exception the method declares; anything else thrown is an escape, and so is a success where
 * the bad value must be refused.
 */
final class ApiFuzz {
    private ApiFuzz() {
    }

    /** Whether a bad value must be refused or may be accepted (its refusal still must not escape). */
    enum Expect {
        /** Must be refused, and the message must name the corrupted parameter. */
        REFUSE_NAMED,
        /** Must be refused; the message must name some parameter (a size against an array, say). */
        REFUSE,
        /** Shape- or value-dependent: accepted or refused, but never an escape. */
        EITHER
    }

    /** A bad value for one parameter: what it is, how to make it (fresh per call), what must happen. */
    record Bad(String label, Supplier<Object> value, Expect expect, String printed) {
        Bad(String label, Supplier<Object> value, Expect expect) {
            this(label, value, expect, label);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * One public method or constructor. {@code receiver} makes a fresh instance per call (null for static
     * members and constructors); {@code valid} gives a valid value for parameter i (fresh per call).
     */
    record Entry(String name, Executable exe, Supplier<Object> receiver, Function<Parameter, Object> valid) {
        Object[] validArgs() {
            Parameter[] ps = exe.getParameters();
            Object[] args = new Object[ps.length];
            for (int i = 0; i < ps.length; i++) {
                args[i] = valid.apply(ps[i]);
            }
            return args;
        }

        String param(int i) {
            return exe.getParameters()[i].getName();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One call: an entry point, the index of the corrupted parameter (-1: none) and its bad value. */
    record Call(Entry entry, int param, Bad bad) {
        @Override
        public String toString() {
            return param < 0 ? entry + " (valid arguments)" : entry + " " + entry.param(param) + "=" + bad;
        }
    }

    /** What happened: null when fine, else why this is an escape. */
    static String run(Call call) {
        Entry e = call.entry();
        Object[] args;
        Object target;
        try {
            args = e.validArgs();
            if (call.param() >= 0) {
                args[call.param()] = call.bad().value().get();
            }
            target = e.receiver() == null ? null : e.receiver().get();
        } catch (RuntimeException | AssertionError setup) {
            return "setup failed: " + setup;
        }
        Throwable thrown = invoke(e.exe(), target, args);
        if (thrown == null) {
            if (call.param() >= 0 && call.bad().expect() != Expect.EITHER) {
                return "accepted (a refusal is required)";
            }
            return null;
        }
        if (!isRefusal(e.exe(), thrown)) {
            return "escaped as " + thrown;
        }
        if (call.param() < 0) {
            return "valid arguments refused: " + thrown;
        }
        String message = String.valueOf(thrown.getMessage());
        if (!(thrown instanceof IllegalArgumentException)) {
            return null; // an index or state refusal says what is out of range in its own terms
        }
        int i = call.param();
        if (call.bad().expect() == Expect.REFUSE_NAMED) {
            return names(message, e.exe(), i) ? null : "refusal does not name " + e.param(i) + ": " + message;
        }
        // A size against an array, a shape against another: the message names some argument or shows the value.
        for (int j = 0; j < e.exe().getParameterCount(); j++) {
            if (names(message, e.exe(), j)) {
                return null;
            }
        }
        return message.contains(call.bad().printed()) ? null
                : "refusal names no parameter nor the value " + call.bad().printed() + ": " + message;
    }

    /** The call in progress and since when (nanoTime), for the watchdog that names a call that hangs. */
    private static volatile Executable current;
    private static volatile long since;

    static {
        Thread watchdog = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    return;
                }
                Executable e = current;
                if (e != null && System.nanoTime() - since > 5_000_000_000L) {
                    System.err.println("ApiFuzz: still in " + describe(e) + " after 5 s");
                }
            }
        }, "ApiFuzz-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Runs the call; returns what it threw (the cause of a reflective wrapper), or null. */
    static Throwable invoke(Executable exe, Object target, Object[] args) {
        since = System.nanoTime();
        current = exe;
        try {
            exe.setAccessible(true); // public members declared in package-private classes (RecurrentLayer)
            Object result = exe instanceof Method m
                    ? m.invoke(Modifier.isStatic(m.getModifiers()) ? null : target, args)
                    : ((Constructor<?>) exe).newInstance(args);
            if (result instanceof AutoCloseable scope) {
                // A scope the call opened (Workspace.open, GradMode.noGrad): closed, so its thread-local
                // mode does not leak into the calls after it.
                try {
                    scope.close();
                } catch (Exception e) {
                    return new AssertionError("could not close what " + exe + " returned: " + e, e);
                }
            }
            return null;
        } catch (InvocationTargetException ite) {
            return ite.getCause();
        } catch (ReflectiveOperationException | IllegalArgumentException reflective) {
            return new AssertionError("could not call " + exe + ": " + reflective, reflective);
        } catch (OutOfMemoryError oom) {
            return oom;
        } finally {
            current = null;
        }
    }

    static boolean isRefusal(Executable exe, Throwable t) {
        Class<?> c = t.getClass();
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || c == IndexOutOfBoundsException.class) {
            return true;
        }
        if (t instanceof Exception && !(t instanceof RuntimeException)) {
            for (Class<?> declared : exe.getExceptionTypes()) {
                if (declared.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Parameters whose public name (in Javadoc and messages) is not the Java one: Var's methods are Ops'
     * with {@code a = this, b = other}.
     */
    private static final Map<String, String> ALIASES = Map.of("Var#other", "b");

    /**
     * The message names parameter i: its name as a word, its snake_case form (the optimizers' option
     * names, as in PyTorch), an alias, or for an offset parameter that follows an array (the facades'
     * {@code x, xOff}) the words "x offset".
     */
    static boolean names(String message, Executable exe, int i) {
        Parameter[] ps = exe.getParameters();
        String param = ps[i].getName();
        String snake = param.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        String alias = ALIASES.get(exe.getDeclaringClass().getSimpleName() + "#" + param);
        if (word(param).matcher(message).find() || word(snake).matcher(message).find()
                || (alias != null && word(alias).matcher(message).find())) {
            return true;
        }
        return i > 0 && (param.endsWith("Off") || param.equals("off")) && ps[i - 1].getType().isArray()
                && word(ps[i - 1].getName() + " offset").matcher(message).find();
    }

    private static Pattern word(String w) {
        return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(w) + "(?![A-Za-z0-9])");
    }

    /**
     * The public members of {@code type} an API user can call: its methods (inherited ones included;
     * the JDK's (Object, Enum, Record, Iterable.forEach...), equals/hashCode/toString, bridges and enum
     * boilerplate excluded) and its constructors.
     */
    static List<Executable> members(Class<?> type, boolean withConstructors) {
        List<Executable> out = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass().getPackageName().startsWith("java.") || m.isBridge() || m.isSynthetic()
                    || m.getDeclaringClass() == Enum.class || m.getDeclaringClass() == Record.class
                    || m.getName().equals("equals") || m.getName().equals("hashCode")
                    || m.getName().equals("toString") || m.getName().equals("main")
                    || (type.isEnum() && (m.getName().equals("values") || m.getName().equals("valueOf")))) {
                continue;
            }
            out.add(m);
        }
        if (withConstructors) {
            for (Constructor<?> c : type.getConstructors()) {
                out.add(c);
            }
        }
        out.sort((a, b) -> a.toGenericString().compareTo(b.toGenericString()));
        return out;
    }

    static String describe(Executable exe) {
        StringBuilder sb = new StringBuilder(exe.getDeclaringClass().getSimpleName());
        sb.append(exe instanceof Constructor<?> ? ".<init>" : "." + exe.getName()).append('(');
        Parameter[] ps = exe.getParameters();
        for (int i = 0; i < ps.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(ps[i].getType().getSimpleName()).append(' ').append(ps[i].getName());
        }
        return sb.append(')').toString();
    }

    /** Keys of the allow-list: "Class.member#param:label" ("#-:valid" for the valid call). */
    static String key(Call c) {
        Executable exe = c.entry().exe();
        return exe.getDeclaringClass().getSimpleName() + "." + (exe instanceof Constructor<?> ? "<init>" : exe.getName())
                + (c.param() < 0 ? "#-:valid" : "#" + c.entry().param(c.param()) + ":" + c.bad().label());
    }

    /** The first allow-list pattern (a glob: '*' is any text, '?' one character) matching the call, or null. */
    static String allowedBy(Call c, Map<String, String> allow) {
        String k = key(c);
        for (String pattern : allow.keySet()) {
            if (glob(pattern).matcher(k).matches()) {
                return pattern;
            }
        }
        return null;
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            re.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(re.toString());
    }
}
