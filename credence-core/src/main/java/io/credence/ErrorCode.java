package io.credence;

/** Stable error codes; their names appear in problem+json types and never change meaning. */
public enum ErrorCode {
    /** An event broke a rule of spec section 1, or its points could not be evaluated. */
    EVENT_REJECTED,
    /** The same (source, id) was recorded before with different content. */
    EVENT_CONFLICT,
    /** A rulebook broke a rule of spec section 2. */
    RULEBOOK_REJECTED,
    /** No rulebook has been published yet. */
    NO_RULEBOOK,
    /** A domain that the rulebook does not declare. */
    UNKNOWN_DOMAIN,
    /** Something named (an event, a decision, a subject) does not exist. */
    NOT_FOUND,
    /** The request is well formed but not allowed in the current state (a second retraction). */
    INVALID_STATE,
    /** The store is missing, foreign, corrupted or written by a newer version. */
    STORE_UNAVAILABLE,
    /** A value given by the caller is malformed (a bad instant, a bad option). */
    BAD_INPUT
}
