package io.credence.notice;

import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.decision.Decision;
import io.credence.engine.Engine;
import io.credence.ledger.Ledger;
import io.credence.ledger.StoredRecord;
import io.credence.standing.Explanation;
import io.credence.standing.ListEntry;
import io.credence.standing.Standing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subjects' inboxes, kept as {@code notice} records. Events that happen at one moment (a denial, a
 * dispute or report outcome) are noticed when they happen. Changes of standing (listed, delisted,
 * tier changed) are found by {@link #refresh}: it compares the subject's standing now with the state
 * recorded in their last standing notice, so a listing that starts or ends with time alone is
 * noticed too. The server refreshes subjects after their events arrive, off the ingest path, and
 * every inbox read refreshes first. Thread-safe as the ledger is; two refreshes of one subject at
 * the same instant may both notice the same change, which is the accepted compromise.
 */
public final class NoticeService {
    static final String KIND = "notice";

    private final Engine engine;
    private final Ledger ledger;

    public NoticeService(Engine engine) {
        this.engine = engine;
        this.ledger = engine.ledger();
    }

    public Notice notify(String subject, String kind, String text, Map<String, Object> details) {
        Ledger.RecordDraft draft = draft(subject, kind, text, details);
        ledger.appendRecords(List.of(draft));
        return toNotice(subject, Json.object(draft.body()));
    }

    /** A notice as a record to append, for callers that commit it together with something else. */
    public Ledger.RecordDraft draft(String subject, String kind, String text, Map<String, Object> details) {
        String id = io.credence.ledger.RecordIds.timeOrdered("ntc-");
        String body = Json.write(ResultJson.ordered("id", id, "subject", subject, "kind", kind, "at",
                engine.clock().instant().toString(), "text", text, "details", details));
        return new Ledger.RecordDraft(KIND, id, subject, body, "credence");
    }

    /** The notice of a denial, with its reasons and who asked, as a record to append with the decision. */
    public Ledger.RecordDraft decisionDenied(Decision decision, String askedBy) {
        String id = io.credence.ledger.RecordIds.timeOrdered("ntc-");
        String text = "You were refused " + decision.domain() + " (asked by " + askedBy + "): "
                + String.join("; ", decision.reasons()) + ". You may ask for a human review of decision "
                + decision.id() + ".";
        // What draft writes, without Jackson: every denial drafts one on the decision's path.
        String body = ResultJson.deniedNoticeText(id, engine.clock().instant().toString(), text, decision, askedBy);
        return new Ledger.RecordDraft(KIND, id, decision.subject(), body, "credence");
    }

    /** Compares the standing now with the last one noticed, and notices the differences. */
    public List<Notice> refresh(String subject) {
        if (engine.rulebook().isEmpty()) {
            return List.of();
        }
        Instant now = engine.clock().instant();
        Explanation explanation = engine.explain(subject, now);
        Standing standing = explanation.standing();
        Map<String, Object> last = lastState(subject);
        @SuppressWarnings("unchecked")
        List<String> lastLists = last == null ? List.of() : (List<String>) last.get("lists");
        String lastTier = last == null ? engine.requireRulebook().tierFor(engine.requireRulebook().score().base()).name()
                : (String) last.get("tier");
        Map<String, Object> state = ResultJson.ordered("tier", standing.tier(), "score", standing.score(), "lists",
                standing.lists());
        List<Notice> out = new ArrayList<>();
        for (ListEntry entry : explanation.listEntries()) {
            if (!lastLists.contains(entry.list()) && out.stream().noneMatch(n -> entry.list().equals(
                    n.details().get("list")))) {
                Map<String, Object> details = new LinkedHashMap<>(ResultJson.ordered("list", entry.list(), "basis",
                        ResultJson.key(entry.basis()), "since", entry.since().toString(), "until",
                        entry.until().toString(), "effective_from", entry.effectiveFrom().toString(), "lifted_by",
                        entry.liftedBy(), "state", state));
                out.add(notify(subject, "listed", "You were put on the list \"" + entry.list() + "\" ("
                        + entry.description() + ") because of " + entry.basis() + ". It affects decisions from "
                        + entry.effectiveFrom() + " and ends by " + entry.until()
                        + (entry.liftedBy() == null ? "" : "; " + entry.liftedBy() + " lifts it")
                        + ". You may dispute the record.", details));
            }
        }
        for (String list : lastLists) {
            if (!standing.lists().contains(list)) {
                out.add(notify(subject, "delisted", "You are no longer on the list \"" + list + "\".",
                        ResultJson.ordered("list", list, "state", state)));
            }
        }
        if (!standing.tier().equals(lastTier)) {
            out.add(notify(subject, "tier-changed", "Your tier changed from " + lastTier + " to " + standing.tier()
                    + " (score " + standing.score() + ").", ResultJson.ordered("from", lastTier, "to", standing.tier(),
                            "state", state)));
        }
        return out;
    }

    /** The state recorded by the subject's latest standing notice, or null. */
    private Map<String, Object> lastState(String subject) {
        List<StoredRecord> records = ledger.records(KIND, subject);
        for (int i = records.size() - 1; i >= 0; i--) {
            Map<String, Object> body = Json.object(records.get(i).body());
            if (body.get("details") instanceof Map<?, ?> details && details.get("state") instanceof Map<?, ?> state) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) state;
                return typed;
            }
        }
        return null;
    }

    /** The inbox, oldest first. */
    public List<Notice> inbox(String subject) {
        List<Notice> out = new ArrayList<>();
        for (StoredRecord r : ledger.records(KIND, subject)) {
            out.add(toNotice(subject, Json.object(r.body())));
        }
        return out;
    }

    /** A notice from its stored body; the standing snapshot used by {@link #refresh} is left out. */
    private static Notice toNotice(String subject, Map<String, Object> b) {
        @SuppressWarnings("unchecked")
        Map<String, Object> details = b.get("details") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        Map<String, Object> clean = new LinkedHashMap<>(details);
        clean.remove("state");
        return new Notice((String) b.get("id"), subject, (String) b.get("kind"), Instant.parse((String) b.get("at")),
                (String) b.get("text"), clean);
    }

    public static Map<String, Object> json(Notice n) {
        return ResultJson.ordered("id", n.id(), "kind", n.kind(), "at", n.at().toString(), "text", n.text(), "details",
                n.details());
    }
}
