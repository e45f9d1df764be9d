package io.credence.event;

import java.util.Objects;

/** The identity of an event: its source and its id within that source. Immutable. */
public record EventKey(String source, String id) {
    public EventKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return source + "/" + id;
    }
}
