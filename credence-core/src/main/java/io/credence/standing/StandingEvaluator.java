package io.credence.standing;

import io.credence.event.Event;
import io.credence.event.EventKey;
import io.credence.event.Retraction;
import io.credence.rulebook.Cap;
import io.credence.rulebook.EvaluationException;
import io.credence.rulebook.EventType;
import io.credence.rulebook.ListDefinition;
import io.credence.rulebook.Rulebook;
import io.credence.rulebook.RulebookRef;
import io.credence.rulebook.Tier;
import io.credence.time.Instants;
import io.credence.time.IsoDuration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Computes a subject's standing at an instant T (spec section 3), and explains it.
 *
 * <p>The model. A standing is a pure function of (rulebook, the subject's events and retractions,
 * T). Events are walked once, in key order {@code (at, source, id)}; events after T are never looked
 * at. For each event of a scoring type the walk decides its raw points (its {@code when}, then its
 * {@code points}, rounded half away from zero), then its contribution: with a cap, the raw points are
 * clamped so that the sum over the event's calendar window stays within {@code [-max, max]}; a
 * contribution that has since expired still used its window's room, which is why the walk must start
 * at the first event and not at T minus the expiry. A contribution counts at T while
 * {@code T < at + expires}. The score is the base plus the counted contributions, clamped.
 *
 * <p>Invariants the tests check after every case: the score lies within the rulebook's bounds; the
 * tier is the first whose min is at most the score; the result does not depend on the order events
 * arrived in (the history is sorted on construction); a retracted event affects nothing, not even
 * cap room.
 *
 * <p>Cost. Because events are sorted and calendar windows only move forward in time, the cap state
 * per type is a single (window, sum) pair, not a map of windows. Calendar arithmetic is done on epoch
 * days ({@link io.credence.time.CalendarMath}) without allocation; constant points never touch CEL.
 * A standing over 50 events costs about a microsecond (see the benchmarks module).
 *
 * <p>Stateless and thread-safe.
 */
public final class StandingEvaluator {
    private StandingEvaluator() {}

    /** The standing of {@code history}'s subject at {@code at}. */
    public static Standing standing(Rulebook rulebook, SubjectHistory history, Instant at) {
        return new Walk(rulebook, history, at, false).run().standing;
    }

    /** The standing with every event's effect, the list entries and the way to the next tier. */
    public static Explanation explain(Rulebook rulebook, SubjectHistory history, Instant at) {
        Walk walk = new Walk(rulebook, history, at, true).run();
        return new Explanation(walk.standing, walk.outcomes, walk.entries, progress(rulebook, walk.standing));
    }

    private static TierProgress progress(Rulebook rulebook, Standing standing) {
        List<Tier> tiers = rulebook.tiers();
        String next = null;
        Long toNext = null;
        for (int i = tiers.size() - 1; i >= 0; i--) {
            if (tiers.get(i).min() > standing.score()) {
                next = tiers.get(i).name();
                toNext = tiers.get(i).min() - standing.score();
                break;
            }
        }
        List<TierProgress.Expiry> expiries = new ArrayList<>();
        for (Contribution c : standing.contributions()) {
            expiries.add(new TierProgress.Expiry(c.expires(), c.points(), c));
        }
        expiries.sort(Comparator.comparing(TierProgress.Expiry::on));
        return new TierProgress(next, toNext, expiries);
    }

    /** One walk over one subject's events; single use. */
    private static final class Walk {
        private final Rulebook rulebook;
        private final SubjectHistory history;
        private final Instant at;
        private final long atNanos;
        private final boolean explain;
        private final List<EventOutcome> outcomes;
        private final List<ListEntry> entries;
        private Standing standing;

        Walk(Rulebook rulebook, SubjectHistory history, Instant at, boolean explain) {
            this.rulebook = rulebook;
            this.history = history;
            this.at = at;
            this.atNanos = Instants.toNanos(at);
            this.explain = explain;
            this.outcomes = explain ? new ArrayList<>() : List.of();
            this.entries = explain ? new ArrayList<>() : List.of();
        }

        Walk run() {
            List<Event> events = history.events();
            Map<EventKey, Retraction> retractions = history.retractions();
            boolean anyRetracted = !retractions.isEmpty();
            Map<String, Event> latestSuperseding = latestSuperseding(events);
            Map<String, long[]> capState = null;
            List<Contribution> counted = new ArrayList<>();
            long sum = 0;
            for (Event event : events) {
                if (event.at().compareTo(at) > 0) {
                    break;
                }
                if (anyRetracted) {
                    Retraction retraction = retractions.get(event.key());
                    if (retraction != null) {
                        record(event, Effect.RETRACTED, null, null, null, null, retraction, null);
                        continue;
                    }
                }
                EventType type = rulebook.type(event.type());
                if (type == null) {
                    record(event, Effect.UNKNOWN_TYPE, null, null, null, null, null, null);
                    continue;
                }
                if (type.points() == null) {
                    record(event, Effect.NO_POINTS, null, null, null, null, null, null);
                    continue;
                }
                if (type.supersede() && latestSuperseding.get(type.name()) != event) {
                    record(event, Effect.SUPERSEDED, null, 0L, null, null, null, null);
                    continue;
                }
                long raw;
                try {
                    Long points = Rulebook.rawPoints(type, event);
                    if (points == null) {
                        record(event, Effect.CONDITION_FALSE, null, 0L, null, null, null, null);
                        continue;
                    }
                    raw = points;
                } catch (EvaluationException e) {
                    record(event, Effect.EVALUATION_ERROR, null, 0L, null, null, null, e.getMessage());
                    continue;
                }
                long eventNanos = Instants.toNanos(event.at());
                long contribution = raw;
                String capWindow = null;
                Cap cap = type.cap();
                if (cap != null) {
                    if (capState == null) {
                        capState = new HashMap<>();
                    }
                    long window = cap.per().window(eventNanos);
                    long[] state = capState.computeIfAbsent(type.name(), k -> new long[] {Long.MIN_VALUE, 0});
                    if (state[0] != window) {
                        state[0] = window;
                        state[1] = 0;
                    }
                    long used = state[1];
                    contribution = Math.max(-cap.max() - used, Math.min(cap.max() - used, raw));
                    state[1] = used + contribution;
                    if (contribution != raw && explain) {
                        capWindow = cap.per().label(window);
                    }
                }
                long expiresNanos = type.expires().addTo(eventNanos);
                boolean counts = atNanos < expiresNanos;
                if (contribution == 0) {
                    record(event, Effect.ZERO, raw, 0L, null, capWindow, null, null);
                    continue;
                }
                Instant expires = Instants.fromNanos(expiresNanos);
                if (counts) {
                    sum = saturatingAdd(sum, contribution);
                    counted.add(new Contribution(event.key(), event.type(), event.at(), contribution, expires));
                }
                record(event, counts ? Effect.COUNTED : Effect.EXPIRED, raw, contribution, expires, capWindow, null,
                        null);
            }
            counted.sort(Comparator.comparingLong((Contribution c) -> -Math.abs(c.points())));
            long score = rulebook.score().clamp(saturatingAdd(rulebook.score().base(), sum));
            List<String> lists = List.of();
            List<String> effective = List.of();
            if (!rulebook.lists().isEmpty()) {
                TreeSet<String> on = new TreeSet<>();
                TreeSet<String> onEffective = new TreeSet<>();
                for (ListDefinition list : rulebook.lists().values()) {
                    listEntries(list, events, retractions, on, onEffective);
                }
                lists = List.copyOf(on);
                effective = List.copyOf(onEffective);
            }
            standing = new Standing(history.subject(), at, score, rulebook.tierFor(score).name(),
                    RulebookRef.of(rulebook), lists, effective, counted);
            return this;
        }

        private Map<String, Event> latestSuperseding(List<Event> events) {
            Map<String, Event> latest = Map.of();
            for (Event event : events) {
                if (event.at().compareTo(at) > 0) {
                    break;
                }
                EventType type = rulebook.type(event.type());
                if (type != null && type.supersede() && !history.retractions().containsKey(event.key())) {
                    if (latest.isEmpty()) {
                        latest = new HashMap<>();
                    }
                    latest.put(type.name(), event);
                }
            }
            return latest;
        }

        private void listEntries(ListDefinition list, List<Event> events, Map<EventKey, Retraction> retractions,
                TreeSet<String> on, TreeSet<String> onEffective) {
            List<Event> leaves = null;
            for (Event enter : events) {
                if (enter.at().compareTo(at) > 0) {
                    break;
                }
                if (!enter.type().equals(list.enter()) || retractions.containsKey(enter.key())) {
                    continue;
                }
                long enterNanos = Instants.toNanos(enter.at());
                long untilNanos = list.maxDuration().addTo(enterNanos);
                if (atNanos >= untilNanos) {
                    continue;
                }
                if (list.leave() != null) {
                    if (leaves == null) {
                        leaves = leaves(list, events, retractions);
                    }
                    if (lifted(list, enter, leaves)) {
                        continue;
                    }
                }
                Instant effectiveFrom = effectiveFrom(enter);
                on.add(list.name());
                if (!at.isBefore(effectiveFrom)) {
                    onEffective.add(list.name());
                }
                if (explain) {
                    entries.add(new ListEntry(list.name(), list.description(), enter.key(), enter.type(), enter.at(),
                            Instants.fromNanos(untilNanos), liftedBy(list), effectiveFrom));
                }
            }
        }

        private List<Event> leaves(ListDefinition list, List<Event> events, Map<EventKey, Retraction> retractions) {
            List<Event> leaves = new ArrayList<>();
            for (Event event : events) {
                if (event.at().compareTo(at) > 0) {
                    break;
                }
                if (event.type().equals(list.leave()) && !retractions.containsKey(event.key())) {
                    leaves.add(event);
                }
            }
            return leaves;
        }

        private static boolean lifted(ListDefinition list, Event enter, List<Event> leaves) {
            for (Event leave : leaves) {
                if (leave.at().compareTo(enter.at()) >= 0 && matches(list.match(), enter, leave)) {
                    return true;
                }
            }
            return false;
        }

        /** With {@code match: k}, both events carry {@code data.k} and the values are equal as JSON values. */
        private static boolean matches(String key, Event enter, Event leave) {
            if (key == null) {
                return true;
            }
            Object a = enter.data().get(key);
            Object b = leave.data().get(key);
            if (a == null || b == null) {
                return false;
            }
            if (a instanceof Number x && b instanceof Number y) {
                return x.doubleValue() == y.doubleValue();
            }
            return Objects.equals(a, b);
        }

        private Instant effectiveFrom(Event enter) {
            IsoDuration notice = rulebook.process().notice();
            if (notice == null) {
                return enter.at();
            }
            Instant recorded = history.recorded().getOrDefault(enter.key(), enter.at());
            return Instants.fromNanos(notice.addTo(Instants.toNanos(recorded)));
        }

        private static String liftedBy(ListDefinition list) {
            if (list.leave() == null) {
                return null;
            }
            return "an event of type " + list.leave()
                    + (list.match() == null ? "" : " with the same " + list.match());
        }

        private void record(Event event, Effect effect, Long raw, Long points, Instant expires, String capWindow,
                Retraction retraction, String error) {
            if (explain) {
                outcomes.add(new EventOutcome(event, effect, raw, points, expires, capWindow, retraction, error));
            }
        }
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
