package io.credence.rulebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.CelKind;
import io.credence.event.Event;
import io.credence.testing.Fixtures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Expressions evaluated directly in Java give exactly what CEL gives, value or error, on random
 * data: numbers of every size and sign, strings, booleans, nulls, missing keys and nested objects.
 */
class DirectExpressionTest {
    private static final List<String> EXPRESSIONS = List.of(
            "event.data.hours > 0.0",
            "int(event.data.hours) * 2",
            "event.data.hours * 1.5 - 2.0",
            "int(event.data.hours) + int(event.data.n)",
            "event.data.hours >= 1.0 && event.data.n < 3.0",
            "event.data.hours == 0.0 || event.source == 'court'",
            "!(event.data.flag == true)",
            "-int(event.data.hours)",
            "double(int(event.data.hours)) / 2.0",
            "event.type != 'x' && event.subject == 'P-1'",
            "int(event.data.hours) - 9223372036854775807",
            "event.data.hours / event.data.n",
            "event.data.name == 'a'",
            "int(event.data.hours) * int(event.data.n) * 1000000000000");

    @Test
    void directEvaluationEqualsCel() {
        long seed = Fixtures.seed("DirectExpressionTest");
        Random random = new Random(seed);
        for (String text : EXPRESSIONS) {
            Object compiled = Expression.compile("events.t.points", text, Expression.Scope.EVENT,
                    Set.of(CelKind.INT, CelKind.DOUBLE, CelKind.BOOL, CelKind.DYN), "a value");
            assertThat(compiled).as(text).isInstanceOf(Expression.class);
            Expression expression = (Expression) compiled;
            DirectExpression directForm = expression.directForm();
            assertThat(directForm).as("%s has a direct form", text).isNotNull();
            int answeredDirectly = 0;
            for (int i = 0; i < 2_000; i++) {
                Event event = new Event("e" + i, random.nextBoolean() ? "court" : "bank", "P-" + random.nextInt(3),
                        "t", Instant.parse("2025-01-01T00:00:00Z"), data(random));
                String what = text + " on " + event.data() + " (seed " + seed + ")";
                Object cel = null;
                String celError = null;
                try {
                    cel = expression.evaluateWithCel(event);
                } catch (EvaluationException e) {
                    celError = e.getMessage();
                }
                Object result = null;
                String resultError = null;
                try {
                    result = expression.evaluate(new Expression.EventInput(event));
                } catch (EvaluationException e) {
                    resultError = e.getMessage();
                }
                assertThat(resultError).as(what).isEqualTo(celError);
                assertSame(result, cel, what);
                try {
                    Object own = directForm.evaluate(event);
                    answeredDirectly++;
                    assertThat(celError).as(what + ": answered in Java where CEL fails").isNull();
                    assertSame(own, cel, what);
                } catch (DirectExpression.Unsupported stepsAside) {
                    // CEL decides this one.
                }
            }
            // The Java form must really answer the common cases, not always step aside.
            assertThat(answeredDirectly).as("%s answered in Java (seed %d)", text, seed).isGreaterThan(100);
        }
    }

    @Test
    void expressionsBeyondTheDirectFormStillGoThroughCel() {
        for (String text : List.of("size(event.data) > 0", "event.at > timestamp('2020-01-01T00:00:00Z')",
                "'hours' in event.data", "event.data.hours in [1.0, 2.0]", "event.data.tags[0] == 'a'")) {
            Object compiled = Expression.compile("events.t.when", text, Expression.Scope.EVENT,
                    Set.of(CelKind.BOOL), "a boolean");
            assertThat(compiled).as(text).isInstanceOf(Expression.class);
            assertThat(((Expression) compiled).directForm()).as(text).isNull();
        }
    }

    private static void assertSame(Object actual, Object cel, String what) {
        if (cel instanceof Double c && actual instanceof Double d) {
            assertThat(Double.compare(d, c) == 0 || d.doubleValue() == c.doubleValue()).as(what + ": " + d + " vs "
                    + c).isTrue();
        } else {
            assertThat(actual).as(what).isEqualTo(cel);
        }
    }

    private static Map<String, Object> data(Random random) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String key : List.of("hours", "n", "flag", "name")) {
            Object value = switch (random.nextInt(12)) {
                case 0 -> null;
                case 1 -> "missing";
                case 2 -> (long) random.nextInt(20) - 5;
                case 3 -> random.nextLong();
                case 4 -> random.nextDouble() * 20 - 5;
                case 5 -> random.nextBoolean() ? 1e19 : -1e19;
                case 6 -> random.nextBoolean() ? -0.0 : 0.0;
                case 7 -> random.nextBoolean() ? "a" : "4";
                case 8 -> random.nextBoolean();
                case 9 -> Map.of("x", 1L);
                case 10 -> 9.223372036854775807e18;
                default -> (double) random.nextInt(10);
            };
            if (!"missing".equals(value)) {
                data.put(key, value);
            }
        }
        return data;
    }
}
