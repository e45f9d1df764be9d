package io.credence.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.event.Event;
import io.credence.rulebook.RulebookRef;
import io.credence.standing.Contribution;
import io.credence.standing.Standing;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
    @Test
    void theHandWrittenStandingTextEqualsTheMapShape() {
        Event e = new Event("c-1\"q", "court", "P-1", "judgment_unfulfilled", Instant.parse("2024-03-01T09:30:00.5Z"),
                Map.of());
        Standing standing = new Standing("P-1", Instant.parse("2026-01-01T00:00:00Z"), 900, "B",
                new RulebookRef("civic-points", 3), List.of("a-list", "b\\list"), List.of("a-list"),
                List.of(new Contribution(e.key(), e.type(), e.at(), -100, Instant.parse("2029-03-01T09:30:00.5Z"))));
        assertThat(ResultJson.standingText(standing)).isEqualTo(Json.write(ResultJson.standing(standing)));
        Standing empty = new Standing("Q", Instant.parse("2026-01-01T00:00:00Z"), 1000, "A",
                new RulebookRef("r", 1), List.of(), List.of(), List.of());
        assertThat(ResultJson.standingText(empty)).isEqualTo(Json.write(ResultJson.standing(empty)));
    }
}
