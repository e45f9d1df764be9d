package io.credence.ledger;

/**
 * The result of checking the whole hash chain: how many entries were checked, the head hash (which
 * an operator can publish elsewhere to anchor the chain), and the first bad entry, if any. Immutable.
 */
public record Verification(long entries, String headHash, Long firstBadSeq, String problem) {
    public boolean intact() {
        return problem == null;
    }
}
