package io.credence.cli;

import picocli.CommandLine.Option;

/** The options every reviewer's decision takes (disputes, reports, repairs, reviews): a picocli mixin. */
final class ReviewerDecision {
    @Option(names = "--outcome", required = true, paramLabel = "O", description = "The outcome (see the command).")
    String outcome;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; kept in the ledger.")
    String reason;

    @Option(names = "--by", defaultValue = "reviewer:cli", paramLabel = "WHO", description = "Who decides.")
    String by;
}
