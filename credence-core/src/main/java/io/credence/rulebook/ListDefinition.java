package io.credence.rulebook;

import io.credence.time.IsoDuration;

/**
 * A list such as "judgment defaulters": entered by an event of type {@code enter}, left by a later
 * {@code leave} event (carrying the same {@code data.match} value when {@code match} is set), and
 * never held longer than {@code maxDuration}. {@code leave} and {@code match} may be null. Immutable.
 */
public record ListDefinition(String name, String description, String enter, String leave, String match,
        IsoDuration maxDuration) {

    /**
     * Whether {@code leave} can lift the entry made by {@code enter}: with {@code match: k}, both carry
     * {@code data.k} and the values are equal as JSON values (7 equals 7.0); a missing key never
     * matches. (Whether it is of the leave type, and not earlier than the entry, is the caller's.)
     */
    public boolean matches(io.credence.event.Event enter, io.credence.event.Event leave) {
        if (match == null) {
            return true;
        }
        Object a = enter.data().get(match);
        Object b = leave.data().get(match);
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return java.util.Objects.equals(a, b);
    }
}
