package io.credence.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void aFlatObjectOfPlainStringsIsReadWithoutTheParser() {
        assertThat(Json.flatStringObject(" {\"subject\" : \"P-1\",\n\t\"domain\":\"air-travel\"}\r\n"))
                .containsExactly(Map.entry("subject", "P-1"), Map.entry("domain", "air-travel"));
        assertThat(Json.flatStringObject("{}")).isEmpty();
        assertThat(Json.flatStringObject("{\"name\":\"\u00e9t\u00e9 \ud83d\ude00\"}")).containsEntry("name",
                "\u00e9t\u00e9 \ud83d\ude00");
    }

    @Test
    void anythingElseIsLeftToTheParserWithItsErrors() {
        // Valid, but not flat strings without escapes: the parser reads them.
        for (String text : new String[] {"{\"a\":1}", "{\"a\":\"b\\\"c\"}", "{\"a\":{\"b\":\"c\"}}", "{\"a\":null}"}) {
            assertThat(Json.flatStringObject(text)).as(text).isNull();
            assertThat(Json.fastObject(text)).as(text).containsKey("a");
        }
        // Not valid: the parser says what is wrong.
        for (String text : new String[] {"{\"a\":\"b\",\"a\":\"c\"}", "{\"a\":\"b\"} x", "{\"a\":\"b\",}", "[]", "",
            "{\"a\":\"b\u0001\"}", "{\"a\"}", "{\"a\":\"b\""}) {
            assertThat(Json.flatStringObject(text)).as(text).isNull();
            assertThatThrownBy(() -> Json.fastObject(text)).as(text).isInstanceOf(CodecException.class)
                    .hasMessageContaining(text.equals("[]") ? "must be a JSON object" : "JSON");
        }
    }

    /**
     * Seeded: texts built from the pieces of JSON objects, valid and not. Whenever the reader
     * without a parser gives an object, the parser gives the same one; it gives null for every
     * text the parser refuses.
     */
    @Test
    void theReaderWithoutAParserAgreesWithTheParser() {
        long seed = Long.getLong("credence.seed", System.nanoTime());
        System.out.println("theReaderWithoutAParserAgreesWithTheParser seed=" + seed + " (rerun with -Dcredence.seed="
                + seed + ")");
        Random random = new Random(seed);
        String[] spaces = {"", "", " ", "\n", "\t ", "\r\n", "\u00a0"};
        String[] strings = {"\"a\"", "\"subject\"", "\"P-1\"", "\"\"", "\"\u00e9\"", "\"x\\\"y\"", "\"x\\\\\"", "\"\u0001\"",
            "\"\\u0041\"", "\"air-travel\"", "\"a"};
        String[] others = {"1", "-2.5", "true", "null", "{}", "[\"a\"]", "{\"k\":\"v\"}", "x"};
        int flat = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder(spaces[random.nextInt(spaces.length)]);
            if (random.nextInt(20) != 0) {
                text.append('{');
            }
            int fields = random.nextInt(4);
            for (int f = 0; f < fields; f++) {
                if (f > 0 || random.nextInt(30) == 0) {
                    text.append(random.nextInt(30) == 0 ? "" : ",");
                }
                text.append(spaces[random.nextInt(spaces.length)]).append(strings[random.nextInt(strings.length)])
                        .append(spaces[random.nextInt(spaces.length)]).append(random.nextInt(30) == 0 ? "" : ":")
                        .append(spaces[random.nextInt(spaces.length)]).append(random.nextInt(6) == 0
                                ? others[random.nextInt(others.length)] : strings[random.nextInt(strings.length)]);
            }
            text.append(spaces[random.nextInt(spaces.length)]);
            if (random.nextInt(20) != 0) {
                text.append('}');
            }
            if (random.nextInt(20) == 0) {
                text.append(random.nextBoolean() ? "}" : " x");
            }
            String t = text.toString();
            Map<String, Object> fast = Json.flatStringObject(t);
            Map<String, Object> parsed;
            try {
                parsed = Json.fastObject(t);
            } catch (CodecException e) {
                assertThat(fast).as("seed %d, text %s", seed, t).isNull();
                continue;
            }
            if (fast != null) {
                flat++;
                assertThat(fast).as("seed %d, text %s", seed, t).containsExactlyEntriesOf(parsed);
            }
        }
        assertThat(flat).as("seed %d: texts read without the parser", seed).isGreaterThan(1_000);
    }
}
