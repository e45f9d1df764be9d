package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.decision.Decision;
import io.credence.engine.Engine;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence check SUBJECT DOMAIN [--at T] [--json]}: a decision, recorded in the ledger. */
@Command(name = "check", description = "May SUBJECT use DOMAIN? A decision with reasons and benefits.")
final class CheckCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SUBJECT")
    String subject;

    @Parameters(index = "1", paramLabel = "DOMAIN")
    String domain;

    @Option(names = "--at", paramLabel = "T", converter = Main.InstantConverter.class,
            description = "An RFC 3339 instant (default: now).")
    Instant at;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        try (Engine engine = open(false)) {
            Decision d = engine.check(subject, domain, atOrNow(at), "operator:cli");
            if (json) {
                printJson(ResultJson.decision(d, true));
                return Main.OK;
            }
            out().printf("%s: %s may %suse %s (decision %s, score %d, tier %s)%n", d.allowed() ? "allowed" : "denied",
                    d.subject(), d.allowed() ? "" : "not ", d.domain(), d.id(), d.score(), d.tier());
            for (String reason : d.reasons()) {
                out().println("  reason: " + reason);
            }
            for (String benefit : d.benefits()) {
                out().println("  benefit: " + benefit);
            }
            for (Decision.RuleFailure failure : d.failures()) {
                out().println("  rule failed: " + failure.rule() + ": " + failure.error());
            }
            return Main.OK;
        }
    }
}
