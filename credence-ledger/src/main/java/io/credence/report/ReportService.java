package io.credence.report;

import io.credence.BadInputException;
import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.engine.IngestReport;
import io.credence.ledger.Ledger;
import io.credence.ledger.StoredRecord;
import io.credence.rulebook.EventType;
import io.credence.rulebook.Rulebook;
import io.credence.time.Instants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Reports by the public, kept as ledger records ({@code report}, then {@code report-decision}).
 * Abuse limits, each refused with a message saying which: {@code process.reports.daily_limit}
 * reports per reporter per UTC day (0, the default, means the rulebook takes no reports); a reporter
 * with at least 70% of their last 10 reviewed reports rejected may file one a week; the same
 * reporter, subject and type again within 30 days is refused; so are reports about oneself.
 * Thread-safe enough for its use: the limits are checked, then the record appended; two reports
 * racing past a limit at the same instant is the accepted compromise.
 */
public final class ReportService {
    static final String REPORT = "report";
    static final String DECISION = "report-decision";
    public static final String SOURCE = "reports";

    private final Engine engine;
    private final Ledger ledger;

    public ReportService(Engine engine) {
        this.engine = engine;
        this.ledger = engine.ledger();
    }

    public Report file(String reporter, String subject, String type, String at, String description, String evidence) {
        Rulebook rulebook = engine.requireRulebook();
        if (subject == null || subject.isBlank()) {
            throw new BadInputException("subject", "is required");
        }
        if (subject.equals(reporter)) {
            throw new BadInputException("subject", "a report about oneself is refused");
        }
        EventType eventType = type == null ? null : rulebook.type(type);
        if (eventType == null) {
            throw new BadInputException("type", "\"" + type + "\" is not an event type of rulebook " + rulebook);
        }
        if (!eventType.sources().contains(SOURCE)) {
            throw new BadInputException("type", "\"" + type + "\" does not accept reports: its sources do not include \""
                    + SOURCE + "\"");
        }
        Instant when;
        try {
            when = Instants.parse(at);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("at", e.getMessage());
        }
        Instant now = engine.clock().instant();
        if (when.isAfter(now.plusSeconds(300))) {
            throw new BadInputException("at", "must not be in the future");
        }
        if (description == null || description.isBlank() || description.length() > 5_000) {
            throw new BadInputException("description", "is required, at most 5,000 characters");
        }
        int dailyLimit = rulebook.process().reportsDailyLimit();
        if (dailyLimit == 0) {
            throw new InvalidStateException("the published rulebook takes no reports (process.reports.daily_limit is 0)");
        }
        List<Report> mine = byReporter(reporter);
        long today = Instants.toNanos(now) / 86_400_000_000_000L;
        long filedToday = mine.stream().filter(r -> Instants.toNanos(r.filed()) / 86_400_000_000_000L == today).count();
        if (filedToday >= dailyLimit) {
            throw new InvalidStateException("daily limit reached: " + dailyLimit + " reports a day per reporter");
        }
        List<Report> reviewed = mine.stream().filter(r -> r.status() != Report.Status.PENDING).toList();
        List<Report> lastTen = reviewed.subList(Math.max(0, reviewed.size() - 10), reviewed.size());
        long rejected = lastTen.stream().filter(r -> r.status() == Report.Status.REJECTED).count();
        // "At least 70% of their last 10 reviewed reports": 7 of the last 10, so a handful of early
        // rejections does not silence a new reporter.
        if (rejected >= 7 && mine.stream().anyMatch(r -> r.filed().isAfter(now.minus(Duration.ofDays(7))))) {
            throw new InvalidStateException("most of this reporter's recent reports were rejected: one report a week");
        }
        if (mine.stream().anyMatch(r -> r.subject().equals(subject) && r.type().equals(type)
                && r.filed().isAfter(now.minus(Duration.ofDays(30))))) {
            throw new InvalidStateException("this reporter reported " + subject + " for " + type
                    + " within the last 30 days");
        }
        String id = "rpt-" + UUID.randomUUID().toString().substring(0, 13);
        Map<String, Object> body = ResultJson.ordered("id", id, "reporter", reporter, "subject", subject, "type", type,
                "at", when.toString(), "description", description, "evidence", evidence, "filed", now.toString());
        ledger.appendRecord(REPORT, id, subject, Json.write(body), "subject:" + reporter);
        return new Report(id, reporter, subject, type, when, description, evidence, now, Report.Status.PENDING, null,
                null);
    }

    /**
     * Accepts or rejects a pending report. Accepting records an event of the report's type from
     * source {@code reports} (with the report and the reviewer in its data), checked like any event.
     */
    public Report decide(String id, String outcome, String reason, String reviewer) {
        Report.Status status = switch (outcome == null ? "" : outcome) {
            case "accepted" -> Report.Status.ACCEPTED;
            case "rejected" -> Report.Status.REJECTED;
            default -> throw new BadInputException("outcome", "must be accepted or rejected; got "
                    + (outcome == null ? "nothing" : "\"" + outcome + "\""));
        };
        if (reason == null || reason.isBlank()) {
            throw new BadInputException("reason", "is required: every decision says why");
        }
        Report report = get(id);
        if (report.status() != Report.Status.PENDING) {
            throw new InvalidStateException("report " + id + " was decided already ("
                    + report.status().name().toLowerCase(Locale.ROOT) + ")");
        }
        if (status == Report.Status.ACCEPTED) {
            String line = Json.write(ResultJson.ordered("id", id, "source", SOURCE, "subject", report.subject(),
                    "type", report.type(), "at", report.at().toString(), "data", ResultJson.ordered("report", id,
                            "description", report.description(), "reviewer", reviewer)));
            IngestReport ingested = engine.ingest(List.of(line).iterator(), n -> { }, SOURCE);
            if (ingested.rejected() > 0) {
                throw new BadInputException("report", "cannot become an event: " + ingested.errors().get(0).error());
            }
        }
        Instant now = engine.clock().instant();
        ledger.appendRecord(DECISION, id, report.subject(), Json.write(ResultJson.ordered("id", id, "outcome",
                outcome, "reason", reason, "by", reviewer, "at", now.toString())), reviewer);
        if (status == Report.Status.ACCEPTED) {
            // The reported subject learns what was recorded and why, never who reported it.
            new io.credence.notice.NoticeService(engine).notify(report.subject(), "report-decided",
                    "A report about you (" + report.type() + " on " + report.at() + ") was accepted and recorded: "
                            + reason + ". You may dispute it.",
                    ResultJson.ordered("report", id, "type", report.type(), "outcome", outcome, "reason", reason));
        }
        new io.credence.notice.NoticeService(engine).notify(report.reporter(), "report-decided", "Your report "
                + id + " was " + outcome + ": " + reason + ".", ResultJson.ordered("report", id, "outcome", outcome,
                        "reason", reason));
        return new Report(id, report.reporter(), report.subject(), report.type(), report.at(), report.description(),
                report.evidence(), report.filed(), status, reviewer, reason);
    }

    public Report get(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("no report " + id));
    }

    /** Reports with the given status (null for all), oldest first. */
    public List<Report> list(Report.Status status) {
        return all().stream().filter(r -> status == null || r.status() == status)
                .sorted(Comparator.comparing(Report::filed)).toList();
    }

    /** Reports filed by one reporter, oldest first. */
    public List<Report> byReporter(String reporter) {
        return all().stream().filter(r -> r.reporter().equals(reporter)).sorted(Comparator.comparing(Report::filed))
                .toList();
    }

    private List<Report> all() {
        Map<String, Map<String, Object>> decisions = new HashMap<>();
        for (StoredRecord r : ledger.records(DECISION, null)) {
            decisions.put(r.ref(), Json.object(r.body()));
        }
        List<Report> out = new ArrayList<>();
        for (StoredRecord r : ledger.records(REPORT, null)) {
            Map<String, Object> b = Json.object(r.body());
            Map<String, Object> d = decisions.get(r.ref());
            out.add(new Report(r.ref(), (String) b.get("reporter"), (String) b.get("subject"), (String) b.get("type"),
                    Instant.parse((String) b.get("at")), (String) b.get("description"), (String) b.get("evidence"),
                    Instant.parse((String) b.get("filed")),
                    d == null ? Report.Status.PENDING
                            : Report.Status.valueOf(((String) d.get("outcome")).toUpperCase(Locale.ROOT)),
                    d == null ? null : (String) d.get("by"), d == null ? null : (String) d.get("reason")));
        }
        return out;
    }

    /**
     * The report as JSON. {@code withReporter} is for reviewers and the reporter; the reported
     * subject never sees who reported them.
     */
    public static Map<String, Object> json(Report r, boolean withReporter) {
        Map<String, Object> out = ResultJson.ordered("id", r.id());
        if (withReporter) {
            out.put("reporter", r.reporter());
        }
        out.putAll(ResultJson.ordered("subject", r.subject(), "type", r.type(), "at", r.at().toString(),
                "description", r.description(), "evidence", r.evidence(), "filed", r.filed().toString(), "status",
                r.status().name().toLowerCase(Locale.ROOT), "reviewer", r.reviewer(), "reason", r.reason()));
        return out;
    }
}
