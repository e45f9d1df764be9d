package io.credence.transparency;

import io.credence.codec.Json;
import io.credence.engine.Engine;
import io.credence.event.Event;
import io.credence.ledger.Ledger;
import io.credence.ledger.StoredRecord;
import io.credence.rulebook.EventType;
import io.credence.rulebook.ListDefinition;
import io.credence.rulebook.Rulebook;
import io.credence.standing.SubjectHistory;
import io.credence.time.Instants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public transparency report: per calendar month (UTC), events by category, list entries and
 * exits per list, decisions per domain and outcome, disputes opened, upheld, overturned and expired
 * with the median days to resolution, reports received, accepted and rejected, repairs requested,
 * approved and rejected, reviews requested, granted (overrides) and declined. Aggregates only, and any count below 5 is shown as "&lt;5" so that no one can be picked
 * out. It reads the whole ledger, so it is meant to be cached or run now and then, not per request.
 */
public final class Transparency {
    /** Counts below this are suppressed. */
    public static final int SUPPRESS_BELOW = 5;

    private Transparency() {}

    public static Map<String, Object> report(Engine engine) {
        Ledger ledger = engine.ledger();
        Rulebook rulebook = engine.requireRulebook();
        Map<String, Map<String, Long>> months = new TreeMap<>();
        Map<String, List<Double>> resolutionDays = new TreeMap<>();
        Instant now = engine.clock().instant();
        engine.forEachHistory(false, history -> countEvents(rulebook, history, now, months));
        for (StoredRecord r : ledger.records("decision", null)) {
            Map<String, Object> d = Json.object(r.body());
            bump(months, r.recorded(), "decisions." + d.get("domain") + "."
                    + (Boolean.TRUE.equals(d.get("allowed")) ? "allowed" : "denied"));
        }
        Map<String, Instant> opened = new TreeMap<>();
        for (StoredRecord r : ledger.records("dispute", null)) {
            bump(months, r.recorded(), "disputes.opened");
            opened.put(r.ref(), r.recorded());
        }
        for (StoredRecord r : ledger.records("dispute-resolution", null)) {
            Map<String, Object> b = Json.object(r.body());
            bump(months, r.recorded(), "disputes." + b.get("outcome"));
            Instant start = opened.get(r.ref());
            if (start != null) {
                resolutionDays.computeIfAbsent(month(r.recorded()), k -> new ArrayList<>())
                        .add(Duration.between(start, r.recorded()).toMinutes() / 1440.0);
            }
        }
        for (StoredRecord r : ledger.records("report", null)) {
            bump(months, r.recorded(), "reports.received");
        }
        for (StoredRecord r : ledger.records("report-decision", null)) {
            bump(months, r.recorded(), "reports." + Json.object(r.body()).get("outcome"));
        }
        for (StoredRecord r : ledger.records("repair", null)) {
            bump(months, r.recorded(), "repairs.requested");
        }
        for (StoredRecord r : ledger.records("repair-decision", null)) {
            bump(months, r.recorded(), "repairs." + Json.object(r.body()).get("outcome"));
        }
        for (StoredRecord r : ledger.records("review-request", null)) {
            bump(months, r.recorded(), "reviews.requested");
        }
        for (StoredRecord r : ledger.records("review-resolution", null)) {
            bump(months, r.recorded(), "reviews." + Json.object(r.body()).get("outcome"));
        }
        Map<String, Object> out = new TreeMap<>();
        months.forEach((month, counts) -> {
            Map<String, Object> shown = new TreeMap<>();
            counts.forEach((key, n) -> shown.put(key, n < SUPPRESS_BELOW ? "<" + SUPPRESS_BELOW : n));
            List<Double> days = resolutionDays.get(month);
            if (days != null && days.size() >= SUPPRESS_BELOW) {
                days.sort(null);
                shown.put("disputes.median_days_to_resolution", Math.round(days.get(days.size() / 2) * 10) / 10.0);
            }
            out.put(month, shown);
        });
        return Map.of("rulebook", Map.of("name", rulebook.name(), "version", rulebook.version()), "suppressed_below",
                SUPPRESS_BELOW, "months", out);
    }

    /**
     * Events by category; and per list, entries when they start and exits when they end, whether a
     * matching leave event lifted them or their {@code max_duration} ran out (retracted entries are
     * neither).
     */
    private static void countEvents(Rulebook rulebook, SubjectHistory history, Instant now,
            Map<String, Map<String, Long>> months) {
        for (Event e : history.events()) {
            EventType type = rulebook.type(e.type());
            bump(months, e.at(), "events." + (type == null ? "unknown" : type.category().wireName()));
            if (history.retractions().containsKey(e.key())) {
                continue;
            }
            for (ListDefinition list : rulebook.lists().values()) {
                if (!list.enter().equals(e.type())) {
                    continue;
                }
                bump(months, e.at(), "lists." + list.name() + ".entries");
                Instant exit = Instants.fromNanos(list.maxDuration().addTo(Instants.toNanos(e.at())));
                for (Event leave : history.events()) {
                    if (leave.type().equals(list.leave()) && !leave.at().isBefore(e.at()) && leave.at().isBefore(exit)
                            && !history.retractions().containsKey(leave.key()) && list.matches(e, leave)) {
                        exit = leave.at();
                        break;
                    }
                }
                if (!exit.isAfter(now)) {
                    bump(months, exit, "lists." + list.name() + ".exits");
                }
            }
        }
    }

    private static void bump(Map<String, Map<String, Long>> months, Instant at, String key) {
        months.computeIfAbsent(month(at), k -> new TreeMap<>()).merge(key, 1L, Long::sum);
    }

    private static String month(Instant at) {
        return at.toString().substring(0, 7);
    }
}
