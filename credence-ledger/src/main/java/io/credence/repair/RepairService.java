package io.credence.repair;

import io.credence.BadInputException;
import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.ledger.Ledger;
import io.credence.ledger.StoredRecord;
import io.credence.notice.NoticeService;
import io.credence.rulebook.EventType;
import io.credence.rulebook.Rulebook;
import io.credence.standing.SubjectHistory;
import io.credence.time.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Credit repair (spec section 5): once an event's type's {@code repair_after} has passed with no
 * newer event of the same category for the subject, the subject may ask for repair; a reviewer
 * approves at R (its contribution then counts only while {@code T < min(at + expires, R)}) or
 * rejects, with a reason. Records: {@code repair}, {@code repair-decision}.
 */
public final class RepairService {
    public static final String REQUEST = "repair";
    public static final String DECISION = "repair-decision";

    private final Engine engine;
    private final Ledger ledger;

    public RepairService(Engine engine) {
        this.engine = engine;
        this.ledger = engine.ledger();
    }

    /**
     * Why a repair of one of the subject's events would be refused now, or null when it may be
     * asked: the rule {@link #request} applies, offered so a client shows only what it may do.
     */
    public String refusal(SubjectHistory history, Event event, List<Map<String, Object>> repairs) {
        Rulebook rulebook = engine.requireRulebook();
        EventKey key = event.key();
        if (history.retractions().containsKey(key)) {
            return "event " + key + " is retracted; there is nothing to repair";
        }
        EventType type = rulebook.type(event.type());
        if (type == null || type.repairAfter() == null || type.points() == null) {
            return "events of type " + event.type() + " cannot be repaired in rulebook " + rulebook
                    + " (no repair_after)";
        }
        Instant now = engine.clock().instant();
        Instant eligible = Instants.fromNanos(type.repairAfter().addTo(Instants.toNanos(event.at())));
        if (now.isBefore(eligible)) {
            return "repair of " + key + " may be asked from " + eligible + " (" + type.repairAfter()
                    + " after the event)";
        }
        for (Event other : history.events()) {
            EventType otherType = rulebook.type(other.type());
            if (other.at().isAfter(event.at()) && !history.retractions().containsKey(other.key()) && otherType != null
                    && otherType.category() == type.category()) {
                return "a newer " + type.category().wireName() + " event (" + other.key() + " on " + other.at()
                        + ") means " + key + " cannot be repaired yet";
            }
        }
        if (repairs.stream().anyMatch(r -> key.equals(keyOf(r)) && !"rejected".equals(r.get("status")))) {
            return "repair of " + key + " was asked already";
        }
        return null;
    }

    public Map<String, Object> request(String subject, EventKey key) {
        SubjectHistory history = engine.history(subject);
        Event event = history.events().stream().filter(e -> e.key().equals(key)).findFirst()
                .orElseThrow(() -> new NotFoundException("no event " + key + " about " + subject));
        String refusal = refusal(history, event, list(null));
        if (refusal != null) {
            throw new InvalidStateException(refusal);
        }
        Instant now = engine.clock().instant();
        String id = "rep-" + UUID.randomUUID().toString().substring(0, 13);
        Map<String, Object> body = ResultJson.ordered("id", id, "subject", subject, "event", ResultJson.key(key),
                "type", event.type(), "requested", now.toString());
        ledger.appendRecord(REQUEST, id, subject, Json.write(body), "subject:" + subject);
        return withStatus(body, null);
    }

    /** @param outcome {@code approved} or {@code rejected} */
    public Map<String, Object> decide(String id, String outcome, String reason, String reviewer) {
        if (!"approved".equals(outcome) && !"rejected".equals(outcome)) {
            throw new BadInputException("outcome", "must be approved or rejected; got "
                    + (outcome == null ? "nothing" : "\"" + outcome + "\""));
        }
        if (reason == null || reason.isBlank()) {
            throw new BadInputException("reason", "is required: every decision says why");
        }
        StoredRecord request = ledger.record(REQUEST, id).orElseThrow(() -> new NotFoundException("no repair " + id));
        if (ledger.record(DECISION, id).isPresent()) {
            throw new InvalidStateException("repair " + id + " was decided already");
        }
        Map<String, Object> asked = Json.object(request.body());
        Instant now = engine.clock().instant();
        Map<String, Object> body = ResultJson.ordered("id", id, "outcome", outcome, "reason", reason, "by", reviewer,
                "at", now.toString(), "event", asked.get("event"));
        ledger.appendRecord(DECISION, id, request.subject(), Json.write(body), reviewer);
        if (outcome.equals("approved")) {
            engine.changed(request.subject());
        }
        new NoticeService(engine).notify(request.subject(), "repair-decided", "Your repair request for "
                + asked.get("type") + " was " + outcome + ": " + reason + (outcome.equals("approved")
                        ? ". It no longer counts from " + now + "." : "."),
                ResultJson.ordered("repair", id, "outcome", outcome, "reason", reason));
        return withStatus(asked, body);
    }

    /** Repairs with their status (pending, approved, rejected); {@code status} null for all. */
    public List<Map<String, Object>> list(String status) {
        Map<String, Map<String, Object>> decisions = new HashMap<>();
        for (StoredRecord r : ledger.records(DECISION, null)) {
            decisions.put(r.ref(), Json.object(r.body()));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (StoredRecord r : ledger.records(REQUEST, null)) {
            Map<String, Object> repair = withStatus(Json.object(r.body()), decisions.get(r.ref()));
            if (status == null || status.equals(repair.get("status"))) {
                out.add(repair);
            }
        }
        return out;
    }

    /** Approved repairs of one subject (all subjects when null), as the evaluator takes them. */
    public static Map<String, Map<EventKey, Instant>> approved(Ledger ledger, String subject) {
        Map<String, Map<EventKey, Instant>> out = new HashMap<>();
        for (StoredRecord r : ledger.records(DECISION, subject)) {
            Map<String, Object> b = Json.object(r.body());
            if ("approved".equals(b.get("outcome"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> event = (Map<String, Object>) b.get("event");
                out.computeIfAbsent(r.subject(), k -> new HashMap<>()).put(
                        new EventKey((String) event.get("source"), (String) event.get("id")),
                        Instant.parse((String) b.get("at")));
            }
        }
        return out;
    }

    private static EventKey keyOf(Map<String, Object> repair) {
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) repair.get("event");
        return new EventKey((String) event.get("source"), (String) event.get("id"));
    }

    private static Map<String, Object> withStatus(Map<String, Object> request, Map<String, Object> decision) {
        Map<String, Object> out = new LinkedHashMap<>(request);
        out.put("status", decision == null ? "pending" : decision.get("outcome"));
        if (decision != null) {
            out.put("decision", decision);
        }
        return out;
    }
}
