package io.credence.notice;

import java.time.Instant;
import java.util.Map;

/**
 * One message in a subject's inbox: what happened ({@code kind}), a sentence for the subject, and
 * the facts behind it. Kinds: {@code listed}, {@code delisted}, {@code tier-changed},
 * {@code decision-denied}, {@code dispute-resolved}, {@code report-decided}. Immutable.
 */
public record Notice(String id, String subject, String kind, Instant at, String text, Map<String, Object> details) {
    public Notice {
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details)); // may hold nulls
    }
}
