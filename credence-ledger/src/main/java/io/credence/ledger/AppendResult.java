package io.credence.ledger;

import java.util.List;

/**
 * What became of each event of a batch, in the batch's order. {@code conflicts} holds, for each
 * conflicting event, its index and a message. Immutable.
 */
public record AppendResult(int accepted, int duplicates, List<Conflict> conflicts) {
    public AppendResult {
        conflicts = List.copyOf(conflicts);
    }

    /** The event at {@code index} of the batch reuses an existing (source, id) with different content. */
    public record Conflict(int index, String message) {}
}
