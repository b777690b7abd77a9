package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

class ExamplesTest {
    @Test
    void everyListedExampleHasAMain() throws ReflectiveOperationException {
        Sink sink = new Sink();
        Examples.print(sink.out);
        for (Examples.Entry e : Examples.ALL) {
            Class<?> c = Class.forName("vecnet.examples." + e.name());
            Method main = c.getMethod("main", String[].class);
            assertTrue(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(c.getModifiers()), e.name());
            assertEquals(void.class, main.getReturnType());
            assertTrue(sink.text().contains(e.name()), e.name() + " listed");
        }
    }
}
