package io.credence.ledger;

import java.time.Instant;

/** A rulebook as published in the ledger: its text, who published it and when. Immutable. */
public record PublishedRulebook(long seq, String name, long version, String yaml, String actor, Instant recorded) {}
