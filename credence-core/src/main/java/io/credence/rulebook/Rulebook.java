package io.credence.rulebook;

import io.credence.Problem;
import io.credence.event.Event;
import io.credence.event.EventRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled rulebook: the immutable, thread-safe plan that evaluation runs against, built once per
 * published version by {@link RulebookCompiler}. Evaluation is a pure function of (rulebook, events,
 * time); nothing here reads a clock or a store.
 */
public final class Rulebook {
    private final String name;
    private final long version;
    private final ScoreBounds score;
    private final List<Tier> tiers;
    private final Map<String, EventType> types;
    private final Map<String, ListDefinition> lists;
    private final Map<String, Domain> domains;
    private final Process process;
    private final String source;
    private final java.util.HashMap<String, Integer> typeIndex;
    /** By type index: the type, and whether it enters a list. */
    private final EventType[] typesByIndex;
    private final boolean[] entersByIndex;
    private final boolean anySupersede;
    private final RulebookRef ref;
    private final java.util.Set<String> listEnterTypes;

    Rulebook(String name, long version, ScoreBounds score, List<Tier> tiers, Map<String, EventType> types,
            Map<String, ListDefinition> lists, Map<String, Domain> domains, Process process, String source) {
        this.name = name;
        this.version = version;
        this.score = score;
        this.tiers = List.copyOf(tiers);
        this.types = Map.copyOf(types);
        this.lists = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lists));
        this.domains = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(domains));
        this.process = process;
        this.source = source;
        Map<String, Integer> index = new java.util.HashMap<>();
        for (String typeName : types.keySet().stream().sorted().toList()) {
            // Interned, as the ledger's reader interns the type names of the events it reads: the
            // lookup for each event then finds its key by identity, without comparing characters.
            index.put(typeName.intern(), index.size());
        }
        this.typeIndex = new java.util.HashMap<>(index);
        this.anySupersede = types.values().stream().anyMatch(EventType::supersede);
        this.ref = new RulebookRef(name, version);
        this.listEnterTypes = lists.values().stream().map(ListDefinition::enter)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.typesByIndex = new EventType[index.size()];
        this.entersByIndex = new boolean[index.size()];
        index.forEach((typeName, i) -> {
            typesByIndex[i] = this.types.get(typeName);
            entersByIndex[i] = listEnterTypes.contains(typeName);
        });
    }

    /** The type at an index from {@link #typeIndex}. */
    public EventType typeAt(int index) {
        return typesByIndex[index];
    }

    /** Whether the type at an index from {@link #typeIndex} enters a list. */
    public boolean entersAList(int index) {
        return entersByIndex[index];
    }

    /** A dense number for each declared type (0 to size - 1), for arrays indexed by type; -1 if undeclared. */
    public int typeIndex(String typeName) {
        Integer index = typeIndex.get(typeName);
        return index == null ? -1 : index;
    }

    /** Whether any type declares {@code supersede: true}. */
    public boolean anySupersede() {
        return anySupersede;
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    /** Its name and version. */
    public RulebookRef ref() {
        return ref;
    }

    public ScoreBounds score() {
        return score;
    }

    /** Highest first. */
    public List<Tier> tiers() {
        return tiers;
    }

    public Map<String, EventType> types() {
        return types;
    }

    /** In declared order. */
    public Map<String, ListDefinition> lists() {
        return lists;
    }

    /** In declared order. */
    public Map<String, Domain> domains() {
        return domains;
    }

    public Process process() {
        return process;
    }

    /** The rulebook as it was written (YAML), for publishing and for the public copy of the law. */
    public String source() {
        return source;
    }

    public EventType type(String typeName) {
        return types.get(typeName);
    }

    public Optional<Domain> domain(String domainName) {
        return Optional.ofNullable(domains.get(domainName));
    }

    /** The first tier, in declared order, whose {@code min <= score}. */
    public Tier tierFor(long value) {
        for (Tier tier : tiers) {
            if (tier.min() <= value) {
                return tier;
            }
        }
        // Unreachable for a compiled rulebook: the last tier's min is at most score.min.
        return tiers.get(tiers.size() - 1);
    }

    /**
     * Checks the rules of spec section 1 that depend on the rulebook: the type is declared, the source
     * may report it, and its {@code when} and {@code points} can be evaluated for this event.
     *
     * @throws EventRejectedException naming the field and the rule
     */
    public void admit(Event event) {
        EventType type = types.get(event.type());
        if (type == null) {
            throw new EventRejectedException("type", "\"" + event.type() + "\" is not an event type of rulebook "
                    + name + " v" + version);
        }
        if (!type.sources().contains(event.source())) {
            throw new EventRejectedException("source", "\"" + event.source() + "\" may not report "
                    + event.type() + "; allowed sources: " + String.join(", ", type.sources()));
        }
        if (type.needsData()) {
            try {
                Expression.EventInput input = new Expression.EventInput(event);
                if (type.when() == null || type.when().test(input)) {
                    if (type.points() instanceof Points.Computed computed) {
                        computed.evaluate(input);
                    }
                }
            } catch (EvaluationException e) {
                throw new EventRejectedException(List.of(new Problem("data", e.getMessage())));
            }
        }
    }

    /**
     * What an event of a scoring type is worth before caps: its rounded points, or null when its
     * {@code when} is false.
     *
     * @throws EvaluationException when {@code when} or {@code points} cannot be evaluated
     */
    public static Long rawPoints(EventType type, Event event) {
        if (!type.needsData()) {
            return ((Points.Constant) type.points()).value();
        }
        Expression.EventInput input = new Expression.EventInput(event);
        if (type.when() != null && !type.when().test(input)) {
            return null;
        }
        return switch (type.points()) {
            case Points.Constant constant -> constant.value();
            case Points.Computed computed -> computed.evaluate(input);
        };
    }

    /** Evaluates a domain rule's condition against a standing. */
    public static boolean holds(DomainRule rule, String subject, long score, String tier, List<String> lists) {
        return rule.when().test(Expression.standingActivation(subject, score, tier, lists));
    }

    @Override
    public String toString() {
        return name + " v" + version;
    }
}
