package io.credence.rating;

import io.credence.BadInputException;
import io.credence.InvalidStateException;
import io.credence.NotFoundException;
import io.credence.codec.Json;
import io.credence.codec.ResultJson;
import io.credence.engine.Engine;
import io.credence.engine.IngestReport;
import io.credence.ledger.Ledger;
import io.credence.ledger.StoredRecord;
import io.credence.peer.PeerAggregation;
import io.credence.peer.Rating;
import io.credence.rulebook.Process;
import io.credence.time.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interactions and peer ratings, kept as ledger records. A source records that two subjects dealt
 * with each other; each party may then rate the other once, 1 to 5 stars, within
 * {@code process.ratings.window}. A rating stays sealed from the rated subject until both parties
 * have rated or the window has closed, so no answer can depend on what it answers. {@link #compute}
 * aggregates revealed ratings ({@link PeerAggregation}) and publishes one {@code peer_standing}
 * event per rated subject from source {@code peer-ratings}, which the rulebook scores like any other.
 */
public final class RatingService {
    static final String INTERACTION = "interaction";
    static final String RATING = "rating";
    /** One per party of an interaction, so a subject's open interactions are found by subject. */
    static final String PARTY = "interaction-party";
    public static final String SOURCE = "peer-ratings";
    public static final String TYPE = "peer_standing";

    private final Engine engine;
    private final Ledger ledger;

    public RatingService(Engine engine) {
        this.engine = engine;
        this.ledger = engine.ledger();
    }

    /** Records an interaction; returns its reference {@code source/id}. */
    public String interaction(String source, String id, List<String> subjects, String at, String kind) {
        if (id == null || !id.matches("[A-Za-z0-9._:/-]{1,128}")) {
            throw new BadInputException("id", "must be 1-128 characters of A-Z a-z 0-9 . _ : / -");
        }
        if (subjects == null || subjects.size() != 2 || subjects.get(0).equals(subjects.get(1))) {
            throw new BadInputException("subjects", "must name two different subjects");
        }
        subjects.forEach(s -> engine.history(s)); // validates both ids
        Instant when;
        try {
            when = Instants.parse(at);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("at", e.getMessage());
        }
        if (when.isAfter(engine.clock().instant().plusSeconds(300))) {
            throw new BadInputException("at", "must not be in the future");
        }
        String ref = source + "/" + id;
        if (ledger.record(INTERACTION, ref).isPresent()) {
            throw new InvalidStateException("interaction " + ref + " is recorded already");
        }
        String body = Json.write(ResultJson.ordered("interaction", ref, "subjects", subjects, "at", when.toString(),
                "kind", kind));
        String actor = "source:" + source;
        List<Ledger.RecordDraft> drafts = new ArrayList<>();
        drafts.add(new Ledger.RecordDraft(INTERACTION, ref, null, body, actor));
        for (String party : subjects) {
            drafts.add(new Ledger.RecordDraft(PARTY, ref + "|" + party, party, body, actor));
        }
        if (ledger.appendRecords(drafts).size() != drafts.size()) {
            throw new InvalidStateException("interaction " + ref + " is recorded already");
        }
        return ref;
    }

    /** One party rates the other, once, within the window. */
    public Map<String, Object> rate(String rater, String interaction, Object stars, String comment) {
        if (!(stars instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 1
                || n.intValue() > 5) {
            throw new BadInputException("stars", "must be a whole number from 1 to 5; got " + stars);
        }
        if (comment != null && comment.length() > 2_000) {
            throw new BadInputException("comment", "must be at most 2,000 characters");
        }
        Map<String, Object> found = interactionBody(interaction);
        @SuppressWarnings("unchecked")
        List<String> parties = (List<String>) found.get("subjects");
        if (!parties.contains(rater)) {
            throw new NotFoundException("no interaction " + interaction + " with " + rater);
        }
        String ratee = parties.get(0).equals(rater) ? parties.get(1) : parties.get(0);
        Instant at = Instant.parse((String) found.get("at"));
        Instant now = engine.clock().instant();
        Instant closes = closes(at);
        if (!now.isBefore(closes)) {
            throw new InvalidStateException("the rating window of " + interaction + " closed at " + closes);
        }
        String ref = interaction + "|" + rater;
        if (ledger.record(RATING, ref).isPresent()) {
            throw new InvalidStateException(rater + " rated " + interaction + " already");
        }
        Map<String, Object> body = ResultJson.ordered("interaction", interaction, "rater", rater, "ratee", ratee,
                "stars", n.intValue(), "comment", comment, "interaction_at", at.toString(), "rated", now.toString());
        ledger.appendRecord(RATING, ref, ratee, Json.write(body), "subject:" + rater);
        return body;
    }

    private Map<String, Object> interactionBody(String interaction) {
        return Json.object(ledger.record(INTERACTION, interaction == null ? "" : interaction)
                .orElseThrow(() -> new NotFoundException("no interaction " + interaction)).body());
    }

    private Instant closes(Instant at) {
        Process.Ratings settings = engine.requireRulebook().process().ratings();
        return Instants.fromNanos(settings.window().addTo(Instants.toNanos(at)));
    }

    /** Whether a rating may be shown to the rated subject: both rated, or the window closed. */
    private boolean revealed(Map<String, Object> rating, Instant now) {
        return revealed(rating, now, ref -> ledger.record(RATING, ref).isPresent());
    }

    private boolean revealed(Map<String, Object> rating, Instant now, java.util.function.Predicate<String> rated) {
        String other = rating.get("interaction") + "|" + rating.get("ratee");
        return rated.test(other) || !now.isBefore(closes(Instants.parse((String) rating.get("interaction_at"))));
    }

    /**
     * The interactions a subject may still rate: a party, not yet rated by them, window open. Each
     * with the other party, the kind and when the window closes; soonest first.
     */
    public List<Map<String, Object>> toRate(String subject) {
        Instant now = engine.clock().instant();
        List<Map<String, Object>> out = new ArrayList<>();
        for (StoredRecord r : ledger.records(PARTY, subject)) {
            Map<String, Object> body = Json.object(r.body());
            String interaction = (String) body.get("interaction");
            Instant closes = closes(Instants.parse((String) body.get("at")));
            if (!now.isBefore(closes) || ledger.record(RATING, interaction + "|" + subject).isPresent()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<String> parties = (List<String>) body.get("subjects");
            out.add(ResultJson.ordered("interaction", interaction, "with", parties.get(0).equals(subject)
                    ? parties.get(1) : parties.get(0), "kind", body.get("kind"), "at", body.get("at"), "closes",
                    closes.toString()));
        }
        out.sort(java.util.Comparator.comparing(m -> (String) m.get("closes")));
        return out;
    }

    /** The revealed ratings a subject received, and their latest published aggregate. */
    public Map<String, Object> of(String subject) {
        Instant now = engine.clock().instant();
        List<Map<String, Object>> revealed = new ArrayList<>();
        int sealed = 0;
        for (StoredRecord r : ledger.records(RATING, subject)) {
            Map<String, Object> body = Json.object(r.body());
            if (revealed(body, now)) {
                revealed.add(body);
            } else {
                sealed++;
            }
        }
        Process.Ratings s = engine.requireRulebook().process().ratings();
        Map<String, Object> aggregate = null;
        for (var e : engine.history(subject).events()) {
            if (e.type().equals(TYPE) && e.source().equals(SOURCE)) {
                aggregate = new LinkedHashMap<>(e.data());
                aggregate.put("published", e.at().toString());
            }
        }
        return ResultJson.ordered("subject", subject, "ratings", revealed, "sealed", sealed, "aggregate", aggregate,
                "weighting", ResultJson.ordered("method", "EigenTrust with pre-trust (docs/decisions/006)", "prior",
                        s.prior(), "prior_weight", s.priorWeight(), "damping", s.damping(), "pre_trusted",
                        s.preTrusted().size(), "max_share_per_rater", PeerAggregation.MAX_SHARE, "pair_window_days",
                        PeerAggregation.PAIR_WINDOW.toDays()));
    }

    /**
     * Aggregates every rating revealed at {@code at} and publishes a {@code peer_standing} event per
     * rated subject. Returns how many were published.
     */
    public int compute(Instant at) {
        if (engine.requireRulebook().type(TYPE) == null
                || !engine.requireRulebook().type(TYPE).sources().contains(SOURCE)) {
            throw new InvalidStateException("the published rulebook declares no " + TYPE + " type from source " + SOURCE);
        }
        List<Rating> ratings = new ArrayList<>();
        List<StoredRecord> records = ledger.records(RATING, null);
        // Every rating is loaded anyway: answer "did the other party rate?" from memory, not the store.
        Set<String> rated = new HashSet<>();
        for (StoredRecord r : records) {
            if (!r.recorded().isAfter(at)) {
                rated.add(r.ref());
            }
        }
        for (StoredRecord r : records) {
            Map<String, Object> body = Json.fastObject(r.body());
            Instant interactionAt = Instants.parse((String) body.get("interaction_at"));
            if (!interactionAt.isAfter(at) && !r.recorded().isAfter(at) && revealed(body, at, rated::contains)) {
                ratings.add(new Rating((String) body.get("rater"), (String) body.get("ratee"),
                        ((Number) body.get("stars")).intValue(), interactionAt));
            }
        }
        Process.Ratings s = engine.requireRulebook().process().ratings();
        Set<String> preTrusted = new HashSet<>(s.preTrusted());
        var aggregates = PeerAggregation.aggregate(ratings, new PeerAggregation.Settings(s.prior(), s.priorWeight(),
                s.damping(), preTrusted));
        List<String> lines = new ArrayList<>();
        String stamp = Long.toString(at.getEpochSecond());
        aggregates.values().stream().sorted(java.util.Comparator.comparing(PeerAggregation.Aggregate::subject))
                .forEach(a -> lines.add(Json.write(ResultJson.ordered("id", "peer-" + stamp + "-" + a.subject(),
                        "source", SOURCE, "subject", a.subject(), "type", TYPE, "at", at.toString(), "data",
                        ResultJson.ordered("rating", a.rating(), "ratings", (double) a.ratings(), "weight",
                                a.weight())))));
        IngestReport report = engine.ingest(lines.iterator(), n -> { }, SOURCE);
        if (report.rejected() > 0) {
            throw new InvalidStateException("peer standings were refused: " + report.errors().get(0).error());
        }
        return (int) report.accepted();
    }
}
