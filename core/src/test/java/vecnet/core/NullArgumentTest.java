package vecnet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

/**
 * Every public method of Tensor, Shape and Parallel, called with each reference argument null in turn
 * (the others valid), throws IllegalArgumentException saying so, never NullPointerException.
 */
class NullArgumentTest {
    /** Methods whose contract allows null ({@code equals(null)} is false). */
    private static boolean nullAllowed(Method m) {
        return m.getName().equals("equals");
    }

    /** A valid value of each parameter type the three classes take, fitting their sample instances. */
    private static Object valid(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == int[].class) {
            return new int[] {2, 3};
        }
        if (type == float[].class) {
            return new float[6];
        }
        if (type == Shape.class) {
            return Shape.of(2, 3);
        }
        if (type == Runnable[].class) {
            return new Runnable[] {() -> { }};
        }
        throw new AssertionError("no valid value for " + type);
    }

    private static int callWithEachNull(Class<?> owner, Object instance) throws IllegalAccessException {
        int calls = 0;
        for (Method m : owner.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || nullAllowed(m)) {
                continue;
            }
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                if (types[i].isPrimitive()) {
                    continue;
                }
                Object[] args = new Object[types.length];
                for (int j = 0; j < types.length; j++) {
                    args[j] = j == i ? null : valid(types[j]);
                }
                Object target = Modifier.isStatic(m.getModifiers()) ? null : instance;
                try {
                    m.invoke(target, args);
                    fail(m + " accepted null argument " + i);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    assertInstanceOf(IllegalArgumentException.class, cause, m + " with null argument " + i + ": " + cause);
                    assertTrue(cause.getMessage().contains("must not be null"), m + ": " + cause.getMessage());
                }
                calls++;
            }
        }
        return calls;
    }

    @Test
    void everyReferenceArgumentOfTheCoreApiIsCheckedForNull() throws Exception {
        int calls = callWithEachNull(Tensor.class, Tensor.zeros(2, 3))
                + callWithEachNull(Shape.class, Shape.of(2, 3))
                + callWithEachNull(Parallel.class, null);
        assertTrue(calls > 0, "no method was called");
    }

    @Test
    void nullTasksAreNamed() {
        Runnable[] tasks = {() -> { }, null, () -> { }};
        assertEquals("tasks[1] must not be null",
                assertThrows(IllegalArgumentException.class, () -> Parallel.invokeAll(tasks, 3)).getMessage());
    }

    @Test
    void stridesBeyondIntAreRejectedEvenWhenTheSizeIsZero() {
        assertEquals("dims [100000, 100000, 100000]: the stride of axis 0 is 10000000000, more than Integer.MAX_VALUE",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(100000, 100000, 100000)).getMessage());
        // size 0, but stride(0) would be 10^10
        assertEquals("dims [0, 100000, 100000]: the stride of axis 0 is 10000000000, more than Integer.MAX_VALUE",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(0, 100000, 100000)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 65536, 65536));
        Shape ok = Shape.of(0, 46340, 46340); // stride of axis 0 is 2 147 395 600, still an int
        assertEquals(0, ok.size());
        assertEquals(46340 * 46340, ok.stride(0));
    }
}
