package io.credence.codec;

import io.credence.decision.Decision;
import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.rulebook.RulebookRef;
import io.credence.simulation.Simulation;
import io.credence.standing.Contribution;
import io.credence.standing.EventOutcome;
import io.credence.standing.Explanation;
import io.credence.standing.ListEntry;
import io.credence.standing.Standing;
import io.credence.standing.TierProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of spec section 4, built as ordered maps so that field order matches the spec.
 * Every CLI and HTTP answer goes through here, so the two never disagree. Stateless.
 */
public final class ResultJson {
    private ResultJson() {}

    public static Map<String, Object> standing(Standing standing) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", standing.subject());
        out.put("at", instant(standing.at()));
        out.put("score", standing.score());
        out.put("tier", standing.tier());
        out.put("rulebook", rulebook(standing.rulebook()));
        out.put("lists", standing.lists());
        List<Object> contributions = new ArrayList<>(standing.contributions().size());
        for (Contribution c : standing.contributions()) {
            contributions.add(contribution(c));
        }
        out.put("contributions", contributions);
        if (!standing.effectiveLists().equals(standing.lists())) {
            List<String> pending = new ArrayList<>(standing.lists());
            pending.removeAll(standing.effectiveLists());
            out.put("pending_lists", pending);
        }
        return out;
    }

    /**
     * The standing as compact JSON text, written directly: {@code scores} prints one per subject, and
     * building maps for Jackson cost more than the standing itself. Same text as
     * {@code Json.write(standing(s))}, which {@code ResultJsonTest} checks.
     */
    public static String standingText(Standing standing) {
        StringBuilder out = new StringBuilder(256 + 160 * standing.contributions().size());
        out.append("{\"subject\":");
        string(standing.subject(), out);
        out.append(",\"at\":\"");
        io.credence.time.Instants.append(standing.at(), out).append("\",\"score\":").append(standing.score())
                .append(",\"tier\":");
        string(standing.tier(), out);
        out.append(",\"rulebook\":{\"name\":");
        string(standing.rulebook().name(), out);
        out.append(",\"version\":").append(standing.rulebook().version()).append("},\"lists\":");
        strings(standing.lists(), out);
        out.append(",\"contributions\":[");
        boolean first = true;
        for (Contribution c : standing.contributions()) {
            out.append(first ? "" : ",").append("{\"event\":{\"source\":");
            first = false;
            EventKey key = c.event();
            string(key.source(), out);
            out.append(",\"id\":");
            string(key.id(), out);
            out.append("},\"type\":");
            string(c.type(), out);
            out.append(",\"at\":\"");
            io.credence.time.Instants.append(c.at(), out).append("\",\"points\":").append(c.points())
                    .append(",\"expires\":\"");
            io.credence.time.Instants.append(c.expires(), out).append("\"}");
        }
        out.append(']');
        if (!standing.effectiveLists().equals(standing.lists())) {
            List<String> pending = new ArrayList<>(standing.lists());
            pending.removeAll(standing.effectiveLists());
            out.append(",\"pending_lists\":");
            strings(pending, out);
        }
        return out.append('}').toString();
    }

    /**
     * The stored body of the notice of a denial: the same JSON as {@code Json.write} makes of the
     * map {@code {id, subject, kind: "decision-denied", at, text, details: {decision, domain,
     * asked_by, reasons}}}, written by hand as {@link #decisionText} is (a denial drafts one on the
     * decision's path, and Jackson's generator cost a microsecond of it), with the same one
     * difference: lower-case hex digits in the escape of a control character.
     */
    public static String deniedNoticeText(String id, String at, String text, Decision decision, String askedBy) {
        StringBuilder out = new StringBuilder(256 + text.length());
        out.append("{\"id\":");
        string(id, out);
        out.append(",\"subject\":");
        string(decision.subject(), out);
        out.append(",\"kind\":\"decision-denied\",\"at\":");
        string(at, out);
        out.append(",\"text\":");
        string(text, out);
        out.append(",\"details\":{\"decision\":");
        string(decision.id(), out);
        out.append(",\"domain\":");
        string(decision.domain(), out);
        out.append(",\"asked_by\":");
        string(askedBy, out);
        out.append(",\"reasons\":");
        strings(decision.reasons(), out);
        return out.append("}}").toString();
    }

    private static void strings(List<String> values, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(values.get(i), out);
        }
        out.append(']');
    }

    private static void string(String value, StringBuilder out) {
        io.credence.event.CanonicalJson.write(value, out);
    }

    public static Map<String, Object> decision(Decision decision, boolean full) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", decision.id());
        out.put("subject", decision.subject());
        out.put("domain", decision.domain());
        out.put("at", instant(decision.at()));
        out.put("allowed", decision.allowed());
        out.put("reasons", decision.reasons());
        out.put("benefits", decision.benefits());
        if (full) {
            out.put("score", decision.score());
            out.put("tier", decision.tier());
            out.put("lists", decision.lists());
            out.put("rulebook", rulebook(decision.rulebook()));
        }
        if (!decision.failures().isEmpty()) {
            List<Object> failures = new ArrayList<>();
            for (Decision.RuleFailure f : decision.failures()) {
                failures.add(ordered("rule", f.rule(), "error", f.error()));
            }
            out.put("failures", failures);
        }
        return out;
    }

    /**
     * The same JSON as {@code Json.write(decision(decision, full))}, with {@code asked_by_role}
     * last when {@code role} is not null, written straight from the decision as
     * {@link #standingText} writes a standing: every decision is written twice (its record, its
     * answer), and Jackson's generator cost 1.5-2 µs a text. The one difference from Jackson's text:
     * a control character without a short escape is escaped with lower-case hex digits ({@code 001f},
     * not {@code 001F}), as the ledger's canonical strings are: the same JSON value.
     */
    public static String decisionText(Decision decision, boolean full, String role) {
        StringBuilder out = new StringBuilder(384);
        out.append("{\"decision\":");
        string(decision.id(), out);
        out.append(",\"subject\":");
        string(decision.subject(), out);
        out.append(",\"domain\":");
        string(decision.domain(), out);
        out.append(",\"at\":\"");
        io.credence.time.Instants.append(decision.at(), out).append("\",\"allowed\":").append(decision.allowed())
                .append(",\"reasons\":");
        strings(decision.reasons(), out);
        out.append(",\"benefits\":");
        strings(decision.benefits(), out);
        if (full) {
            out.append(",\"score\":").append(decision.score()).append(",\"tier\":");
            string(decision.tier(), out);
            out.append(",\"lists\":");
            strings(decision.lists(), out);
            out.append(",\"rulebook\":{\"name\":");
            string(decision.rulebook().name(), out);
            out.append(",\"version\":").append(decision.rulebook().version()).append('}');
        }
        if (!decision.failures().isEmpty()) {
            out.append(",\"failures\":[");
            for (int i = 0; i < decision.failures().size(); i++) {
                Decision.RuleFailure f = decision.failures().get(i);
                out.append(i == 0 ? "{\"rule\":" : ",{\"rule\":");
                string(f.rule(), out);
                out.append(",\"error\":");
                string(f.error(), out);
                out.append('}');
            }
            out.append(']');
        }
        if (role != null) {
            out.append(",\"asked_by_role\":");
            string(role, out);
        }
        return out.append('}').toString();
    }

    public static Map<String, Object> explanation(Explanation explanation) {
        Map<String, Object> out = standing(explanation.standing());
        List<Object> events = new ArrayList<>();
        for (EventOutcome outcome : explanation.events()) {
            Map<String, Object> e = new LinkedHashMap<>();
            Event event = outcome.event();
            e.put("event", key(event.key()));
            e.put("type", event.type());
            e.put("at", instant(event.at()));
            e.put("effect", outcome.effect().name().toLowerCase(Locale.ROOT));
            putIfPresent(e, "raw_points", outcome.raw());
            putIfPresent(e, "points", outcome.points());
            putIfPresent(e, "expires", outcome.expires() == null ? null : instant(outcome.expires()));
            putIfPresent(e, "capped_in_window", outcome.capWindow());
            if (outcome.retraction() != null) {
                e.put("retraction", ordered("reason", outcome.retraction().reason(), "by", outcome.retraction().by(),
                        "recorded", instant(outcome.retraction().recorded())));
            }
            putIfPresent(e, "error", outcome.error());
            e.put("data", event.data());
            e.put("sentence", outcome.sentence());
            events.add(e);
        }
        out.put("events", events);
        List<Object> entries = new ArrayList<>();
        for (ListEntry entry : explanation.listEntries()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("list", entry.list());
            e.put("description", entry.description());
            e.put("basis", key(entry.basis()));
            e.put("type", entry.basisType());
            e.put("since", instant(entry.since()));
            e.put("until", instant(entry.until()));
            e.put("lifted_by", entry.liftedBy());
            e.put("effective_from", instant(entry.effectiveFrom()));
            e.put("effective", entry.effectiveAt(explanation.standing().at()));
            entries.add(e);
        }
        out.put("list_entries", entries);
        TierProgress progress = explanation.progress();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("next_tier", progress.nextTier());
        p.put("points_to_next_tier", progress.pointsToNextTier());
        List<Object> expiries = new ArrayList<>();
        for (TierProgress.Expiry expiry : progress.expiries()) {
            expiries.add(ordered("on", instant(expiry.on()), "points", expiry.points(), "event",
                    key(expiry.contribution().event()), "type", expiry.contribution().type()));
        }
        p.put("expiries", expiries);
        out.put("progress", p);
        return out;
    }

    public static Map<String, Object> simulation(Simulation.Report report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("published", rulebook(report.published()));
        out.put("candidate", rulebook(report.candidate()));
        out.put("at", instant(report.at()));
        out.put("subjects", report.subjects());
        out.put("scores_changed", report.scoresChanged());
        Map<String, Object> tiers = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(report.tierOrderAfter());
        for (String name : report.tierOrderBefore()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        for (String name : names) {
            tiers.put(name, ordered("before", report.tiersBefore().getOrDefault(name, 0L), "after",
                    report.tiersAfter().getOrDefault(name, 0L)));
        }
        out.put("tiers", tiers);
        Map<String, Object> transitions = new LinkedHashMap<>();
        for (String from : report.tierOrderBefore()) {
            Map<String, Long> row = report.transitions().get(from);
            if (row == null) {
                continue;
            }
            Map<String, Object> ordered = new LinkedHashMap<>();
            for (String to : report.tierOrderAfter()) {
                if (row.containsKey(to)) {
                    ordered.put(to, row.get(to));
                }
            }
            transitions.put(from, ordered);
        }
        out.put("transitions", transitions);
        Map<String, Object> lists = new LinkedHashMap<>();
        report.lists().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> lists.put(
                entry.getKey(), ordered("before", entry.getValue().before(), "after", entry.getValue().after(),
                        "entering", entry.getValue().entering(), "leaving", entry.getValue().leaving())));
        out.put("lists", lists);
        Map<String, Object> domains = new LinkedHashMap<>();
        report.domains().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> domains.put(
                entry.getKey(), ordered("allowed_before", entry.getValue().allowedBefore(), "allowed_after",
                        entry.getValue().allowedAfter(), "now_denied", entry.getValue().nowDenied(), "now_allowed",
                        entry.getValue().nowAllowed(), "flipped", entry.getValue().flipped())));
        out.put("decision_flips", domains);
        List<Object> moves = new ArrayList<>();
        for (Simulation.ScoreMove move : report.largestMoves()) {
            moves.add(ordered("subject", move.subject(), "before", move.before(), "after", move.after(), "delta",
                    move.delta(), "tier_before", move.tierBefore(), "tier_after", move.tierAfter()));
        }
        out.put("largest_moves", moves);
        out.put("histogram", ordered("width", io.credence.simulation.ScoreHistogram.WIDTH, "before",
                histogram(report.histogramBefore()), "after", histogram(report.histogramAfter())));
        return out;
    }

    /** A score histogram as {@code [[bucket, count], ...]}, ascending. */
    public static List<Object> histogram(Map<Long, Long> counts) {
        List<Object> out = new ArrayList<>(counts.size());
        counts.forEach((bucket, count) -> out.add(List.of(bucket, count)));
        return out;
    }

    public static Map<String, Object> key(EventKey key) {
        return ordered("source", key.source(), "id", key.id());
    }

    public static Map<String, Object> rulebook(RulebookRef ref) {
        return ordered("name", ref.name(), "version", ref.version());
    }

    public static String instant(Instant instant) {
        return io.credence.time.Instants.append(instant, new StringBuilder(30)).toString();
    }

    /** Builds an ordered map from alternating keys and values. */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static Map<String, Object> contribution(Contribution c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", key(c.event()));
        out.put("type", c.type());
        out.put("at", instant(c.at()));
        out.put("points", c.points());
        out.put("expires", instant(c.expires()));
        return out;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
