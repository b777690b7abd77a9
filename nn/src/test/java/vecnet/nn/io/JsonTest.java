package vecnet.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() throws Json.JsonException {
        Object v = Json.parse(" {\"a\": [1, -0, 2.5e-3, 1E+2, true, false, null, \"s\"], \"b\": {}, \"c\": []}\n");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()), "insertion order");
        List<?> a = (List<?>) m.get("a");
        assertEquals(new Json.Num("1"), a.get(0));
        assertEquals(new Json.Num("-0"), a.get(1));
        assertEquals(new Json.Num("2.5e-3"), a.get(2));
        assertEquals(new Json.Num("1E+2"), a.get(3));
        assertEquals(Boolean.TRUE, a.get(4));
        assertEquals(Boolean.FALSE, a.get(5));
        assertSame(Json.NULL, a.get(6));
        assertEquals("s", a.get(7));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
        assertTrue(((Json.Num) a.get(0)).isInteger());
        assertTrue(((Json.Num) a.get(1)).isInteger());
        assertFalse(((Json.Num) a.get(2)).isInteger());
        assertFalse(((Json.Num) a.get(3)).isInteger());
    }

    @Test
    void decodesEscapes() throws Json.JsonException {
        assertEquals("\" \\ / \b \f \n \r \t é 😀 \u0000",
                Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00E9 \\ud83d\\uDE00 \\u0000\""));
        assertEquals("é😀", Json.parse("\"é😀\""), "raw non-ASCII passes through");
    }

    @Test
    void quoteRoundTripsAndEscapesLikeSerde() throws Json.JsonException {
        String tricky = "a\"b\\c/d\b\f\n\r\t\u0001\u001f é 😀 \u007f";
        assertEquals("\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0001\\u001f é 😀 \u007f\"", Json.quote(tricky));
        assertEquals(tricky, Json.parse(Json.quote(tricky)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.quote("x\uDE00"));
        assertTrue(e.getMessage().contains("unpaired surrogate U+DE00 at index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.quote("\uD83D"));
    }

    @Test
    void limitsNestingWithoutOverflowingTheStack() throws Json.JsonException {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(ok) instanceof List);
        String tooDeep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(tooDeep));
        assertTrue(e.getMessage().contains("nesting deeper than 64 levels"), e.getMessage());
        String hostile = "{\"a\":".repeat(100_000);
        assertThrows(Json.JsonException.class, () -> Json.parse(hostile));
    }

    @Test
    void refusesDuplicateKeysAtAnyDepth() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse("{\"x\":{\"k\":1,\"k\":2}}"));
        assertTrue(e.getMessage().contains("duplicate key \"k\" at character 12"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "01", "-", "+1", "1.", ".5", "1e", "1e+", "--1", "0x10", "NaN", "Infinity",
            "[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{a:1}", "{'a':1}", "{\"a\" 1}", "{\"a\":}", "{1:2}", "\"abc",
            "\"\\x\"", "\"\\u12g4\"", "\"\\u12\"", "\"\\ud800\"", "\"\\ud800\\u0041\"", "\"\\udc00\"", "\"a\u0001\"",
            "nul", "tru", "True", "[]]", "{}{}", "1 2", "\"\\", "[\"\\u"})
    void refusesMalformedText(String text) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().matches(".* at character \\d+"), e.getMessage());
    }
}
