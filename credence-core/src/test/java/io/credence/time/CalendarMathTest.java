package io.credence.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.testing.Fixtures;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalendarMathTest {
    private static final long SEED = Fixtures.seed("CalendarMathTest");

    @Test
    void civilConversionsAgreeWithJavaTimeOnRandomDays() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 200_000; i++) {
            long day = random.nextLong(-800_000, 800_000);
            LocalDate date = LocalDate.ofEpochDay(day);
            long civil = CalendarMath.civilFromDays(day);
            assertThat(civil).as("day %d", day).isEqualTo(date.getYear() * 10_000L + date.getMonthValue() * 100L
                    + date.getDayOfMonth());
            assertThat(CalendarMath.daysFromCivil(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
                    .isEqualTo(day);
        }
    }

    @Test
    void periodAdditionAgreesWithLocalDateTimeOnRandomInstants() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        String[] periods = {"P1M", "P1Y", "P2Y", "P6M", "P2W", "P30D", "P1Y2M3D", "PT36H", "P1DT12H", "P10Y", "P13M"};
        for (int i = 0; i < 50_000; i++) {
            long second = random.nextLong(0, 4_000_000_000L);
            int nano = random.nextInt(1_000_000_000);
            Instant start = Instant.ofEpochSecond(second, nano);
            String text = periods[random.nextInt(periods.length)];
            IsoDuration duration = IsoDuration.parse(text);
            LocalDateTime expected = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
            String[] parts = text.split("T");
            if (!parts[0].equals("P")) {
                expected = expected.plus(Period.parse(parts[0]));
            }
            if (parts.length > 1) {
                expected = expected.plus(java.time.Duration.parse("PT" + parts[1]));
            }
            assertThat(Instants.fromNanos(duration.addTo(Instants.toNanos(start))))
                    .as("%s + %s", start, text).isEqualTo(expected.toInstant(ZoneOffset.UTC));
        }
    }

    /**
     * One duration reused across many instants, as a rulebook's types are: the remembered month
     * additions (slots shared by days 4,096 apart, days before 1970) must give what java.time gives.
     */
    @Test
    void rememberedMonthAdditionsAgreeWithLocalDateTime() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        IsoDuration[] durations = {IsoDuration.parse("P1M"), IsoDuration.parse("P2Y"), IsoDuration.parse("P13M")};
        Period[] periods = {Period.ofMonths(1), Period.ofYears(2), Period.ofMonths(13)};
        for (int i = 0; i < 200_000; i++) {
            int which = random.nextInt(durations.length);
            long day = random.nextInt(3) == 0 ? random.nextLong(-30_000, 30_000) : 4_096L * random.nextInt(-7, 8) + 31;
            Instant start = Instant.ofEpochSecond(day * 86_400 + random.nextLong(86_400), random.nextInt(1_000_000_000));
            LocalDateTime expected = LocalDateTime.ofInstant(start, ZoneOffset.UTC).plus(periods[which]);
            assertThat(Instants.fromNanos(durations[which].addTo(Instants.toNanos(start))))
                    .as("seed %d: %s + %s", SEED, start, durations[which]).isEqualTo(expected.toInstant(ZoneOffset.UTC));
        }
    }

    @Test
    void monthEndsClampToTheShorterMonth() {
        long start = Instants.toNanos(Instant.parse("2024-01-31T10:00:00Z"));
        assertThat(Instants.fromNanos(IsoDuration.parse("P1M").addTo(start))).isEqualTo("2024-02-29T10:00:00Z");
        long leap = Instants.toNanos(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat(Instants.fromNanos(IsoDuration.parse("P1Y").addTo(leap))).isEqualTo("2025-02-28T00:00:00Z");
    }

    @Test
    void tenYearsIsTheLongestAllowedDuration() {
        assertThat(IsoDuration.parse("P10Y").isOverTenYears()).isFalse();
        assertThat(IsoDuration.parse("P120M").isOverTenYears()).isFalse();
        assertThat(IsoDuration.parse("P10Y1D").isOverTenYears()).isTrue();
        assertThat(IsoDuration.parse("P11Y").isOverTenYears()).isTrue();
        assertThat(IsoDuration.parse("P3653D").isOverTenYears()).isTrue();
    }
}
