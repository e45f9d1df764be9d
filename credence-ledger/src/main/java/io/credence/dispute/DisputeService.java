package io.credence.dispute;

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
import io.credence.time.Instants;
import io.credence.time.IsoDuration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Disputes, kept as ledger records: a {@code dispute} record when the subject files one and a
 * {@code dispute-resolution} record when it ends (the ledger's unique (kind, ref) index makes a
 * second resolution impossible). The burden of proof is on the system: a dispute still open at
 * {@code process.dispute_deadline} expires and its event is retracted with the reason "not verified
 * within the deadline", as a reviewer's "overturned" does. Time comes from the engine's clock, so
 * tests move it by hand. Thread-safe (the ledger serializes writes).
 */
public final class DisputeService {
    static final String DISPUTE = "dispute";
    static final String RESOLUTION = "dispute-resolution";
    public static final String DEADLINE_REASON = "not verified within the deadline";

    private final Engine engine;
    private final Ledger ledger;

    public DisputeService(Engine engine) {
        this.engine = engine;
        this.ledger = engine.ledger();
    }

    /**
     * Files a dispute of one of the subject's own events.
     *
     * @throws NotFoundException when the event does not exist or is not the subject's
     * @throws InvalidStateException when it is retracted or already under an open dispute
     */
    public Dispute open(String subject, EventKey key, String statement) {
        if (statement == null || statement.isBlank()) {
            throw new BadInputException("statement", "is required: say what is wrong with the record");
        }
        if (statement.length() > 10_000) {
            throw new BadInputException("statement", "must be at most 10,000 characters");
        }
        Event event = ledger.event(key).filter(e -> e.subject().equals(subject))
                .orElseThrow(() -> new NotFoundException("no event " + key + " about " + subject));
        if (engine.history(subject).retractions().containsKey(key)) {
            throw new InvalidStateException("event " + key + " is already retracted");
        }
        if (all().stream().anyMatch(d -> d.event().equals(key) && d.status() == Dispute.Status.OPEN)) {
            throw new InvalidStateException("event " + key + " is already under an open dispute");
        }
        Instant now = engine.clock().instant();
        IsoDuration window = engine.requireRulebook().process().disputeDeadline();
        Instant deadline = window == null ? null : Instants.fromNanos(window.addTo(Instants.toNanos(now)));
        String id = "dsp-" + UUID.randomUUID().toString().substring(0, 13);
        Map<String, Object> body = ResultJson.ordered("id", id, "event", ResultJson.key(event.key()), "statement",
                statement, "opened", now.toString(), "deadline", deadline == null ? null : deadline.toString());
        ledger.appendRecord(DISPUTE, id, subject, Json.write(body), "subject:" + subject);
        return new Dispute(id, subject, key, statement, now, deadline, Dispute.Status.OPEN, null);
    }

    /**
     * Ends an open dispute. Overturned retracts the event, recorded with the reviewer and the reason.
     *
     * @param outcome {@code upheld} or {@code overturned}
     */
    public Dispute resolve(String id, String outcome, String reason, String reviewer) {
        Dispute.Status status = switch (outcome == null ? "" : outcome) {
            case "upheld" -> Dispute.Status.UPHELD;
            case "overturned" -> Dispute.Status.OVERTURNED;
            default -> throw new BadInputException("outcome", "must be upheld or overturned; got "
                    + (outcome == null ? "nothing" : "\"" + outcome + "\""));
        };
        if (reason == null || reason.isBlank()) {
            throw new BadInputException("reason", "is required: every resolution says why");
        }
        Dispute dispute = get(id);
        if (dispute.status() != Dispute.Status.OPEN) {
            throw new InvalidStateException("dispute " + id + " is closed already (" + dispute.status().name()
                    .toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return close(dispute, status, reason, reviewer);
    }

    /** Expires every open dispute whose deadline has passed; returns them. */
    public List<Dispute> expireDue() {
        Instant now = engine.clock().instant();
        List<Dispute> expired = new ArrayList<>();
        for (Dispute d : all()) {
            if (d.status() == Dispute.Status.OPEN && d.deadline() != null && !now.isBefore(d.deadline())) {
                try {
                    expired.add(close(d, Dispute.Status.EXPIRED, DEADLINE_REASON, "deadline"));
                } catch (InvalidStateException raced) {
                    // A reviewer resolved it at the same moment; theirs stands.
                }
            }
        }
        return expired;
    }

    private Dispute close(Dispute dispute, Dispute.Status status, String reason, String by) {
        Instant now = engine.clock().instant();
        Map<String, Object> body = ResultJson.ordered("id", dispute.id(), "outcome",
                status.name().toLowerCase(java.util.Locale.ROOT), "reason", reason, "by", by, "at", now.toString());
        ledger.appendRecord(RESOLUTION, dispute.id(), dispute.subject(), Json.write(body), by);
        if (status != Dispute.Status.UPHELD
                && !engine.history(dispute.subject()).retractions().containsKey(dispute.event())) {
            engine.retract(dispute.event(), status == Dispute.Status.EXPIRED ? DEADLINE_REASON
                    : "dispute " + dispute.id() + " overturned: " + reason, by);
        }
        String outcome = status.name().toLowerCase(java.util.Locale.ROOT);
        new io.credence.notice.NoticeService(engine).notify(dispute.subject(), "dispute-resolved", switch (status) {
            case UPHELD -> "Your dispute of " + dispute.event() + " was not accepted: " + reason + ".";
            case OVERTURNED -> "Your dispute of " + dispute.event() + " succeeded; the record was retracted: " + reason
                    + ".";
            default -> "Your dispute of " + dispute.event() + " was not verified in time, so the record was retracted.";
        }, ResultJson.ordered("dispute", dispute.id(), "event", ResultJson.key(dispute.event()), "outcome", outcome,
                "reason", reason));
        return new Dispute(dispute.id(), dispute.subject(), dispute.event(), dispute.statement(), dispute.opened(),
                dispute.deadline(), status, new Dispute.Resolution(by, reason, now));
    }

    public Dispute get(String id) {
        return all().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("no dispute " + id));
    }

    /** One subject's disputes, oldest first. */
    public List<Dispute> of(String subject) {
        return fold(ledger.records(DISPUTE, subject), ledger.records(RESOLUTION, subject));
    }

    /** Disputes with the given status (null for all); open ones by nearest deadline first. */
    public List<Dispute> list(Dispute.Status status) {
        List<Dispute> out = new ArrayList<>(all().stream().filter(d -> status == null || d.status() == status).toList());
        out.sort(Comparator.comparing((Dispute d) -> d.deadline() == null ? Instant.MAX : d.deadline())
                .thenComparing(Dispute::opened));
        return out;
    }

    /**
     * A subject's open disputes, by the event each challenges (at most one is open per event). One
     * read for a whole file or explanation: asking event by event read the subject's disputes again
     * for each event.
     */
    public Map<EventKey, Dispute> openDisputes(String subject) {
        return openByEvent(of(subject));
    }

    /** The open ones of a subject's disputes ({@link #of}), by the event each challenges. */
    public static Map<EventKey, Dispute> openByEvent(List<Dispute> disputes) {
        Map<EventKey, Dispute> open = new HashMap<>();
        for (Dispute d : disputes) {
            if (d.status() == Dispute.Status.OPEN) {
                open.putIfAbsent(d.event(), d);
            }
        }
        return open;
    }

    private List<Dispute> all() {
        return fold(ledger.records(DISPUTE, null), ledger.records(RESOLUTION, null));
    }

    private static List<Dispute> fold(List<StoredRecord> disputes, List<StoredRecord> resolutions) {
        Map<String, Map<String, Object>> ends = new HashMap<>();
        for (StoredRecord r : resolutions) {
            ends.put(r.ref(), Json.object(r.body()));
        }
        List<Dispute> out = new ArrayList<>();
        for (StoredRecord r : disputes) {
            Map<String, Object> b = Json.object(r.body());
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) b.get("event");
            Map<String, Object> end = ends.get(r.ref());
            Dispute.Status status = end == null ? Dispute.Status.OPEN
                    : Dispute.Status.valueOf(((String) end.get("outcome")).toUpperCase(java.util.Locale.ROOT));
            out.add(new Dispute(r.ref(), r.subject(), new EventKey((String) event.get("source"), (String) event.get("id")),
                    (String) b.get("statement"), Instant.parse((String) b.get("opened")),
                    b.get("deadline") == null ? null : Instant.parse((String) b.get("deadline")), status,
                    end == null ? null : new Dispute.Resolution((String) end.get("by"), (String) end.get("reason"),
                            Instant.parse((String) end.get("at")))));
        }
        return out;
    }

    /** The dispute as JSON. */
    public static Map<String, Object> json(Dispute d) {
        Map<String, Object> out = ResultJson.ordered("id", d.id(), "subject", d.subject(), "event",
                ResultJson.key(d.event()), "statement", d.statement(), "opened", d.opened().toString(), "deadline",
                d.deadline() == null ? null : d.deadline().toString(), "status",
                d.status().name().toLowerCase(java.util.Locale.ROOT));
        if (d.resolution() != null) {
            out.put("resolution", ResultJson.ordered("by", d.resolution().by(), "reason", d.resolution().reason(),
                    "at", d.resolution().at().toString()));
        }
        return out;
    }
}
