package io.credence.cli;

import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.review.ReviewService;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credence reviews request|list|resolve}: human review of denials from the command line. */
@Command(name = "reviews", description = "Human review of denials: request, list, grant or decline.",
        subcommands = {ReviewsCommand.Request.class, ReviewsCommand.ListReviews.class, ReviewsCommand.Resolve.class})
final class ReviewsCommand {

    static void print(BaseCommand command, List<Map<String, Object>> reviews) {
        command.printJson(ResultJson.ordered("reviews", reviews));
    }

    @Command(name = "request", description = "Ask, for a subject, for review of a decision that denied them.")
    static final class Request extends BaseCommand {
        @Parameters(index = "0", paramLabel = "SUBJECT")
        String subject;

        @Parameters(index = "1", paramLabel = "DECISION")
        String decision;

        @Option(names = "--statement", required = true, paramLabel = "TEXT")
        String statement;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                print(this, List.of(new ReviewService(engine).request(subject, decision, statement)));
                return Main.OK;
            }
        }
    }

    @Command(name = "list", description = "Review requests (JSON).")
    static final class ListReviews extends BaseCommand {
        @Option(names = "--open", description = "Only the unresolved.")
        boolean open;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                print(this, new ReviewService(engine).list(open));
                return Main.OK;
            }
        }
    }

    @Command(name = "resolve", description = "Grant an override until a date, or decline.")
    static final class Resolve extends BaseCommand {
        @Parameters(paramLabel = "DECISION")
        String decision;

        @Mixin
        ReviewerDecision verdict;

        @Option(names = "--valid-until", paramLabel = "T", description = "When the override ends (granted only).")
        String validUntil;

        @Override
        public Integer call() {
            try (Engine engine = open(false)) {
                print(this, List.of(new ReviewService(engine).resolve(decision, verdict.outcome, verdict.reason,
                        validUntil, verdict.by)));
                return Main.OK;
            }
        }
    }
}
