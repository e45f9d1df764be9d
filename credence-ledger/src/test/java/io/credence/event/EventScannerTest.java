package io.credence.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CredenceException;
import io.credence.codec.Json;
import io.credence.population.PopulationGenerator;
import io.credence.testing.Fixtures;
import io.credence.time.Instants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner only recognizes: on generated lines and on thousands of mutations of them (white space,
 * escapes, numbers of every form, field order, duplicates, instants out of range, non-ASCII text),
 * every line it accepts gives exactly the event the parser gives, and its data bytes are the
 * canonical JSON; it accepts nothing the parser rejects. Seeded; the seed is printed.
 */
class EventScannerTest {
    private static final long SEED = Fixtures.seed("EventScannerTest");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final long LATEST = Instants.toNanos(NOW.plus(5, ChronoUnit.MINUTES));
    private static final String[] PIECES = {" ", "\"", "\\", "{", "}", ",", ":", "0", "-", ".", "e", "a", "Z", "z",
        "\u00e9", "\\u0041", "null", "1.5", "[1]", "{\"a\":1}", "-0", "00", "1e3", "+01:00", ".5", "\t", "/", "_"};
    private static final String[] VALUES = {"0", "-0", "7", "-12", "007", "3.0", "-3.0", "0.0", "-0.0", "1.5", "1.50",
        "0.1", "1e5", "1E5", "2.5e-3", "100000000.0", "1.0E8", "999999999999999.0", "1000000000000000.0",
        "123456789012345678", "1234567890123456789", "true", "false", "null", "\"x\"", "\"\"", "\"a b\"",
        "\"caf\u00e9\"", "\"a\\\"b\"", "[]", "{}", "{\"k\":1}", "0.30000000000000004", "1.7976931348623157E308",
        "0.001", "0.0001", "0.0015", "-0.5", "0.50", "9999999.5", "10000000.5", "0.123456789012345",
        "0.1234567890123456", "1234567.12345678", "1234567.123456789", "0.00999999999999999"};

    @Test
    void whatTheScannerAcceptsTheParserReadsAlike() {
        Random random = new Random(SEED);
        List<String> lines = new ArrayList<>();
        new PopulationGenerator(random.nextLong(), NOW).generate(200, line -> lines.add(line.toString()), n -> { });
        EventScanner scanner = new EventScanner();
        int plain = 0;
        for (String line : lines) {
            plain += check(scanner, line) ? 1 : 0;
        }
        assertThat(plain).as("generated lines read by the scanner (seed %d)", SEED).isEqualTo(lines.size());

        int accepted = 0;
        int mutations = 0;
        for (int round = 0; round < 30; round++) {
            for (String line : lines) {
                String mutated = mutate(line, random);
                mutations++;
                accepted += check(scanner, mutated) ? 1 : 0;
            }
        }
        // Both sides of the line are exercised: many mutations are still plain, many are not.
        assertThat(accepted).isBetween(mutations / 20, mutations - mutations / 20);
    }

    /** Whether the scanner accepted the line; when it did, that it agrees with the parser. */
    private static boolean check(EventScanner scanner, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (!scanner.scan(bytes, 0, bytes.length, LATEST)) {
            return false;
        }
        Event parsed;
        try {
            parsed = EventParser.parse(Json.fastObject(line), NOW);
        } catch (CredenceException e) {
            throw new AssertionError("seed " + SEED + ": the scanner accepted a line the parser rejects ("
                    + e.getMessage() + "): " + line);
        }
        String subject = text(bytes, scanner.subjectFrom(), scanner.subjectTo());
        String source = text(bytes, scanner.sourceFrom(), scanner.sourceTo());
        String type = text(bytes, scanner.typeFrom(), scanner.typeTo());
        Event scanned = scanner.event(subject, source, type);
        assertThat(scanned).as("seed %d: %s", SEED, line).isEqualTo(parsed);
        String data = scanner.hasData() ? text(bytes, scanner.dataFrom(), scanner.dataTo()) : "";
        assertThat(data).as("seed %d: canonical data of %s", SEED, line)
                .isEqualTo(parsed.data().isEmpty() ? "" : CanonicalJson.write(parsed.data()));
        assertThat(scanner.atNanos()).isEqualTo(Instants.toNanos(parsed.at()));
        return true;
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private static String mutate(String line, Random random) {
        StringBuilder out = new StringBuilder(line);
        switch (random.nextInt(9)) {
            case 0 -> out.insert(random.nextInt(out.length() + 1), PIECES[random.nextInt(PIECES.length)]);
            case 1 -> out.deleteCharAt(random.nextInt(out.length()));
            case 2 -> out.setCharAt(random.nextInt(out.length()), PIECES[random.nextInt(PIECES.length)].charAt(0));
            case 3 -> { // a data object of random values, keys in random order
                int n = random.nextInt(4);
                StringBuilder data = new StringBuilder("{");
                for (int i = 0; i < n; i++) {
                    data.append(i > 0 ? "," : "").append('"').append((char) ('a' + random.nextInt(4))).append("\":");
                    data.append(random.nextBoolean() ? VALUES[random.nextInt(VALUES.length)] : randomNumber(random));
                }
                String object = data.append('}').toString();
                int at = out.indexOf(",\"data\":");
                if (at >= 0) {
                    out.setLength(at);
                    out.append(",\"data\":").append(object).append('}');
                } else {
                    out.setLength(out.length() - 1);
                    out.append(",\"data\":").append(object).append('}');
                }
            }
            case 4 -> { // an instant of another form or out of range
                String[] ats = {"1969-12-31T23:59:59Z", "2026-01-01T00:05:00Z", "2026-01-01T00:05:01Z",
                    "2025-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2024-03-01t09:30:00z", "2024-03-01T09:30:00.5Z",
                    "2024-03-01T10:30:00+01:00", "2024-13-01T00:00:00Z", "2024-03-01T24:00:00Z",
                    "2024-03-01 09:30:00Z", "9999-12-31T23:59:59Z"};
                int at = out.indexOf("\"at\":\"");
                out.replace(at + 6, at + 26, ats[random.nextInt(ats.length)]);
            }
            case 5 -> out.insert(1, "\"id\":\"dup\","); // a field twice
            case 6 -> out.insert(1, "\"extra\":1,"); // a field that is not one
            case 7 -> { // fields in another order: the last field first
                int comma = out.lastIndexOf(",\"");
                String last = out.substring(comma + 1, out.length() - 1);
                out.delete(comma, out.length() - 1).insert(1, last + ",");
            }
            default -> { // a text field with characters outside its class, or longer than its limit
                String[] fields = {"\"id\":\"", "\"source\":\"", "\"subject\":\""};
                int at = out.indexOf(fields[random.nextInt(fields.length)]);
                int start = out.indexOf(":\"", at) + 2;
                String[] texts = {"A", "a b", "x".repeat(64), "x".repeat(65), "x".repeat(128), "x".repeat(129), "é",
                    "a/b", "P.1:2_3-4", ""};
                out.insert(start, texts[random.nextInt(texts.length)]);
            }
        }
        return out.toString();
    }

    private static String randomNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(20) - 8));
            case 2 -> (random.nextBoolean() ? "-" : "") + random.nextInt(1000) + "." + random.nextInt(100);
            case 3 -> Double.toString((double) (random.nextLong() >> random.nextInt(64)));
            // Decimals near the scanner's own canonical check: up to 7 integer digits, leading zeros
            // in the fraction, 15 significant digits or more, trailing zeros.
            default -> (random.nextBoolean() ? "-" : "")
                    + (random.nextBoolean() ? "0" : Integer.toString(1 + random.nextInt(20_000_000))) // up to 8 digits
                    + "." + "0".repeat(random.nextInt(4)) + (1 + random.nextInt(999_999_999))
                    + (random.nextInt(3) == 0 ? Integer.toString(random.nextInt(1_000_000)) : "");
        };
    }
}
