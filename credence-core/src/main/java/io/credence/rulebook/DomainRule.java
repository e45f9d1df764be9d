package io.credence.rulebook;

/**
 * One rule of a domain: a condition and, for a deny rule, the reason given to the subject, or for a
 * grant rule, the benefit. {@code path} locates it ({@code domains.air-travel.deny[0]}). Immutable.
 */
public record DomainRule(String path, Expression when, String text) {}
