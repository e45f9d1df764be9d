package io.credence.simulation;

import io.credence.decision.DecisionEvaluator;
import io.credence.rulebook.Rulebook;
import io.credence.rulebook.RulebookRef;
import io.credence.rulebook.Tier;
import io.credence.standing.Standing;
import io.credence.standing.StandingEvaluator;
import io.credence.standing.SubjectHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The effect of a candidate rulebook on a whole population, against the published one, at one
 * instant: tier counts before and after, the tier transition matrix, list entries and exits, decisions
 * that flip per domain, the largest score moves, and score histograms before and after. Subjects are fed one at a time, so a population
 * of any size streams through in constant memory. Not thread-safe: one simulation, one thread; the
 * {@link Report} it returns is immutable.
 */
public final class Simulation {
    /** How many of the largest score moves the report keeps. */
    public static final int TOP_MOVES = 10;

    private final Rulebook before;
    private final Rulebook after;
    private final Instant at;
    private final Map<String, Long> tiersBefore = new LinkedHashMap<>();
    private final Map<String, Long> tiersAfter = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> transitions = new TreeMap<>();
    /** Per list: before, after, entering, leaving. */
    private final Map<String, long[]> lists = new TreeMap<>();
    /** Per domain: allowed before, allowed after, now denied, now allowed. */
    private final Map<String, long[]> domains = new TreeMap<>();
    private final PriorityQueue<ScoreMove> moves = new PriorityQueue<>(ScoreMove.LARGEST_FIRST.reversed());
    private final ScoreHistogram histogramBefore = new ScoreHistogram();
    private final ScoreHistogram histogramAfter = new ScoreHistogram();
    private long subjects;
    private long scoresChanged;

    public Simulation(Rulebook before, Rulebook after, Instant at) {
        this.before = before;
        this.after = after;
        this.at = at;
        before.tiers().forEach(t -> tiersBefore.put(t.name(), 0L));
        after.tiers().forEach(t -> tiersAfter.put(t.name(), 0L));
        before.lists().keySet().forEach(l -> lists.put(l, new long[4]));
        after.lists().keySet().forEach(l -> lists.put(l, new long[4]));
        for (String domain : after.domains().keySet()) {
            if (before.domains().containsKey(domain)) {
                domains.put(domain, new long[4]);
            }
        }
    }

    /** Adds one subject's history to the report. */
    public void add(SubjectHistory history) {
        Standing was = StandingEvaluator.standing(before, history, at);
        Standing will = StandingEvaluator.standing(after, history, at);
        subjects++;
        histogramBefore.add(was.score());
        histogramAfter.add(will.score());
        tiersBefore.merge(was.tier(), 1L, Long::sum);
        tiersAfter.merge(will.tier(), 1L, Long::sum);
        transitions.computeIfAbsent(was.tier(), k -> new TreeMap<>()).merge(will.tier(), 1L, Long::sum);
        for (Map.Entry<String, long[]> entry : lists.entrySet()) {
            boolean on = was.lists().contains(entry.getKey());
            boolean onAfter = will.lists().contains(entry.getKey());
            long[] change = entry.getValue();
            change[0] += on ? 1 : 0;
            change[1] += onAfter ? 1 : 0;
            change[2] += !on && onAfter ? 1 : 0;
            change[3] += on && !onAfter ? 1 : 0;
        }
        for (Map.Entry<String, long[]> entry : domains.entrySet()) {
            boolean allowedBefore = DecisionEvaluator.decide(before, was, entry.getKey(), "simulation").allowed();
            boolean allowedAfter = DecisionEvaluator.decide(after, will, entry.getKey(), "simulation").allowed();
            long[] change = entry.getValue();
            change[0] += allowedBefore ? 1 : 0;
            change[1] += allowedAfter ? 1 : 0;
            change[2] += allowedBefore && !allowedAfter ? 1 : 0;
            change[3] += !allowedBefore && allowedAfter ? 1 : 0;
        }
        long delta = will.score() - was.score();
        if (delta != 0) {
            scoresChanged++;
            moves.add(new ScoreMove(history.subject(), was.score(), will.score(), was.tier(), will.tier()));
            if (moves.size() > TOP_MOVES) {
                moves.poll();
            }
        }
    }

    public Report report() {
        List<ScoreMove> top = new ArrayList<>(moves);
        top.sort(ScoreMove.LARGEST_FIRST);
        Map<String, Map<String, Long>> matrix = new LinkedHashMap<>();
        transitions.forEach((from, to) -> matrix.put(from, Map.copyOf(to)));
        Map<String, ListChange> listChanges = new TreeMap<>();
        lists.forEach((name, c) -> listChanges.put(name, new ListChange(c[0], c[1], c[2], c[3])));
        Map<String, DomainChange> domainChanges = new TreeMap<>();
        domains.forEach((name, c) -> domainChanges.put(name, new DomainChange(c[0], c[1], c[2], c[3])));
        return new Report(RulebookRef.of(before), RulebookRef.of(after), at, subjects, scoresChanged,
                Map.copyOf(tiersBefore), Map.copyOf(tiersAfter), order(before), order(after), matrix,
                java.util.Collections.unmodifiableMap(listChanges), java.util.Collections.unmodifiableMap(domainChanges),
                top, histogramBefore.counts(), histogramAfter.counts());
    }

    private static List<String> order(Rulebook rulebook) {
        return rulebook.tiers().stream().map(Tier::name).toList();
    }

    /** The simulation's result. Tier maps are keyed by tier name; {@code tierOrder*} give display order. */
    public record Report(RulebookRef published, RulebookRef candidate, Instant at, long subjects,
            long scoresChanged, Map<String, Long> tiersBefore, Map<String, Long> tiersAfter,
            List<String> tierOrderBefore, List<String> tierOrderAfter, Map<String, Map<String, Long>> transitions,
            Map<String, ListChange> lists, Map<String, DomainChange> domains, List<ScoreMove> largestMoves,
            Map<Long, Long> histogramBefore, Map<Long, Long> histogramAfter) {}

    /** How one list's membership changes: subjects on it before and after, and how many enter and leave. */
    public record ListChange(long before, long after, long entering, long leaving) {}

    /** How one domain's decisions change. */
    public record DomainChange(long allowedBefore, long allowedAfter, long nowDenied, long nowAllowed) {
        public long flipped() {
            return nowDenied + nowAllowed;
        }
    }

    /** One subject's score before and after. */
    public record ScoreMove(String subject, long before, long after, String tierBefore, String tierAfter) {
        static final Comparator<ScoreMove> LARGEST_FIRST = Comparator
                .comparingLong((ScoreMove m) -> -Math.abs(m.after - m.before))
                .thenComparing(ScoreMove::subject);

        public long delta() {
            return after - before;
        }
    }
}
