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
        Instant fast = text == null ? null : parseFast(text);
        if (fast != null) {
            return fast;
        }
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

    /**
     * The common case without regex or {@code java.time} parsing: {@code yyyy-mm-ddThh:mm:ss[.f]Z} or
     * with a {@code +hh:mm} offset, fields in range. Returns null for anything else, which the slow
     * path then judges (and explains).
     */
    private static Instant parseFast(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != 't')
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > CalendarMath.lengthOfMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) {
                return null;
            }
            nanos = digits(t, start, i);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && (t.charAt(i) == 'Z' || t.charAt(i) == 'z')) {
            offsetSeconds = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int oh = digits(t, i + 1, i + 3);
            int om = digits(t, i + 4, i + 6);
            if (oh < 0 || om < 0 || oh > 23 || om > 59) {
                return null;
            }
            offsetSeconds = (t.charAt(i) == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochSecond = CalendarMath.daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L
                + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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

    /**
     * Appends exactly what {@link Instant#toString()} gives (ISO-8601, UTC, fractions in groups of
     * three digits), without the formatter machinery: scores writes three instants per line.
     */
    public static StringBuilder append(Instant instant, StringBuilder out) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        // Years 0000 to 9999 only; others take the JDK's path (signs, more digits).
        if (days < -719_528 || days > 2_932_896) {
            return out.append(instant);
        }
        int secondOfDay = Math.floorMod(seconds, 86_400);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, secondOfDay / 3_600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano != 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                pad(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                pad(out, nano / 1_000, 6);
            } else {
                pad(out, nano, 9);
            }
        }
        return out.append('Z');
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        for (long limit = 10, w = 1; w < width; w++, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        return out.append(value);
    }

    private static String quote(String text) {
        return text == null ? "nothing" : "\"" + text + "\"";
    }
}
