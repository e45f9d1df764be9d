package io.credence.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantsTest {
    @Test
    void parsesOffsetsAndFractionsToUtc() {
        assertThat(Instants.parse("2024-03-01T09:30:00Z")).isEqualTo("2024-03-01T09:30:00Z");
        assertThat(Instants.parse("2024-03-01T10:30:00+01:00")).isEqualTo("2024-03-01T09:30:00Z");
        assertThat(Instants.parse("2024-03-01T09:30:00.5-00:30")).isEqualTo("2024-03-01T10:00:00.500Z");
        assertThat(Instants.parse("2024-03-01T09:30:00.123456789Z").getNano()).isEqualTo(123_456_789);
        assertThat(Instants.parse("2024-03-01t09:30:00z")).isEqualTo("2024-03-01T09:30:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-01", "2024-03-01T09:30:00", "2024-03-01T09:30Z", "2024-02-30T00:00:00Z",
        "2024-13-01T00:00:00Z", "2024-03-01T24:00:00Z", "yesterday", "2024-03-01 09:30:00Z", ""})
    void refusesWhatIsNotAnRfc3339InstantWithAnOffset(String text) {
        assertThatThrownBy(() -> Instants.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "RFC 3339" : text);
    }

    @Test
    void nanosecondsRoundTripAndSaturate() {
        Instant t = Instant.parse("2031-07-04T01:02:03.000000004Z");
        assertThat(Instants.fromNanos(Instants.toNanos(t))).isEqualTo(t);
        assertThat(Instants.toNanos(Instant.parse("3000-01-01T00:00:00Z"))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void appendWritesWhatInstantToStringWrites() {
        long seed = Fixtures.seed("InstantsTest");
        java.util.Random random = new java.util.Random(seed);
        List<Instant> cases = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2024-02-29T12:00:00.5Z"),
                Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.MIN, Instant.MAX));
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(-62_167_219_200L - 86_400 * 800, 253_402_300_800L + 86_400 * 800);
            int nano = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            cases.add(Instant.ofEpochSecond(second, nano));
        }
        for (Instant instant : cases) {
            assertThat(Instants.append(instant, new StringBuilder()).toString()).as("seed %d", seed)
                    .isEqualTo(instant.toString());
        }
    }
}
