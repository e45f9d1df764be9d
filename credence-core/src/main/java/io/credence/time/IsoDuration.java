package io.credence.time;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 duration as the rulebook uses it: a date part ({@code P1Y}, {@code P6M}, {@code P2W},
 * {@code P30D}) added in calendar terms in UTC, then a time part ({@code PT36H}) added exactly.
 * Adding {@code P1M} to 2024-01-31 gives 2024-02-29: months are added first and the day is clamped to
 * the month's length, then days, as {@link java.time.LocalDateTime#plus} does. Immutable.
 */
public final class IsoDuration {
    private static final Pattern SYNTAX = Pattern.compile(
            "P(?:(\\d{1,6})Y)?(?:(\\d{1,6})M)?(?:(\\d{1,6})W)?(?:(\\d{1,7})D)?"
                    + "(?:T(?:(\\d{1,8})H)?(?:(\\d{1,9})M)?(?:(\\d{1,10})S)?)?");
    private static final IsoDuration TEN_YEARS = parse("P10Y");

    private final String text;
    private final long months;
    private final long days;
    private final long timeNanos;

    /**
     * Months added to a day, remembered: the calendar arithmetic is a sixth of rebuilding every
     * history in a recompute, and events fall on a few thousand distinct days. Direct-mapped by day;
     * each slot packs (day, result day) into one long, read and written whole (opaque access), so a
     * race between threads loses a slot, never mixes two.
     */
    private final long[] monthsMemo;
    private static final int MEMO_SLOTS = 4096;
    private static final java.lang.invoke.VarHandle SLOT =
            java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);

    private IsoDuration(String text, long months, long days, long timeNanos) {
        this.text = text;
        this.months = months;
        this.days = days;
        this.timeNanos = timeNanos;
        this.monthsMemo = months != 0 ? new long[MEMO_SLOTS] : null;
    }

    /** {@code day} plus this duration's months, the day of month clamped to the month's length. */
    private long plusMonths(long day) {
        boolean memo = day == (int) day;
        int slot = (int) day & (MEMO_SLOTS - 1);
        if (memo) {
            long packed = (long) SLOT.getOpaque(monthsMemo, slot);
            // (day 0, result 0) never occurs with months != 0, so an empty slot never matches.
            if (packed != 0 && (int) (packed >>> 32) == (int) day) {
                return (int) packed;
            }
        }
        long civil = CalendarMath.civilFromDays(day);
        long year = civil / 10_000;
        int month = (int) (civil / 100 % 100);
        int dayOfMonth = (int) (civil % 100);
        long monthIndex = year * 12 + (month - 1) + months;
        year = Math.floorDiv(monthIndex, 12);
        month = Math.floorMod(monthIndex, 12) + 1;
        long result = CalendarMath.daysFromCivil(year, month, Math.min(dayOfMonth, CalendarMath.lengthOfMonth(year, month)));
        if (memo && result == (int) result) {
            SLOT.setOpaque(monthsMemo, slot, (day << 32) | (result & 0xffff_ffffL));
        }
        return result;
    }

    /**
     * Parses {@code PnYnMnWnDTnHnMnS}; every part optional, at least one present, all non-negative.
     *
     * @throws IllegalArgumentException stating the rule, when the text is not such a duration
     */
    public static IsoDuration parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text);
        if (m == null || !m.matches() || text.equals("P") || text.endsWith("T")) {
            throw new IllegalArgumentException("must be an ISO-8601 duration such as P2Y, P6M, P2W, P30D or PT36H; got "
                    + (text == null ? "nothing" : "\"" + text + "\""));
        }
        long months = group(m, 1) * 12 + group(m, 2);
        long days = group(m, 3) * 7 + group(m, 4);
        long seconds = group(m, 5) * 3600 + group(m, 6) * 60 + group(m, 7);
        return new IsoDuration(text, months, days, seconds * 1_000_000_000L);
    }

    private static long group(Matcher m, int group) {
        String value = m.group(group);
        return value == null ? 0 : Long.parseLong(value);
    }

    public boolean isZero() {
        return months == 0 && days == 0 && timeNanos == 0;
    }

    /**
     * Whether this is longer than ten years, measured from 1970-01-01T00:00Z (so {@code P10Y} and
     * {@code P120M} are not, {@code P3653D} is). A fixed start keeps the answer independent of when
     * the rulebook is validated.
     */
    public boolean isOverTenYears() {
        return addTo(0L) > TEN_YEARS.addTo(0L);
    }

    /** The instant (epoch nanoseconds) this long after {@code epochNanos}, saturating. */
    public long addTo(long epochNanos) {
        long result = epochNanos;
        if (months != 0 || days != 0) {
            long day = CalendarMath.epochDay(epochNanos);
            long nanoOfDay = epochNanos - day * CalendarMath.NANOS_PER_DAY;
            if (months != 0) {
                day = plusMonths(day);
            }
            day += days;
            try {
                result = Math.addExact(Math.multiplyExact(day, CalendarMath.NANOS_PER_DAY), nanoOfDay);
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
        }
        long sum = result + timeNanos;
        return ((result ^ sum) & (timeNanos ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsoDuration other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    /** The text as written in the rulebook. */
    @Override
    public String toString() {
        return text;
    }
}
