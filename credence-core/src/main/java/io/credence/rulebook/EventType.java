package io.credence.rulebook;

import io.credence.time.IsoDuration;
import java.util.List;

/**
 * A declared event type. {@code points}, {@code when}, {@code expires}, {@code cap} and
 * {@code repairAfter} are null when the rulebook leaves them out; a type without points is recorded
 * and moves lists but never the score. Immutable.
 */
public record EventType(
        String name,
        Category category,
        List<String> sources,
        Points points,
        Expression when,
        IsoDuration expires,
        Cap cap,
        boolean supersede,
        IsoDuration repairAfter) {

    public EventType {
        sources = List.copyOf(sources);
    }

    public boolean scores() {
        return points != null;
    }

    /** Whether evaluating this type needs the event's data (CEL), as opposed to a constant. */
    public boolean needsData() {
        return when != null || points instanceof Points.Computed;
    }
}
