package io.credence.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.Problem;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every field rule of spec section 1 that does not depend on the rulebook. */
class EventParserTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Map<String, Object> valid() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", "c-2024-0007");
        json.put("source", "court");
        json.put("subject", "P-1001");
        json.put("type", "judgment_unfulfilled");
        json.put("at", "2024-03-01T09:30:00Z");
        json.put("data", Map.of("case", "2024-0007", "amount", 5000L));
        return json;
    }

    private static Problem refusal(Map<String, Object> json) {
        try {
            EventParser.parse(json, NOW);
        } catch (EventRejectedException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("expected a rejection of " + json);
    }

    @Test
    void aValidEventIsStoredAsUtc() {
        Map<String, Object> json = valid();
        json.put("at", "2024-03-01T10:30:00+01:00");
        Event event = EventParser.parse(json, NOW);
        assertThat(event.at()).isEqualTo("2024-03-01T09:30:00Z");
        assertThat(event.data()).containsEntry("case", "2024-0007");
    }

    @Test
    void eachFieldRuleNamesTheField() {
        Map<String, Object> json = valid();
        json.put("id", "has space");
        assertThat(refusal(json)).satisfies(p -> {
            assertThat(p.path()).isEqualTo("id");
            assertThat(p.message()).contains("1-128 characters").contains("has space");
        });
        json = valid();
        json.put("id", "x".repeat(129));
        assertThat(refusal(json).path()).isEqualTo("id");
        json = valid();
        json.put("source", "Court");
        assertThat(refusal(json).path()).isEqualTo("source");
        json = valid();
        json.put("subject", "P/1001");
        assertThat(refusal(json).path()).isEqualTo("subject");
        json = valid();
        json.put("subject", "x".repeat(65));
        assertThat(refusal(json).path()).isEqualTo("subject");
        json = valid();
        json.remove("type");
        assertThat(refusal(json)).isEqualTo(new Problem("type", "is required"));
        json = valid();
        json.put("data", "text");
        assertThat(refusal(json)).isEqualTo(new Problem("data", "must be a JSON object"));
    }

    @Test
    void atMustBeRfc3339WithAnOffsetBetween1970AndFiveMinutesFromNow() {
        Map<String, Object> json = valid();
        json.put("at", "2024-03-01T09:30:00");
        assertThat(refusal(json).path()).isEqualTo("at");
        json.put("at", "1969-12-31T23:59:59Z");
        assertThat(refusal(json).message()).contains("1970-01-01");
        json.put("at", "2026-01-01T00:05:01Z");
        assertThat(refusal(json).message()).contains("5 minutes ahead");
        json.put("at", "2026-01-01T00:05:00Z");
        assertThat(EventParser.parse(json, NOW).at()).isEqualTo("2026-01-01T00:05:00Z");
    }

    @Test
    void unknownTopLevelFieldsAreRefused() {
        Map<String, Object> json = valid();
        json.put("score", 5);
        assertThat(refusal(json).path()).isEqualTo("score");
    }

    @Test
    void dataIsLimitedTo16KiBSerialized() {
        Map<String, Object> json = valid();
        Map<String, Object> data = new HashMap<>();
        data.put("note", "x".repeat(16 * 1024));
        json.put("data", data);
        assertThat(refusal(json).message()).contains("16 KiB");
    }

    @Test
    void everyProblemOfAnEventIsReportedAtOnce() {
        Map<String, Object> json = valid();
        json.put("id", "");
        json.put("source", "BAD");
        json.put("at", "soon");
        assertThatThrownBy(() -> EventParser.parse(json, NOW)).isInstanceOfSatisfying(EventRejectedException.class,
                e -> assertThat(e.problems()).extracting(Problem::path).containsExactly("id", "source", "at"));
    }
}
