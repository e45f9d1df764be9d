package io.credence.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.decision.Decision;
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

    @Test
    void theHandWrittenDecisionTextEqualsTheMapShape() {
        Instant at = Instant.parse("2026-01-01T00:00:00.123456789Z");
        Decision denied = new Decision("d-1", "P-\"1", "air-travel", at, false, List.of("on list x", "tier \u00e9"),
                List.of(), -40, "D", List.of("judgment-defaulters"), new RulebookRef("civic-points", 3),
                List.of(new Decision.RuleFailure("domains.x.deny[0]", "no such key: \"y\"")));
        Decision allowed = new Decision("d-2", "Q", "car-rental", at, true, List.of(), List.of("deposit-free-rental"),
                1050, "AAA", List.of(), new RulebookRef("r", 1), List.of());
        for (Decision d : List.of(denied, allowed)) {
            for (boolean full : new boolean[] {true, false}) {
                assertThat(ResultJson.decisionText(d, full, null)).isEqualTo(Json.write(ResultJson.decision(d, full)));
            }
            Map<String, Object> withRole = ResultJson.decision(d, true);
            withRole.put("asked_by_role", "provider:airline:air-travel");
            assertThat(ResultJson.decisionText(d, true, "provider:airline:air-travel")).isEqualTo(Json.write(withRole));
        }
    }

    /**
     * Seeded: random decisions, some of whose texts need escaping (quotes, backslashes, control
     * characters) and some not (plain, accented, astral), written as Jackson writes their maps.
     */
    @Test
    void everyDecisionTextEqualsTheMapShape() {
        long seed = Long.getLong("credence.seed", System.nanoTime());
        System.out.println("everyDecisionTextEqualsTheMapShape seed=" + seed + " (rerun with -Dcredence.seed=" + seed + ")");
        java.util.Random random = new java.util.Random(seed);
        for (int n = 0; n < 2_000; n++) {
            Decision d = new Decision(text(random), text(random), text(random),
                    Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(3) == 0 ? 0 : random.nextInt(
                            1_000_000_000)), random.nextBoolean(), texts(random), texts(random), random.nextLong(-5_000,
                            5_000), random.nextInt(8) == 0 ? null : text(random), texts(random), new RulebookRef(text(
                            random), random.nextInt(1, 100)), random.nextInt(4) == 0 ? List.of(new Decision.RuleFailure(
                            text(random), text(random)), new Decision.RuleFailure(text(random), text(random))) : List.of());
            for (boolean full : new boolean[] {true, false}) {
                assertThat(ResultJson.decisionText(d, full, null)).as("seed %d, decision %d", seed, n)
                        .isEqualTo(lowerHexEscapes(Json.write(ResultJson.decision(d, full))));
            }
            String role = text(random);
            Map<String, Object> withRole = ResultJson.decision(d, true);
            withRole.put("asked_by_role", role);
            assertThat(ResultJson.decisionText(d, true, role)).as("seed %d, decision %d", seed, n)
                    .isEqualTo(lowerHexEscapes(Json.write(withRole)));
        }
    }

    /** Seeded: the notice of a denial, written by hand, is the text Jackson makes of the notice's map. */
    @Test
    void everyDeniedNoticeTextEqualsTheMapShape() {
        long seed = Long.getLong("credence.seed", System.nanoTime());
        System.out.println("everyDeniedNoticeTextEqualsTheMapShape seed=" + seed + " (rerun with -Dcredence.seed="
                + seed + ")");
        java.util.Random random = new java.util.Random(seed);
        for (int n = 0; n < 2_000; n++) {
            Decision d = new Decision(text(random), text(random), text(random), Instant.ofEpochSecond(random.nextInt(
                    2_000_000_000)), false, texts(random), List.of(), random.nextLong(-5_000, 5_000), text(random),
                    texts(random), new RulebookRef(text(random), 1), List.of());
            String id = text(random);
            String at = text(random);
            String text = text(random);
            String askedBy = text(random);
            Map<String, Object> map = ResultJson.ordered("id", id, "subject", d.subject(), "kind", "decision-denied",
                    "at", at, "text", text, "details", ResultJson.ordered("decision", d.id(), "domain", d.domain(),
                            "asked_by", askedBy, "reasons", d.reasons()));
            assertThat(ResultJson.deniedNoticeText(id, at, text, d, askedBy)).as("seed %d, notice %d", seed, n)
                    .isEqualTo(lowerHexEscapes(Json.write(map)));
        }
    }

    /** Jackson's text with the hex digits of its escapes lower-case, as the canonical strings write them. */
    private static String lowerHexEscapes(String json) {
        return java.util.regex.Pattern.compile("\\\\u00([0-9A-F]{2})").matcher(json)
                .replaceAll(m -> "\\\\u00" + m.group(1).toLowerCase(java.util.Locale.ROOT));
    }

    private static final String[] PIECES = {"P-1", "air-travel", "on list x", "d-0abc", "\u00e9t\u00e9", "\ud83d\ude00",
        "\"", "\\", "\n", "\u0001", "\u001f", "/", " ", "\u007f", "\u2028"};

    private static String text(java.util.Random random) {
        StringBuilder out = new StringBuilder();
        int pieces = random.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            // Mostly text that needs no escape, as real decisions are.
            out.append(PIECES[random.nextInt(4) == 0 ? random.nextInt(PIECES.length) : random.nextInt(6)]);
        }
        return out.toString();
    }

    private static List<String> texts(java.util.Random random) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            out.add(text(random));
        }
        return out;
    }
}
