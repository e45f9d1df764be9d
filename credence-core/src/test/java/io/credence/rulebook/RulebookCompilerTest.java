package io.credence.rulebook;

import static io.credence.testing.Fixtures.child;
import static io.credence.testing.Fixtures.document;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.Problem;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every refusal rule of spec section 2, each with the path and the rule in its message. */
@SuppressWarnings("unchecked")
class RulebookCompilerTest {

    private static List<Problem> problems(Consumer<Map<String, Object>> change) {
        return problems(change, null);
    }

    private static List<Problem> problems(Consumer<Map<String, Object>> change, Long published) {
        Map<String, Object> doc = document();
        change.accept(doc);
        return RulebookCompiler.compile(doc, published, "").problems();
    }

    private static void assertRefused(List<Problem> problems, String path, String messagePart) {
        assertThat(problems).as("problems").anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).containsIgnoringCase(messagePart);
        });
    }

    @Test
    void theFixtureIsValid() {
        RulebookValidation validation = RulebookCompiler.compile(document(), null, "");
        assertThat(validation.problems()).isEmpty();
        assertThat(validation.rulebook().tiers()).extracting(Tier::name).containsExactly("A", "B", "C");
    }

    @Test
    void versionMustBeAboveThePublishedOne() {
        assertRefused(problems(doc -> doc.put("version", 3), 3L), "version", "above the published version 3");
        assertThat(problems(doc -> doc.put("version", 4), 3L)).isEmpty();
        assertRefused(problems(doc -> doc.put("version", "three")), "version", "must be an integer");
    }

    @Test
    void namesMustMatchTheirPattern() {
        assertRefused(problems(doc -> doc.put("name", "Civic Points")), "name", "[a-z0-9-]+");
        assertRefused(problems(doc -> child(doc, "events").put("Bad Type", Map.of("category", "civic", "sources",
                List.of("x")))), "events.Bad Type", "must match");
        assertRefused(problems(doc -> child(doc, "events", "fine").put("sources", List.of("Police Dept"))),
                "events.fine.sources[0]", "[a-z0-9-]");
    }

    @Test
    void unknownKeysAreRefusedAnywhere() {
        assertRefused(problems(doc -> doc.put("colour", "red")), "colour", "unknown key");
        assertRefused(problems(doc -> child(doc, "events", "fine").put("expire", "P1Y")), "events.fine.expire",
                "unknown key");
        assertRefused(problems(doc -> child(doc, "score").put("start", 5)), "score.start", "unknown key");
        assertRefused(problems(doc -> child(doc, "lists", "defaulters").put("maxduration", "P1Y")),
                "lists.defaulters.maxduration", "unknown key");
    }

    @Test
    void scoreBoundsMustHoldTheBase() {
        assertRefused(problems(doc -> child(doc, "score").put("base", 2000)), "score", "min <= base <= max");
        assertRefused(problems(doc -> child(doc, "score").put("min", 1200)), "score", "min <= base <= max");
    }

    @Test
    void tiersMustBeNonEmptyUniqueDescendingAndCoverTheMinimum() {
        assertRefused(problems(doc -> doc.put("tiers", List.of())), "tiers", "must not be empty");
        assertRefused(problems(doc -> doc.put("tiers", List.of(Map.of("name", "A", "min", 900),
                Map.of("name", "A", "min", 0)))), "tiers[1].name", "repeats");
        assertRefused(problems(doc -> doc.put("tiers", List.of(Map.of("name", "A", "min", 900),
                Map.of("name", "B", "min", 900), Map.of("name", "C", "min", 0)))), "tiers[1].min", "strictly descending");
        assertRefused(problems(doc -> doc.put("tiers", List.of(Map.of("name", "A", "min", 900),
                Map.of("name", "B", "min", 100)))), "tiers[1].min", "at most score.min");
    }

    @Test
    void eventTypesNeedSourcesAndAnExpiryWithPoints() {
        assertRefused(problems(doc -> child(doc, "events", "fine").put("sources", List.of())), "events.fine.sources",
                "at least one source");
        assertRefused(problems(doc -> child(doc, "events", "fine").remove("sources")), "events.fine.sources",
                "at least one source");
        assertRefused(problems(doc -> child(doc, "events", "fine").remove("expires")), "events.fine.expires",
                "required whenever points");
    }

    @Test
    void durationsOverTenYearsAreRefused() {
        assertRefused(problems(doc -> child(doc, "events", "fine").put("expires", "P11Y")), "events.fine.expires",
                "at most ten years");
        assertRefused(problems(doc -> child(doc, "lists", "defaulters").put("max_duration", "P10Y1D")),
                "lists.defaulters.max_duration", "at most ten years");
        assertRefused(problems(doc -> child(doc, "events", "fine").put("expires", "two years")),
                "events.fine.expires", "ISO-8601");
        assertThat(problems(doc -> child(doc, "events", "fine").put("expires", "P10Y"))).isEmpty();
    }

    @Test
    void capMaxMustBePositive() {
        assertRefused(problems(doc -> child(doc, "events", "volunteer").put("cap", Map.of("max", 0, "per", "year"))),
                "events.volunteer.cap.max", "must be positive");
        assertRefused(problems(doc -> child(doc, "events", "volunteer").put("cap", Map.of("max", 5, "per", "decade"))),
                "events.volunteer.cap.per", "day, week, month, year");
    }

    @Test
    void listsMustNameDeclaredTypesAndAMaximumDuration() {
        assertRefused(problems(doc -> child(doc, "lists", "defaulters").put("enter", "nothing")),
                "lists.defaulters.enter", "not a declared event type");
        assertRefused(problems(doc -> child(doc, "lists", "defaulters").put("leave", "nothing")),
                "lists.defaulters.leave", "not a declared event type");
        assertRefused(problems(doc -> child(doc, "lists", "defaulters").remove("max_duration")),
                "lists.defaulters.max_duration", "is required");
    }

    @Test
    void celMustCompileAndHaveTheRightType() {
        assertRefused(problems(doc -> child(doc, "events", "volunteer").put("when", "event.data.hours >")),
                "events.volunteer.when", "does not compile");
        assertRefused(problems(doc -> child(doc, "events", "volunteer").put("when", "event.data.hours")),
                "events.volunteer.when", "must be a bool expression");
        assertRefused(problems(doc -> child(doc, "events", "volunteer").put("points", "'ten'")),
                "events.volunteer.points", "int, double or dyn");
        assertRefused(problems(doc -> child(doc, "events", "volunteer").put("points", "nosuchvar + 1")),
                "events.volunteer.points", "does not compile");
        assertRefused(problems(doc -> ((Map<String, Object>) ((List<?>) child(doc, "domains", "air-travel")
                .get("deny")).get(1)).put("when", "score")), "domains.air-travel.deny[1].when", "bool");
        assertThat(problems(doc -> child(doc, "events", "volunteer").put("points", "event.data.hours * 1.5")))
                .isEmpty();
    }

    @Test
    void domainRulesNeedAConditionAndAReasonOrBenefit() {
        assertRefused(problems(doc -> ((Map<String, Object>) ((List<?>) child(doc, "domains", "air-travel")
                .get("deny")).get(0)).remove("reason")), "domains.air-travel.deny[0].reason", "is required");
        assertRefused(problems(doc -> ((Map<String, Object>) ((List<?>) child(doc, "domains", "air-travel")
                .get("deny")).get(0)).remove("when")), "domains.air-travel.deny[0].when", "is required");
        assertRefused(problems(doc -> ((Map<String, Object>) ((List<?>) child(doc, "domains", "air-travel")
                .get("grant")).get(0)).remove("benefit")), "domains.air-travel.grant[0].benefit", "is required");
    }

    @Test
    void categoriesAreAClosedSet() {
        assertRefused(problems(doc -> child(doc, "events", "fine").put("category", "misc")), "events.fine.category",
                "must be one of judicial, financial, tax, traffic, safety, environment, civic, commerce, peer,"
                        + " administrative");
    }

    @Test
    void protectedCharacteristicsAreNeverScoringCategories() {
        for (String[] forbidden : new String[][] {{"political", "political opinion"}, {"religion", "religion"},
            {"ethnicity", "ethnicity"}, {"health", "health"}, {"sexual-orientation", "sexual orientation"},
            {"union", "trade-union membership"}, {"speech", "speech"}, {"biometric", "biometric data"}}) {
            assertRefused(problems(doc -> child(doc, "events", "fine").put("category", forbidden[0])),
                    "events.fine.category", forbidden[1] + " is never a scoring category");
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<Problem> problems = problems(doc -> {
            doc.put("name", "Bad Name");
            child(doc, "score").put("base", -5);
            child(doc, "events", "fine").remove("expires");
            child(doc, "events", "fine").put("category", "religion");
            child(doc, "lists", "defaulters").remove("max_duration");
            doc.put("extra", true);
        });
        assertThat(problems).extracting(Problem::path).contains("name", "score", "events.fine.expires",
                "events.fine.category", "lists.defaulters.max_duration", "extra");
    }

    @Test
    void strictProportionalityRefusesDenialsRestingOnUnrelatedConduct() {
        Consumer<Map<String, Object>> strict = doc -> {
            doc.put("process", new java.util.LinkedHashMap<>(Map.of("proportionality", "strict")));
            child(doc, "domains", "air-travel").put("evidence", List.of("judicial"));
        };
        List<Problem> refused = problems(strict);
        assertRefused(refused, "domains.air-travel.deny[1].when", "outside this domain's evidence (traffic, civic)");
        assertThat(refused).extracting(Problem::path).doesNotContain("domains.air-travel.deny[0].when");
        assertRefused(problems(doc -> doc.put("process", new java.util.LinkedHashMap<>(Map.of("proportionality",
                "strict")))), "domains.air-travel.evidence", "is required under process.proportionality: strict");
        Map<String, Object> relaxed = document();
        child(relaxed, "domains", "air-travel").put("evidence", List.of("judicial"));
        RulebookValidation warned = RulebookCompiler.compile(relaxed, null, "");
        assertThat(warned.valid()).isTrue();
        assertThat(warned.warnings()).anySatisfy(w -> assertThat(w.path()).isEqualTo("domains.air-travel.deny[1].when"));
    }
}
