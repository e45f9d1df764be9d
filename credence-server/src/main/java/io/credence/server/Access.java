package io.credence.server;

import java.util.Set;

/**
 * Who may call a route. {@code SUBJECT_SELF} admits a subject key for its own id only (any other id
 * answers 404, so a subject never learns whether someone else exists). A provider's domain and a
 * source's own events are checked by the handler, which knows the body.
 */
enum Access {
    PUBLIC, OPERATOR, REVIEWER, SOURCE, PROVIDER, SUBJECT_SELF;

    static final Set<Access> NONE = Set.of();
}
