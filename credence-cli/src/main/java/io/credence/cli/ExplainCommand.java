package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.dispute.DisputeService;
import io.credence.engine.Engine;
import io.credence.standing.EventOutcome;
import io.credence.standing.Explanation;
import io.credence.standing.ListEntry;
import io.credence.standing.Standing;
import io.credence.standing.TierProgress;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence explain SUBJECT [--at T] [--json]}: the standing in plain sentences. */
@Command(name = "explain", description = "Every event of a subject and what it did, lists, and the next tier.")
final class ExplainCommand extends BaseCommand {
    @Parameters(paramLabel = "SUBJECT")
    String subject;

    @Option(names = "--at", paramLabel = "T", converter = Main.InstantConverter.class,
            description = "An RFC 3339 instant (default: now).")
    Instant at;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        try (Engine engine = open(false)) {
            Explanation explanation = engine.explain(subject, atOrNow(at));
            DisputeService disputes = new DisputeService(engine);
            if (json) {
                java.util.Map<String, Object> body = ResultJson.explanation(explanation);
                java.util.List<?> events = (java.util.List<?>) body.get("events");
                var open = disputes.openDisputes(subject);
                for (int i = 0; i < events.size(); i++) {
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> event = (java.util.Map<String, Object>) events.get(i);
                    var d = open.get(explanation.events().get(i).event().key());
                    if (d != null) {
                        event.put("dispute", DisputeService.json(d));
                    }
                }
                printJson(body);
            } else {
                print(out(), explanation, engine.requireRulebook().score().base(), disputes.openDisputes(subject));
            }
            return Main.OK;
        }
    }

    static void print(PrintWriter out, Explanation explanation, long base,
            java.util.Map<io.credence.event.EventKey, io.credence.dispute.Dispute> openDisputes) {
        Standing s = explanation.standing();
        out.printf("%s has %d points, tier %s, on %s under rulebook %s v%d.%n", s.subject(), s.score(), s.tier(),
                s.at(), s.rulebook().name(), s.rulebook().version());
        out.printf("Everyone starts at %d; the events below move the score from there.%n", base);
        out.println();
        if (explanation.events().isEmpty()) {
            out.println("No events are recorded for " + s.subject() + " up to this time.");
        } else {
            out.println("Events:");
            for (EventOutcome outcome : explanation.events()) {
                out.println("  - " + outcome.sentence());
                var d = openDisputes.get(outcome.event().key());
                if (d != null) {
                    out.println("    Disputed since " + d.opened() + (d.deadline() == null ? ""
                            : " (to be verified by " + d.deadline() + ", or it is retracted)") + ": \""
                            + d.statement() + "\"");
                }
            }
        }
        out.println();
        if (explanation.listEntries().isEmpty()) {
            out.println("Lists: on none.");
        } else {
            out.println("Lists:");
            for (ListEntry entry : explanation.listEntries()) {
                out.printf("  - On %s (%s) since %s because of %s (%s), until %s at the latest.%s%s%n", entry.list(),
                        entry.description(), entry.since(), entry.basis(), entry.basisType(), entry.until(),
                        entry.liftedBy() == null ? "" : " It is lifted by " + entry.liftedBy() + ".",
                        entry.effectiveAt(s.at()) ? "" : " Pending: it affects decisions only from "
                                + entry.effectiveFrom() + ".");
            }
        }
        out.println();
        TierProgress progress = explanation.progress();
        if (progress.nextTier() == null) {
            out.println("Tier " + s.tier() + " is the top tier.");
        } else {
            out.printf("Next tier up: %s, %d points away.%n", progress.nextTier(), progress.pointsToNextTier());
        }
        for (TierProgress.Expiry expiry : progress.expiries()) {
            out.printf("  On %s, %+d from %s (%s) stops counting.%n", expiry.on(), expiry.points(),
                    expiry.contribution().type(), expiry.contribution().event());
        }
    }
}
