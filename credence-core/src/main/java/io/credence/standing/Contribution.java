package io.credence.standing;

import io.credence.event.EventKey;
import java.time.Instant;

/** What one event adds to a score at the time asked, and until when it counts. Immutable. */
public record Contribution(EventKey event, String type, Instant at, long points, Instant expires) {}
