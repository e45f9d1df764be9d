package io.credence.standing;

import io.credence.event.Event;
import io.credence.rulebook.Cap;
import io.credence.rulebook.EvaluationException;
import io.credence.rulebook.EventType;
import io.credence.rulebook.Rulebook;
import io.credence.time.Instants;
import java.time.Instant;

/**
 * What a standing needs from a subject's events that does not depend on the time asked: each
 * event's instant, expiry and cap window in epoch nanoseconds, its raw points (CEL evaluated once),
 * and whether it is retracted. Built once per (history, rulebook); immutable after construction, and
 * so safe to share between threads.
 */
final class PreparedHistory {
    static final byte SCORES = 0;
    static final byte CONDITION_FALSE = 1;
    static final byte ERROR = 2;
    static final byte NO_POINTS = 3;
    static final byte UNKNOWN_TYPE = 4;
    static final byte RETRACTED = 5;

    private final Rulebook rulebook;
    /** Each event's type index in the rulebook ({@link Rulebook#typeAt}), -1 for an undeclared type. */
    final int[] typeIndex;
    final long[] at;
    final long[] expires;
    /** Each capped event's cap window; null when no event has a capped type. */
    final long[] window;
    final long[] raw;
    final byte[] state;
    final String[] errors;
    final boolean mayBeListed;

    PreparedHistory(Rulebook rulebook, SubjectHistory history) {
        this.rulebook = rulebook;
        int n = history.events().size();
        typeIndex = new int[n];
        at = history.atNanos(); // read while sorting; neither side writes it again
        expires = new long[n];
        long[] windows = null;
        raw = new long[n];
        state = new byte[n];
        String[] errorText = null;
        boolean listed = false;
        boolean anyRetracted = !history.retractions().isEmpty();
        for (int i = 0; i < n; i++) {
            Event event = history.events().get(i);
            // One hash lookup per event; everything else about the type is read by index.
            int index = rulebook.typeIndex(event.type());
            EventType type = index < 0 ? null : rulebook.typeAt(index);
            typeIndex[i] = index;
            if (anyRetracted && history.retractions().containsKey(event.key())) {
                state[i] = RETRACTED;
                continue;
            }
            if (type == null) {
                state[i] = UNKNOWN_TYPE;
                continue;
            }
            listed |= rulebook.entersAList(index);
            if (type.points() == null) {
                state[i] = NO_POINTS;
                continue;
            }
            try {
                Long points = Rulebook.rawPoints(type, event);
                if (points == null) {
                    state[i] = CONDITION_FALSE;
                    continue;
                }
                raw[i] = points;
            } catch (EvaluationException e) {
                state[i] = ERROR;
                if (errorText == null) {
                    errorText = new String[n];
                }
                errorText[i] = e.getMessage();
                continue;
            }
            expires[i] = type.expires().addTo(at[i]);
            Instant repaired = history.repairs().isEmpty() ? null : history.repairs().get(event.key());
            if (repaired != null) {
                // Repair ends the contribution from its approval on; history before it is unchanged.
                expires[i] = Math.min(expires[i], Instants.toNanos(repaired));
            }
            Cap cap = type.cap();
            if (cap != null) {
                if (windows == null) {
                    windows = new long[n];
                }
                windows[i] = cap.per().window(at[i]);
            }
        }
        window = windows;
        errors = errorText;
        mayBeListed = listed;
    }

    Rulebook rulebook() {
        return rulebook;
    }
}
