package io.credence.event;

import io.credence.time.CalendarMath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an event line straight from its bytes when the line is in the plain shape that generators and
 * most sources write: one JSON object without white space, the fields among id, source, subject,
 * type, at and data, each once; the texts without escapes and within their character classes; at as
 * {@code yyyy-mm-ddThh:mm:ssZ}, not before 1970 nor past the limit; data a flat object whose keys
 * are ASCII, without escapes and in ascending order, whose values are plain strings, numbers as their
 * canonical JSON writes them, true, false or null (so its bytes are already its canonical JSON).
 *
 * <p>{@link #scan} answers false for anything else, and the caller then reads the line through
 * {@link EventParser}, which accepts every valid line and explains every invalid one. The scanner
 * never rejects and never accepts a line that the parser would judge otherwise: it only recognizes.
 * A line it accepts gives the same event as the parser (tested line by line on generated and
 * mutated input). Not thread-safe: one per thread, reused from line to line.
 */
public final class EventScanner {
    private static final byte[] ID = classOf("A-Za-z0-9._:/-");
    private static final byte[] SOURCE = classOf("a-z0-9-");
    private static final byte[] SUBJECT = classOf("A-Za-z0-9._:-");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private byte[] bytes;
    private int idFrom, idTo, sourceFrom, sourceTo, subjectFrom, subjectTo, typeFrom, typeTo, dataFrom, dataTo;
    private long atNanos;

    /**
     * Recognizes the line {@code bytes[from, to)} (without its line terminator).
     *
     * @param latestNanos the latest {@code at} allowed, in epoch nanoseconds (the clock plus five minutes)
     * @return whether the line is a valid event in the plain shape; its fields are then readable here
     */
    public boolean scan(byte[] bytes, int from, int to, long latestNanos) {
        this.bytes = bytes;
        idFrom = sourceFrom = subjectFrom = typeFrom = dataFrom = -1;
        dataTo = -1;
        int at = -1;
        int i = from;
        if (to - from < 2 || bytes[i++] != '{' || bytes[to - 1] != '}') {
            return false;
        }
        int end = to - 1;
        while (true) {
            if (i >= end || bytes[i] != '"') {
                return false;
            }
            int name = i + 1;
            int close = plainString(bytes, name, end);
            if (close < 0 || close + 1 >= end || bytes[close + 1] != ':') {
                return false;
            }
            int value = close + 2;
            int valueEnd;
            int field = field(bytes, name, close);
            if (field == DATA) {
                if (dataFrom >= 0) {
                    return false;
                }
                valueEnd = flatObject(bytes, value, end);
                if (valueEnd < 0) {
                    return false;
                }
                dataFrom = value;
                dataTo = valueEnd;
            } else {
                if (field < 0 || value >= end || bytes[value] != '"') {
                    return false;
                }
                int textEnd = plainString(bytes, value + 1, end);
                if (textEnd < 0) {
                    return false;
                }
                int textFrom = value + 1;
                switch (field) {
                    case FIELD_ID -> {
                        if (idFrom >= 0 || !within(bytes, textFrom, textEnd, ID, 128)) {
                            return false;
                        }
                        idFrom = textFrom;
                        idTo = textEnd;
                    }
                    case FIELD_SOURCE -> {
                        if (sourceFrom >= 0 || !within(bytes, textFrom, textEnd, SOURCE, 64)) {
                            return false;
                        }
                        sourceFrom = textFrom;
                        sourceTo = textEnd;
                    }
                    case FIELD_SUBJECT -> {
                        if (subjectFrom >= 0 || !within(bytes, textFrom, textEnd, SUBJECT, 64)) {
                            return false;
                        }
                        subjectFrom = textFrom;
                        subjectTo = textEnd;
                    }
                    case FIELD_TYPE -> {
                        if (typeFrom >= 0 || textEnd == textFrom || textEnd - textFrom > 255) {
                            return false;
                        }
                        typeFrom = textFrom;
                        typeTo = textEnd;
                    }
                    default -> { // FIELD_AT
                        if (at >= 0) {
                            return false;
                        }
                        at = textFrom;
                        long seconds = textEnd - textFrom == 20 ? epochSeconds(bytes, textFrom) : Long.MIN_VALUE;
                        if (seconds < 0 || seconds > latestNanos / NANOS_PER_SECOND) {
                            return false;
                        }
                        atNanos = seconds * NANOS_PER_SECOND;
                        if (atNanos > latestNanos) {
                            return false;
                        }
                    }
                }
                valueEnd = textEnd + 1;
            }
            if (valueEnd == end) {
                break;
            }
            if (bytes[valueEnd] != ',') {
                return false;
            }
            i = valueEnd + 1;
        }
        if (dataFrom >= 0 && dataTo - dataFrom > EventParser.MAX_DATA_BYTES) {
            return false;
        }
        return idFrom >= 0 && sourceFrom >= 0 && subjectFrom >= 0 && typeFrom >= 0 && at >= 0;
    }

    private static final int FIELD_ID = 0;
    private static final int FIELD_SOURCE = 1;
    private static final int FIELD_SUBJECT = 2;
    private static final int FIELD_TYPE = 3;
    private static final int FIELD_AT = 4;
    private static final int DATA = 5;

    /** Which field the name {@code b[from, to)} is, or -1. */
    private static int field(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 2) {
            if (b[from] == 'i' && b[from + 1] == 'd') {
                return FIELD_ID;
            }
            return b[from] == 'a' && b[from + 1] == 't' ? FIELD_AT : -1;
        }
        if (n == 4) {
            return is(b, from, "type") ? FIELD_TYPE : is(b, from, "data") ? DATA : -1;
        }
        if (n == 6) {
            return is(b, from, "source") ? FIELD_SOURCE : -1;
        }
        if (n == 7) {
            return is(b, from, "subject") ? FIELD_SUBJECT : -1;
        }
        return -1;
    }

    private static boolean is(byte[] b, int from, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (b[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the quote closing a string whose text starts at {@code from}, when the text is
     * printable ASCII without escapes; else -1.
     */
    private static int plainString(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c == '\\') { // bytes of UTF-8 sequences are negative: not plain either
                return -1;
            }
        }
        return -1;
    }

    private static boolean within(byte[] b, int from, int to, byte[] allowed, int maxLength) {
        if (to == from || to - from > maxLength) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (allowed[b[i]] == 0) { // b[i] is ASCII here: plainString let nothing else through
                return false;
            }
        }
        return true;
    }

    /**
     * The end of a flat object in canonical form starting at {@code from}, or -1: keys ascending by
     * their bytes (which for ASCII is the canonical order of code points), values plain strings,
     * numbers in canonical form, true, false or null.
     */
    private static int flatObject(byte[] b, int from, int end) {
        if (from >= end || b[from] != '{') {
            return -1;
        }
        int i = from + 1;
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        int previousFrom = -1;
        int previousTo = -1;
        while (true) {
            if (i >= end || b[i] != '"') {
                return -1;
            }
            int keyTo = plainString(b, i + 1, end);
            if (keyTo < 0 || keyTo + 1 >= end || b[keyTo + 1] != ':') {
                return -1;
            }
            if (previousFrom >= 0 && compare(b, previousFrom, previousTo, i + 1, keyTo) >= 0) {
                return -1;
            }
            previousFrom = i + 1;
            previousTo = keyTo;
            int v = keyTo + 2;
            if (v >= end) {
                return -1;
            }
            int valueEnd;
            byte c = b[v];
            if (c == '"') {
                int close = plainString(b, v + 1, end);
                valueEnd = close < 0 ? -1 : close + 1;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                valueEnd = number(b, v, end);
            } else if (c == 't') {
                valueEnd = literal(b, v, end, "true");
            } else if (c == 'f') {
                valueEnd = literal(b, v, end, "false");
            } else if (c == 'n') {
                valueEnd = literal(b, v, end, "null");
            } else {
                return -1;
            }
            if (valueEnd < 0 || valueEnd >= end) {
                return -1;
            }
            if (b[valueEnd] == '}') {
                return valueEnd + 1;
            }
            if (b[valueEnd] != ',') {
                return -1;
            }
            i = valueEnd + 1;
        }
    }

    private static int compare(byte[] b, int aFrom, int aTo, int bFrom, int bTo) {
        int n = Math.min(aTo - aFrom, bTo - bFrom);
        for (int k = 0; k < n; k++) {
            int d = b[aFrom + k] - b[bFrom + k];
            if (d != 0) {
                return d;
            }
        }
        return (aTo - aFrom) - (bTo - bFrom);
    }

    /**
     * The end of a number in canonical form at {@code from}, or -1: an integer of at most 18 digits
     * without leading zeros or a minus zero (read as a long), or a decimal written as Java writes a
     * double (read as a double; spec section 1 and {@link CanonicalJson}): a whole one as its digits
     * and {@code .0} below 10^15, any other as {@link Double#toString} gives it.
     */
    private static int number(byte[] b, int from, int end) {
        int i = from;
        if (b[i] == '-') {
            i++;
        }
        int digits = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int n = i - digits;
        if (n == 0 || n > 18 || (b[digits] == '0' && n > 1)) {
            return -1;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            return -1;
        }
        if (i >= end || b[i] != '.') {
            return b[digits] == '0' && digits > from ? -1 : i; // "-0" reads as 0
        }
        int point = i++;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i == point + 1 || (i < end && (b[i] == 'e' || b[i] == 'E'))) {
            return -1;
        }
        boolean whole = i == point + 2 && b[point + 1] == '0';
        if (whole) {
            return n <= 15 && !(b[digits] == '0' && digits > from) ? i : -1; // "-0.0" writes as 0.0
        }
        // Canonical (Double.toString's form) without parsing it, in the common case: at most 15
        // significant digits, no trailing zero, and in [1e-3, 1e7), where Double.toString writes plain
        // decimals. Any two decimals of 15 significant digits or fewer are different doubles, so the
        // shortest decimal that gives this one back is these very digits. Anything else is parsed.
        int fraction = i - point - 1;
        if (b[i - 1] != '0' && n <= 7) {
            if (b[digits] != '0') {
                if (n + fraction <= 15) {
                    return i;
                }
            } else {
                int zeros = 0;
                while (b[point + 1 + zeros] == '0') {
                    zeros++;
                }
                if (zeros <= 2 && fraction - zeros <= 15) {
                    return i;
                }
            }
        }
        String text = new String(b, from, i - from, StandardCharsets.ISO_8859_1);
        double d = Double.parseDouble(text);
        return d != Math.rint(d) && Double.toString(d).equals(text) ? i : -1;
    }

    private static int literal(byte[] b, int from, int end, String word) {
        if (end - from < word.length() || !is(b, from, word)) {
            return -1;
        }
        return from + word.length();
    }

    /** Epoch seconds of {@code yyyy-mm-ddThh:mm:ssZ} at {@code from}, or Long.MIN_VALUE. */
    private static long epochSeconds(byte[] b, int from) {
        if (b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':'
                || b[from + 16] != ':' || b[from + 19] != 'Z') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > CalendarMath.lengthOfMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        return CalendarMath.daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    }

    private static int digits(byte[] b, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static byte[] classOf(String spec) {
        byte[] allowed = new byte[128];
        for (int i = 0; i < spec.length(); i++) {
            if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                for (char c = spec.charAt(i); c <= spec.charAt(i + 2); c++) {
                    allowed[c] = 1;
                }
                i += 2;
            } else {
                allowed[spec.charAt(i)] = 1;
            }
        }
        return allowed;
    }

    // The fields of the line last scanned, valid after scan returned true.

    public byte[] bytes() {
        return bytes;
    }

    public int idFrom() {
        return idFrom;
    }

    public int idTo() {
        return idTo;
    }

    public int sourceFrom() {
        return sourceFrom;
    }

    public int sourceTo() {
        return sourceTo;
    }

    public int subjectFrom() {
        return subjectFrom;
    }

    public int subjectTo() {
        return subjectTo;
    }

    public int typeFrom() {
        return typeFrom;
    }

    public int typeTo() {
        return typeTo;
    }

    public long atNanos() {
        return atNanos;
    }

    /** Whether the event has data other than {@code {}}: its canonical JSON is then {@code bytes[dataFrom, dataTo)}. */
    public boolean hasData() {
        return dataFrom >= 0 && dataTo - dataFrom > 2;
    }

    public int dataFrom() {
        return dataFrom;
    }

    public int dataTo() {
        return dataTo;
    }

    /** The event, built as {@link EventParser} would build it from the same line. */
    public Event event(String subject, String source, String type) {
        return new Event(text(idFrom, idTo), source, subject, type,
                Instant.ofEpochSecond(atNanos / NANOS_PER_SECOND), data());
    }

    private String text(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The data as Java values, as the JSON reader gives them: String, Long, Double, Boolean or null. */
    private Map<String, Object> data() {
        if (!hasData()) {
            return Map.of();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        int i = dataFrom + 1;
        while (bytes[i] == '"') {
            int keyTo = plainString(bytes, i + 1, dataTo);
            String key = text(i + 1, keyTo);
            int v = keyTo + 2;
            int valueEnd;
            Object value;
            byte c = bytes[v];
            if (c == '"') {
                valueEnd = plainString(bytes, v + 1, dataTo) + 1;
                value = text(v + 1, valueEnd - 1);
            } else if (c == 't') {
                valueEnd = v + 4;
                value = Boolean.TRUE;
            } else if (c == 'f') {
                valueEnd = v + 5;
                value = Boolean.FALSE;
            } else if (c == 'n') {
                valueEnd = v + 4;
                value = null;
            } else {
                valueEnd = number(bytes, v, dataTo);
                String number = text(v, valueEnd);
                value = number.indexOf('.') < 0 ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
            }
            data.put(key, value);
            i = valueEnd + 1; // past the ',' or the closing '}'
        }
        return java.util.Collections.unmodifiableMap(data);
    }
}
