package vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import vecnet.core.Tensor;
import vecnet.nn.autograd.GradCheck;
import vecnet.nn.autograd.Ops;
import vecnet.nn.autograd.PointwiseLoss;
import vecnet.nn.autograd.SequenceOps;
import vecnet.nn.autograd.Var;
import vecnet.nn.autograd.Workspace;
import vecnet.nn.optim.CosineAnnealingLR;
import vecnet.nn.optim.ExponentialLR;
import vecnet.nn.optim.GradClip;
import vecnet.nn.optim.Optimizer;
import vecnet.nn.optim.OptimizerState;
import vecnet.nn.optim.SGD;
import vecnet.nn.optim.StepLR;

/**
 * Every public entry point of the layers, Ops, Var, Penalty, GradClip and the LR schedulers, called
 * with each reference argument null in turn (the others valid), throws IllegalArgumentException saying
 * "must not be null" — never NullPointerException, and before any check of the other arguments.
 */
class NullArgumentTest {
    /** One instance of every public layer (a test below checks that none is missing). */
    private static List<Module> layers() {
        return List.of(new AvgPool2d(2), new BatchNorm1d(2), new BatchNorm2d(2), new Conv2d(1, 1, 1),
                new Dropout(0.5, 1), new Dropout(0.5, 1).eval(), new ELU(), new Embedding(2, 2), new Flatten(),
                new GELU(), new GRU(2, 2), new LSTM(2, 2), new RNN(2, 2),
                new GlobalAvgPool2d(), new HardSigmoid(), new Identity(), new LeakyReLU(), new Linear(2, 2),
                new MaxPool2d(2), new Maxout(2, 2, 2), new ReLU(), new SELU(), new Sequential(),
                new Sequential(new ReLU()), new SiLU(), new Sigmoid(), new Softmax(), new Softplus(), new Step(),
                new Tanh());
    }

    /** Parameters documented as "or null": (declaring class, member name, parameter index). */
    private static boolean nullAllowed(Executable e, int param) {
        String key = e.getDeclaringClass().getSimpleName() + "." + e.getName() + "#" + param;
        return key.equals("Ops.linear#2") || key.equals("Ops.conv2d#2") // the bias
                || key.equals("LSTM.forward#1") || key.equals("LSTM.forward#2") // h0, c0
                || key.equals("GRU.forward#1") || key.equals("RNN.forward#1")
                || key.equals("SequenceOps.recurrent#2") || key.equals("SequenceOps.recurrent#3")
                || e.getName().equals("equals");
    }

    /** A valid value of each parameter type the API takes; an unknown type fails, so new APIs get covered. */
    private static Object valid(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == double.class) {
            return 0.5;
        }
        if (type == float.class) {
            return 0.5f;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == Var.class) {
            return Var.constant(Tensor.zeros(2, 2));
        }
        if (type == Tensor.class) {
            return Tensor.zeros(2, 2);
        }
        if (type == int[].class) {
            return new int[] {2, 2};
        }
        if (type == PointwiseLoss.class) {
            return PointwiseLoss.SQUARED_ERROR;
        }
        if (type == Module.class) {
            return new ReLU();
        }
        if (type == Module[].class) {
            return new Module[] {new ReLU()};
        }
        if (type == RNN.Nonlinearity.class) {
            return RNN.Nonlinearity.TANH;
        }
        if (type == SequenceOps.Cell.class) {
            return SequenceOps.Cell.LSTM;
        }
        if (type == RandomGenerator.class) {
            return new SplittableRandom(1);
        }
        if (type == List.class || type == Collection.class) {
            return List.of(Var.parameter(Tensor.zeros(2)));
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == Optimizer.class) {
            return new SGD(List.of(Var.parameter(Tensor.zeros(1))), 0.1);
        }
        throw new AssertionError("no valid value for parameter type " + type.getName() + ": add one");
    }

    /** Calls {@code e} once per nullable-typed parameter, that one null; returns the number of calls. */
    private static int callWithEachNull(Executable e, Object instance) throws ReflectiveOperationException {
        Class<?>[] types = e.getParameterTypes();
        int calls = 0;
        for (int i = 0; i < types.length; i++) {
            if (types[i].isPrimitive() || nullAllowed(e, i)) {
                continue;
            }
            Object[] args = new Object[types.length];
            for (int j = 0; j < types.length; j++) {
                args[j] = j == i ? null : valid(types[j]);
            }
            try {
                if (e instanceof Method m) {
                    m.invoke(Modifier.isStatic(m.getModifiers()) ? null : instance, args);
                } else {
                    ((Constructor<?>) e).newInstance(args);
                }
                fail(e + " accepted null for parameter " + i);
            } catch (InvocationTargetException thrown) {
                Throwable cause = thrown.getCause();
                assertInstanceOf(IllegalArgumentException.class, cause, e + " with null parameter " + i + ": " + cause);
                assertTrue(cause.getMessage().contains("must not be null"), e + ": " + cause.getMessage());
            }
            calls++;
        }
        return calls;
    }

    /** Public methods (inherited ones included, Object's excluded) and public constructors of a class. */
    private static int callAll(Class<?> type, Object instance) throws ReflectiveOperationException {
        int calls = 0;
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() != Object.class) {
                calls += callWithEachNull(m, instance);
            }
        }
        for (Constructor<?> c : type.getConstructors()) {
            calls += callWithEachNull(c, null);
        }
        return calls;
    }

    @Test
    void everyLayerMethodRejectsNullArguments() throws ReflectiveOperationException {
        int total = 0;
        for (Module layer : layers()) {
            int calls = callAll(layer.getClass(), layer);
            assertTrue(calls > 0, layer + ": no call made (forward(null) at least)");
            total += calls;
        }
        assertTrue(total > 0);
    }

    @Test
    void everyOpsVarAndOptimUtilityRejectsNullArguments() throws ReflectiveOperationException {
        int ops = callAll(Ops.class, null);
        assertTrue(callAll(SequenceOps.class, null) >= 7, "SequenceOps");
        assertTrue(ops > 40, "Ops: " + ops + " calls"); // two reference parameters or more in most of ~45 ops
        Var v = Var.parameter(Tensor.zeros(2, 2));
        int rest = callAll(Var.class, v) + callAll(Penalty.class, null) + callAll(GradClip.class, null)
                + callAll(StepLR.class, null) + callAll(ExponentialLR.class, null)
                + callAll(CosineAnnealingLR.class, null);
        assertTrue(rest > 0, "no call made");
    }

    @Test
    void theLayerListCoversEveryPublicLayer() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Module.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("vecnet/nn");
        assertTrue(Files.isDirectory(dir), "nn classes are not in a directory: " + dir);
        Set<Class<?>> listed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Module m : layers()) {
            listed.add(m.getClass());
        }
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName("vecnet.nn." + name.substring(0, name.length() - ".class".length()));
                if (Module.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())
                        && !Modifier.isAbstract(c.getModifiers()) && !listed.contains(c)) {
                    missing.add(c.getSimpleName());
                }
            }
        }
        assertEquals(List.of(), missing, "layers missing from NullArgumentTest.layers()");
    }

    @Test
    void nullElementsAreNamed() {
        List<Var> withNull = new ArrayList<>();
        withNull.add(Var.parameter(Tensor.zeros(2)));
        withNull.add(null);
        assertEquals("tensors[1] must not be null",
                assertThrows(IllegalArgumentException.class, () -> Penalty.l2(0.1, withNull)).getMessage());
        assertEquals("params[1] must not be null",
                assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(withNull, 1)).getMessage());
        assertEquals("params[1] must not be null",
                assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(withNull, 1)).getMessage());
        Map<String, Var> named = new LinkedHashMap<>();
        named.put("w", null);
        assertEquals("namedParams['w'] must not be null", assertThrows(IllegalArgumentException.class,
                () -> GradClip.clipGradNorm(named, 1, true)).getMessage());
    }

    @Test
    void stateGradCheckAndWorkspaceArgumentsAreNamed() { // each was a NullPointerException
        assertEquals("groups must not be null", assertThrows(IllegalArgumentException.class,
                () -> new OptimizerState(null, Map.of(), Map.of())).getMessage());
        List<Map<String, Double>> groups = new ArrayList<>();
        groups.add(null);
        assertEquals("groups[0] must not be null", assertThrows(IllegalArgumentException.class,
                () -> new OptimizerState(groups, Map.of(), Map.of())).getMessage());
        Map<String, float[]> buffers = new HashMap<>();
        buffers.put("0.exp_avg", null);
        assertEquals("buffers['0.exp_avg'] must not be null", assertThrows(IllegalArgumentException.class,
                () -> new OptimizerState(List.of(), Map.of(), buffers)).getMessage());
        assertEquals("shape must not be null",
                assertThrows(IllegalArgumentException.class, () -> Workspace.zeros(null)).getMessage());
        assertEquals("f must not be null", assertThrows(IllegalArgumentException.class,
                () -> GradCheck.maxError((java.util.function.Supplier<Var>) null, 1e-2, 1)).getMessage());
        assertEquals("leaves[0] must not be null", assertThrows(IllegalArgumentException.class,
                () -> GradCheck.maxError(() -> null, 1e-2, 1, (Var) null)).getMessage());
        assertEquals("eps must be finite and > 0, was NaN", assertThrows(IllegalArgumentException.class,
                () -> GradCheck.maxError(vs -> vs[0], Double.NaN, 1, Tensor.zeros(2))).getMessage());
    }

    @Test
    void aStateDictWithANullKeyOrValueIsRejected() {
        Linear l = new Linear(2, 2);
        Map<String, Tensor> state = new HashMap<>(l.stateDict());
        state.put("bias", null); // was silently skipped, as if missing, even with strict
        assertEquals("state['bias'] must not be null",
                assertThrows(IllegalArgumentException.class, () -> l.loadStateDict(state, true)).getMessage());
        Map<String, Tensor> nullKey = new HashMap<>(l.stateDict());
        nullKey.put(null, Tensor.zeros(2)); // was a NullPointerException from the sorted key lists
        assertEquals("state must not contain a null key",
                assertThrows(IllegalArgumentException.class, () -> l.loadStateDict(nullKey, false)).getMessage());
    }
}
