package io.credence.ledger;

import java.time.Instant;

/**
 * A ledger entry of a kind the core does not model as its own table (decisions, and later disputes,
 * reports, keys): its kind, a reference unique within the kind, the subject it concerns, a JSON body,
 * who recorded it and when. Immutable.
 */
public record StoredRecord(long seq, String kind, String ref, String subject, String body, String actor,
        Instant recorded) {}
