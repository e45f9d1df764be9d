package io.credence.rulebook;

import io.credence.time.IsoDuration;

/**
 * A list such as "judgment defaulters": entered by an event of type {@code enter}, left by a later
 * {@code leave} event (carrying the same {@code data.match} value when {@code match} is set), and
 * never held longer than {@code maxDuration}. {@code leave} and {@code match} may be null. Immutable.
 */
public record ListDefinition(String name, String description, String enter, String leave, String match,
        IsoDuration maxDuration) {}
