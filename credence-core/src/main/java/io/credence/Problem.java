package io.credence;

import java.util.Objects;

/**
 * One broken rule: where ({@code events.fraud.expires}) and what, in a sentence that states the rule
 * and the bad value. Immutable.
 */
public record Problem(String path, String message) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
