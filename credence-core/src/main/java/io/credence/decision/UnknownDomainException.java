package io.credence.decision;

import io.credence.CredenceException;
import io.credence.ErrorCode;

/** A decision was asked for a domain the rulebook does not declare: an error, not a denial. */
public final class UnknownDomainException extends CredenceException {
    private static final long serialVersionUID = 1L;

    public UnknownDomainException(String domain, String rulebook) {
        super(ErrorCode.UNKNOWN_DOMAIN, "domain \"" + domain + "\" is not declared in rulebook " + rulebook);
    }
}
