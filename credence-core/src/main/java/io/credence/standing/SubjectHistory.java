package io.credence.standing;

import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import io.credence.rulebook.Rulebook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything recorded about one subject that a standing depends on: their events in key order
 * (retracted ones included), the retractions, and when the ledger acknowledged each event (for
 * notice periods).
 *
 * <p>Immutable and thread-safe. It caches, per rulebook, what about its events does not depend on
 * the time asked ({@link PreparedHistory}), so a subject's standing at many instants, or again and
 * again as a service answers decisions, costs one walk over primitive arrays.
 */
public final class SubjectHistory {
    private final String subject;
    private final List<Event> events;
    /** Each event's instant in epoch nanoseconds, in the same order: read once, while sorting. */
    private final long[] atNanos;
    private final Map<EventKey, Retraction> retractions;
    private final Map<EventKey, Instant> recorded;
    private final Map<EventKey, Instant> repairs;
    private volatile PreparedHistory prepared;

    public SubjectHistory(String subject, List<Event> events, Map<EventKey, Retraction> retractions,
            Map<EventKey, Instant> recorded) {
        this(subject, events, retractions, recorded, Map.of());
    }

    /**
     * @param repairs for each event whose repair a reviewer approved, when: its contribution counts
     *     only before that instant (spec section 5)
     */
    public SubjectHistory(String subject, List<Event> events, Map<EventKey, Retraction> retractions,
            Map<EventKey, Instant> recorded, Map<EventKey, Instant> repairs) {
        this.subject = Objects.requireNonNull(subject, "subject");
        long[] at = new long[events.size()];
        this.events = sorted(events, at);
        this.atNanos = at;
        this.retractions = Map.copyOf(retractions);
        this.recorded = Map.copyOf(recorded);
        this.repairs = Map.copyOf(repairs);
    }

    private SubjectHistory(SubjectHistory base, Map<EventKey, Instant> repairs) {
        this.subject = base.subject;
        this.events = base.events;
        this.atNanos = base.atNanos;
        this.retractions = base.retractions;
        this.recorded = base.recorded;
        this.repairs = Map.copyOf(repairs);
    }

    /** The same history with approved repairs added. */
    public SubjectHistory withRepairs(Map<EventKey, Instant> approved) {
        return approved.isEmpty() ? this : new SubjectHistory(this, approved);
    }

    public static SubjectHistory of(String subject, List<Event> events) {
        return new SubjectHistory(subject, events, Map.of(), Map.of());
    }

    public String subject() {
        return subject;
    }

    /** In key order {@code (at, source, id)}. */
    public List<Event> events() {
        return events;
    }

    public Map<EventKey, Retraction> retractions() {
        return retractions;
    }

    public Map<EventKey, Instant> recorded() {
        return recorded;
    }

    /** Approved repairs: event to the instant its contribution stopped counting. */
    public Map<EventKey, Instant> repairs() {
        return repairs;
    }

    /** Event {@code i}'s instant in epoch nanoseconds; shared, never written after construction. */
    long[] atNanos() {
        return atNanos;
    }

    PreparedHistory prepared(Rulebook rulebook) {
        PreparedHistory p = prepared;
        if (p == null || p.rulebook() != rulebook) {
            p = new PreparedHistory(rulebook, this);
            prepared = p;
        }
        return p;
    }

    /** Runs up to this size are sorted by insertion; longer ones by merging sorted halves. */
    private static final int INSERTION_SORT = 32;

    /**
     * The events in key order, and their instants into {@code at} in that order. The instants are
     * read once into the primitive array and compared there (comparing through each event's
     * {@code Instant} costs a cache miss per comparison); source and id only on equal instants.
     * Stable; an already ordered history costs one pass.
     */
    private static List<Event> sorted(List<Event> events, long[] at) {
        Event[] out = events.toArray(new Event[0]);
        int n = out.length;
        for (int i = 0; i < n; i++) {
            at[i] = io.credence.time.Instants.toNanos(out[i].at());
        }
        if (n <= INSERTION_SORT) {
            insertionSort(out, at, 0, n);
        } else {
            mergeSort(out, at, new Event[n], new long[n], 0, n);
        }
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(out)); // no second copy
    }

    /** Whether the event at {@code i} comes after the one at {@code j} in key order. */
    private static boolean after(Event[] e, long[] at, int i, int j) {
        return at[i] > at[j] || (at[i] == at[j] && Event.ORDER.compare(e[i], e[j]) > 0);
    }

    private static void insertionSort(Event[] e, long[] at, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            Event event = e[i];
            long t = at[i];
            int j = i - 1;
            while (j >= from && (at[j] > t || (at[j] == t && Event.ORDER.compare(e[j], event) > 0))) {
                e[j + 1] = e[j];
                at[j + 1] = at[j];
                j--;
            }
            e[j + 1] = event;
            at[j + 1] = t;
        }
    }

    private static void mergeSort(Event[] e, long[] at, Event[] scratch, long[] scratchAt, int from, int to) {
        if (to - from <= INSERTION_SORT) {
            insertionSort(e, at, from, to);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(e, at, scratch, scratchAt, from, mid);
        mergeSort(e, at, scratch, scratchAt, mid, to);
        if (!after(e, at, mid - 1, mid)) {
            return; // the halves are already in order (always, for a history read in time order)
        }
        System.arraycopy(e, from, scratch, from, to - from);
        System.arraycopy(at, from, scratchAt, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && !after(scratch, scratchAt, i, j))) {
                e[k] = scratch[i];
                at[k] = scratchAt[i++];
            } else {
                e[k] = scratch[j];
                at[k] = scratchAt[j++];
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectHistory other && subject.equals(other.subject) && events.equals(other.events)
                && retractions.equals(other.retractions) && recorded.equals(other.recorded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, events, retractions);
    }

    @Override
    public String toString() {
        return "SubjectHistory[" + subject + ", " + events.size() + " events]";
    }
}
