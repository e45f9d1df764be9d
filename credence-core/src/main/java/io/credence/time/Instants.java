package io.credence.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Instants as Credence handles them: RFC 3339 text on the wire, UTC {@link Instant}s in the domain,
 * and epoch nanoseconds inside the evaluator. Nanoseconds in a {@code long} reach 2262-04-11; every
 * recorded event and expiry lies well inside that, and instants beyond it saturate, which keeps every
 * comparison the evaluator makes correct.
 */
public final class Instants {
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Instants() {}

    /**
     * Parses an RFC 3339 instant with an offset ({@code 2024-03-01T09:30:00Z},
     * {@code 2024-03-01T10:30:00.5+01:00}).
     *
     * @throws IllegalArgumentException with a message stating the rule, when the text is not one
     */
    public static Instant parse(String text) {
        if (text == null || !RFC_3339.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "must be an RFC 3339 instant with an offset, like 2024-03-01T09:30:00Z; got " + quote(text));
        }
        try {
            return OffsetDateTime.parse(text.toUpperCase(java.util.Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("is not a valid date and time: " + quote(text), e);
        }
    }

    /** Epoch nanoseconds, saturating at the ends of the {@code long} range. */
    public static long toNanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        } catch (ArithmeticException overflow) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    public static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    private static String quote(String text) {
        return text == null ? "nothing" : "\"" + text + "\"";
    }
}
