package io.credence.keys;

import java.time.Instant;

/** A key as stored: its label, role, when it was created, and whether it is revoked. Never the key itself. */
public record ApiKey(String label, Role role, Instant created, boolean revoked) {}
