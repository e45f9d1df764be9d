package io.credence.standing;

import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.time.Instants;
import java.time.Instant;

/**
 * What one event adds to a score at the time asked, and until when it counts. Immutable. It keeps a
 * reference to its event and its expiry in nanoseconds rather than copying them: a standing
 * allocates one of these per counted event, on the hottest path Credence has.
 */
public final class Contribution {
    private final Event source;
    private final long points;
    private final long expiresNanos;

    Contribution(Event source, long points, long expiresNanos) {
        this.source = source;
        this.points = points;
        this.expiresNanos = expiresNanos;
    }

    public Contribution(EventKey event, String type, Instant at, long points, Instant expires) {
        this(new Event(event.id(), event.source(), "", type, at, java.util.Map.of()), points,
                Instants.toNanos(expires));
    }

    public EventKey event() {
        return source.key();
    }

    public String type() {
        return source.type();
    }

    public Instant at() {
        return source.at();
    }

    public long points() {
        return points;
    }

    public Instant expires() {
        return Instants.fromNanos(expiresNanos);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contribution other && points == other.points && expiresNanos == other.expiresNanos
                && source.source().equals(other.source.source()) && source.id().equals(other.source.id())
                && source.type().equals(other.source.type()) && source.at().equals(other.source.at());
    }

    @Override
    public int hashCode() {
        return source.id().hashCode() * 31 + Long.hashCode(points);
    }

    @Override
    public String toString() {
        return "Contribution[" + event() + " " + type() + " " + points + " until " + expires() + "]";
    }
}
