package io.credence.standing;

import io.credence.event.Event;
import io.credence.event.Retraction;
import java.time.Instant;

/**
 * What one event did at the time asked, with everything needed to say why. {@code raw} is the points
 * before the cap, {@code points} what it contributed (counted or not), {@code expires} when it stops
 * counting; {@code capWindow} names the cap window when the cap cut it; {@code error} holds an
 * evaluation error. Fields that do not apply are null. Immutable.
 */
public record EventOutcome(Event event, Effect effect, Long raw, Long points, Instant expires, String capWindow,
        Retraction retraction, String error) {

    /** Whether the cap changed this event's points. */
    public boolean capped() {
        return capWindow != null;
    }

    /** One plain sentence for the subject. */
    public String sentence() {
        String what = event.type() + " (" + event.source() + "/" + event.id() + ") on " + event.at();
        String capNote = capped() ? ", capped from " + signed(raw) + " because the " + capWindow
                + " window was full" : "";
        return switch (effect) {
            case COUNTED -> what + ": " + signed(points) + " points" + capNote + ", counting until " + expires + ".";
            case EXPIRED -> what + ": contributed " + signed(points) + capNote + " until it expired on " + expires + ".";
            case ZERO -> what + ": 0 points" + capNote + ".";
            case CONDITION_FALSE -> what + ": 0 points, because the rule's condition does not hold for it.";
            case SUPERSEDED -> what + ": 0 points, replaced by a later " + event.type() + ".";
            case RETRACTED -> what + ": does not count; retracted on " + retraction.recorded() + " by "
                    + retraction.by() + ": " + retraction.reason();
            case NO_POINTS -> what + ": recorded; this type carries no points.";
            case EVALUATION_ERROR -> what + ": 0 points, because the rule could not be evaluated: " + error;
            case UNKNOWN_TYPE -> what + ": 0 points; the rulebook no longer has this type.";
        };
    }

    static String signed(long value) {
        return value > 0 ? "+" + value : Long.toString(value);
    }
}
