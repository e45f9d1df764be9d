package io.credence.rulebook;

import io.credence.time.CalendarMath;
import java.time.LocalDate;
import java.time.temporal.IsoFields;

/** The calendar windows a cap sums over, in UTC; weeks are ISO weeks, Monday first. */
public enum CapPeriod {
    DAY, WEEK, MONTH, YEAR;

    /** A number identifying the window that holds an instant (epoch nanoseconds); equal in one window only. */
    public long window(long epochNanos) {
        long day = CalendarMath.epochDay(epochNanos);
        return switch (this) {
            case DAY -> day;
            // 1970-01-01 was a Thursday, so the Monday of its week is epoch day -3.
            case WEEK -> Math.floorDiv(day + 3, 7);
            case MONTH -> {
                long civil = CalendarMath.civilFromDays(day);
                yield (civil / 10_000) * 12 + (civil / 100 % 100) - 1;
            }
            case YEAR -> CalendarMath.civilFromDays(day) / 10_000;
        };
    }

    /** A window as a person writes it: 2024-03-05, 2024-W10, 2024-03 or 2024. */
    public String label(long window) {
        return switch (this) {
            case DAY -> LocalDate.ofEpochDay(window).toString();
            case WEEK -> {
                LocalDate monday = LocalDate.ofEpochDay(window * 7 - 3);
                yield String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                        monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            }
            case MONTH -> String.format("%d-%02d", Math.floorDiv(window, 12), Math.floorMod(window, 12) + 1);
            case YEAR -> Long.toString(window);
        };
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
