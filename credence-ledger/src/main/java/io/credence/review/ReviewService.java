package io.credence.review;

import io.credence.BadInputException;
import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.ledger.Ledger;
import io.credence.ledger.StoredRecord;
import io.credence.notice.NoticeService;
import io.credence.time.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Human review of a denial. The subject asks for review of a recorded decision that denied them
 * ({@code review-request}, one per decision); a reviewer grants an override until a date, or
 * declines, always with a reason ({@code review-resolution}). While an override is in force, that
 * subject may use that domain: {@link Engine#check} answers allowed, with the reason "granted on
 * review". Every step is a ledger record with who, when and why.
 */
public final class ReviewService {
    public static final String REQUEST = "review-request";
    public static final String RESOLUTION = "review-resolution";

    private final Engine engine;
    private final Ledger ledger;

    public ReviewService(Engine engine) {
        this.engine = engine;
        this.ledger = engine.ledger();
    }

    /** The subject asks for a human to review decision {@code id}. */
    public Map<String, Object> request(String subject, String decisionId, String statement) {
        if (statement == null || statement.isBlank() || statement.length() > 10_000) {
            throw new BadInputException("statement", "is required, at most 10,000 characters");
        }
        engine.journal().flush(); // an allowed decision may still be on its way to the ledger
        Map<String, Object> decision = decision(decisionId);
        if (!subject.equals(decision.get("subject"))) {
            throw new NotFoundException("no decision " + decisionId);
        }
        if (Boolean.TRUE.equals(decision.get("allowed"))) {
            throw new InvalidStateException("decision " + decisionId + " allowed the request; there is nothing to review");
        }
        if (ledger.record(REQUEST, decisionId).isPresent()) {
            throw new InvalidStateException("a review of decision " + decisionId + " was requested already");
        }
        Map<String, Object> body = ResultJson.ordered("decision", decisionId, "subject", subject, "domain",
                decision.get("domain"), "reasons", decision.get("reasons"), "statement", statement, "requested",
                engine.clock().instant().toString());
        ledger.appendRecord(REQUEST, decisionId, subject, Json.write(body), "subject:" + subject);
        return withStatus(body, null);
    }

    /**
     * Grants an override until {@code validUntil}, or declines.
     *
     * @param outcome {@code granted} or {@code declined}
     */
    public Map<String, Object> resolve(String decisionId, String outcome, String reason, String validUntil,
            String reviewer) {
        if (!"granted".equals(outcome) && !"declined".equals(outcome)) {
            throw new BadInputException("outcome", "must be granted or declined; got "
                    + (outcome == null ? "nothing" : "\"" + outcome + "\""));
        }
        if (reason == null || reason.isBlank()) {
            throw new BadInputException("reason", "is required: every review says why");
        }
        Instant now = engine.clock().instant();
        Instant until = null;
        if (outcome.equals("granted")) {
            try {
                until = Instants.parse(validUntil);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("valid_until", e.getMessage());
            }
            if (!until.isAfter(now)) {
                throw new BadInputException("valid_until", "must be in the future; got " + validUntil);
            }
        }
        StoredRecord request = ledger.record(REQUEST, decisionId)
                .orElseThrow(() -> new NotFoundException("no review was requested for decision " + decisionId));
        if (ledger.record(RESOLUTION, decisionId).isPresent()) {
            throw new InvalidStateException("the review of decision " + decisionId + " is resolved already");
        }
        Map<String, Object> asked = Json.object(request.body());
        Map<String, Object> body = ResultJson.ordered("decision", decisionId, "subject", asked.get("subject"), "domain",
                asked.get("domain"), "outcome", outcome, "reason", reason, "valid_until",
                until == null ? null : until.toString(), "by", reviewer, "at", now.toString());
        ledger.appendRecord(RESOLUTION, decisionId, (String) asked.get("subject"), Json.write(body), reviewer);
        engine.reviewResolved();
        new NoticeService(engine).notify((String) asked.get("subject"), "review-resolved", outcome.equals("granted")
                ? "On review, you may use " + asked.get("domain") + " until " + until + ": " + reason + "."
                : "Your review of the refusal of " + asked.get("domain") + " was declined: " + reason + ".",
                ResultJson.ordered("decision", decisionId, "outcome", outcome, "reason", reason, "valid_until",
                        until == null ? null : until.toString()));
        return withStatus(asked, body);
    }

    /** Review requests, each with its resolution when there is one; {@code open} keeps the unresolved only. */
    public List<Map<String, Object>> list(boolean open) {
        Map<String, Map<String, Object>> resolutions = new HashMap<>();
        for (StoredRecord r : ledger.records(RESOLUTION, null)) {
            resolutions.put(r.ref(), Json.object(r.body()));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (StoredRecord r : ledger.records(REQUEST, null)) {
            Map<String, Object> resolution = resolutions.get(r.ref());
            if (!open || resolution == null) {
                out.add(withStatus(Json.object(r.body()), resolution));
            }
        }
        return out;
    }

    private static Map<String, Object> withStatus(Map<String, Object> request, Map<String, Object> resolution) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(request);
        out.put("status", resolution == null ? "open" : resolution.get("outcome"));
        if (resolution != null) {
            out.put("resolution", resolution);
        }
        return out;
    }

    private Map<String, Object> decision(String id) {
        return Json.object(ledger.record("decision", id).orElseThrow(() -> new NotFoundException("no decision " + id))
                .body());
    }

    /** Whether an override lets {@code subject} use {@code domain} at {@code at}. */
    public static boolean overridden(Ledger ledger, String subject, String domain, Instant at) {
        for (StoredRecord r : ledger.records(RESOLUTION, subject)) {
            Map<String, Object> b = Json.object(r.body());
            if ("granted".equals(b.get("outcome")) && domain.equals(b.get("domain"))
                    && !at.isBefore(Instant.parse((String) b.get("at")))
                    && at.isBefore(Instant.parse((String) b.get("valid_until")))) {
                return true;
            }
        }
        return false;
    }
}
