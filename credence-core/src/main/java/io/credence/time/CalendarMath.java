package io.credence.time;

/**
 * Proleptic Gregorian calendar arithmetic on epoch days, without allocation. The evaluator adds
 * periods and finds cap windows for every event it looks at, so this must cost nanoseconds, not the
 * microsecond that a round trip through {@code ZonedDateTime} takes. The algorithms are Howard
 * Hinnant's {@code days_from_civil} and {@code civil_from_days}; {@code CalendarMathTest} checks them
 * against {@code java.time} on random dates.
 */
public final class CalendarMath {
    static final long SECONDS_PER_DAY = 86_400L;
    static final long NANOS_PER_DAY = SECONDS_PER_DAY * 1_000_000_000L;

    private CalendarMath() {}

    /** Days since 1970-01-01 of the given civil date (month 1-12). */
    public static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** The civil date of an epoch day, packed as {@code year * 10_000 + month * 100 + day}. */
    public static long civilFromDays(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        return (m <= 2 ? y + 1 : y) * 10_000 + m * 100 + d;
    }

    public static int lengthOfMonth(long year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    public static boolean isLeap(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** The epoch day that holds an instant given in epoch nanoseconds. */
    public static long epochDay(long epochNanos) {
        return Math.floorDiv(epochNanos, NANOS_PER_DAY);
    }
}
