package io.credence.rulebook;

import dev.cel.common.types.CelKind;
import io.credence.Problem;
import io.credence.time.IsoDuration;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a rulebook document (the YAML already decoded into maps, lists and scalars) against every
 * rule of spec section 2 and compiles it into a {@link Rulebook}. It never stops at the first
 * problem: every problem is reported with its path ({@code events.fraud.expires}) and a message that
 * states the rule and the bad value. Stateless and thread-safe.
 */
public final class RulebookCompiler {
    private static final Pattern RULEBOOK_NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern TIER_NAME = Pattern.compile("[A-Za-z0-9_+-]{1,32}");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Set<String> TOP_KEYS = Set.of("name", "version", "score", "tiers", "events", "lists",
            "domains", "process");
    private static final Set<String> SCORE_KEYS = Set.of("base", "min", "max");
    private static final Set<String> TIER_KEYS = Set.of("name", "min");
    private static final Set<String> TYPE_KEYS = Set.of("category", "sources", "points", "when", "expires", "cap",
            "supersede", "repair_after");
    private static final Set<String> CAP_KEYS = Set.of("max", "per");
    private static final Set<String> LIST_KEYS = Set.of("description", "enter", "leave", "match", "max_duration");
    private static final Set<String> DOMAIN_KEYS = Set.of("description", "deny", "grant", "evidence");
    private static final Set<String> DENY_KEYS = Set.of("when", "reason");
    private static final Set<String> GRANT_KEYS = Set.of("when", "benefit");
    private static final Set<String> PROCESS_KEYS = Set.of("notice", "dispute_deadline", "reports", "proportionality",
            "ratings");
    private static final Set<String> RATINGS_KEYS = Set.of("window", "prior", "prior_weight", "damping", "pre_trusted");
    private static final Set<String> REPORTS_KEYS = Set.of("daily_limit");

    private final List<Problem> problems = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    private RulebookCompiler() {}

    /**
     * Validates and compiles a decoded rulebook.
     *
     * @param document the decoded YAML
     * @param publishedVersion the version currently published, or null when none is
     * @param source the text the document was decoded from, kept with the rulebook
     */
    public static RulebookValidation compile(Object document, Long publishedVersion, String source) {
        return new RulebookCompiler().run(document, publishedVersion, source);
    }

    private RulebookValidation run(Object document, Long publishedVersion, String source) {
        if (!(document instanceof Map<?, ?> root)) {
            problems.add(new Problem("", "a rulebook must be a YAML mapping with name, version, score and tiers"));
            return new RulebookValidation(null, problems, warnings);
        }
        unknownKeys(root, "", TOP_KEYS);
        String name = text(root, "name", "");
        if (name != null && !RULEBOOK_NAME.matcher(name).matches()) {
            problems.add(new Problem("name", "must match [a-z0-9-]+; got \"" + name + "\""));
        }
        Long version = integer(root, "version", "", true);
        if (version != null) {
            if (publishedVersion != null && version <= publishedVersion) {
                problems.add(new Problem("version", "must be above the published version " + publishedVersion
                        + "; got " + version));
            } else if (version < 1) {
                problems.add(new Problem("version", "must be a positive integer; got " + version));
            }
        }
        ScoreBounds score = score(root.get("score"));
        List<Tier> tiers = tiers(root.get("tiers"), score);
        Map<String, EventType> types = types(root.get("events"));
        Map<String, ListDefinition> lists = lists(root.get("lists"), types);
        Process process = process(root.get("process"));
        Map<String, Domain> domains = domains(root.get("domains"));
        proportionality(root.get("domains"), domains, types, lists, process.strictProportionality());
        if (!problems.isEmpty()) {
            return new RulebookValidation(null, problems, warnings);
        }
        return new RulebookValidation(new Rulebook(name, version, score, tiers, types, lists, domains, process,
                source), problems, warnings);
    }

    private ScoreBounds score(Object node) {
        Map<?, ?> map = mapping(node, "score", true);
        if (map == null) {
            return null;
        }
        unknownKeys(map, "score", SCORE_KEYS);
        Long base = integer(map, "base", "score", true);
        Long min = integer(map, "min", "score", true);
        Long max = integer(map, "max", "score", true);
        if (base == null || min == null || max == null) {
            return null;
        }
        if (!(min <= base && base <= max)) {
            problems.add(new Problem("score", "must have min <= base <= max; got min " + min + ", base " + base
                    + ", max " + max));
            return null;
        }
        return new ScoreBounds(base, min, max);
    }

    private List<Tier> tiers(Object node, ScoreBounds score) {
        List<Tier> tiers = new ArrayList<>();
        if (node == null) {
            problems.add(new Problem("tiers", "is required: at least one tier"));
            return tiers;
        }
        if (!(node instanceof List<?> list)) {
            problems.add(new Problem("tiers", "must be a list of {name, min}, highest first"));
            return tiers;
        }
        if (list.isEmpty()) {
            problems.add(new Problem("tiers", "must not be empty: every score must fall in a tier"));
            return tiers;
        }
        Set<String> names = new HashSet<>();
        Long previousMin = null;
        for (int i = 0; i < list.size(); i++) {
            String path = "tiers[" + i + "]";
            Map<?, ?> map = mapping(list.get(i), path, true);
            if (map == null) {
                previousMin = null;
                continue;
            }
            unknownKeys(map, path, TIER_KEYS);
            String name = text(map, "name", path);
            Long min = integer(map, "min", path, true);
            if (name != null) {
                if (!TIER_NAME.matcher(name).matches()) {
                    problems.add(new Problem(path + ".name", "must match [A-Za-z0-9_+-]{1,32}; got \"" + name + "\""));
                } else if (!names.add(name)) {
                    problems.add(new Problem(path + ".name", "repeats the tier name \"" + name + "\""));
                }
            }
            if (min != null && previousMin != null && min >= previousMin) {
                problems.add(new Problem(path + ".min", "tiers must be strictly descending by min; " + min
                        + " is not below " + previousMin));
            }
            previousMin = min;
            if (name != null && min != null) {
                tiers.add(new Tier(name, min));
            }
            if (i == list.size() - 1 && min != null && score != null && min > score.min()) {
                problems.add(new Problem(path + ".min", "the last tier's min must be at most score.min (" + score.min()
                        + ") so every score falls in a tier; got " + min));
            }
        }
        return tiers;
    }

    private Map<String, EventType> types(Object node) {
        Map<String, EventType> types = new LinkedHashMap<>();
        Map<?, ?> map = mapping(node, "events", false);
        if (map == null) {
            return types;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String typeName = String.valueOf(entry.getKey());
            String path = "events." + typeName;
            if (!NAME.matcher(typeName).matches()) {
                problems.add(new Problem(path, "an event type name must match [a-z0-9_-]{1,64}"));
            }
            EventType type = type(typeName, path, entry.getValue());
            if (type != null) {
                types.put(typeName, type);
            }
        }
        return types;
    }

    private EventType type(String typeName, String path, Object node) {
        Map<?, ?> map = mapping(node, path, true);
        if (map == null) {
            return null;
        }
        int before = problems.size();
        unknownKeys(map, path, TYPE_KEYS);
        Category category = null;
        String categoryName = text(map, "category", path);
        if (categoryName != null) {
            category = Category.of(categoryName).orElse(null);
            if (category == null) {
                problems.add(new Problem(path + ".category", Category.refusalFor(categoryName).orElse(
                        "must be one of " + Category.allowedList() + "; got \"" + categoryName + "\"")));
            }
        }
        List<String> sources = new ArrayList<>();
        Object rawSources = map.get("sources");
        if (rawSources == null || (rawSources instanceof List<?> l && l.isEmpty())) {
            problems.add(new Problem(path + ".sources", "must list at least one source allowed to report " + typeName));
        } else if (!(rawSources instanceof List<?> list)) {
            problems.add(new Problem(path + ".sources", "must be a list of source names"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                Object s = list.get(i);
                if (!(s instanceof String source) || !SOURCE.matcher(source).matches()) {
                    problems.add(new Problem(path + ".sources[" + i + "]", "must match [a-z0-9-]{1,64}; got " + s));
                } else if (!sources.contains(source)) {
                    sources.add(source);
                }
            }
        }
        Points points = null;
        Object rawPoints = map.get("points");
        if (rawPoints != null) {
            if (rawPoints instanceof String text) {
                Object compiled = Expression.compile(path + ".points", text, Expression.Scope.EVENT,
                        Set.of(CelKind.INT, CelKind.DOUBLE, CelKind.DYN), "an int, double or dyn expression");
                if (compiled instanceof Expression e) {
                    points = new Points.Computed(e);
                } else {
                    problems.add(new Problem(path + ".points", (String) compiled));
                }
            } else if (isInteger(rawPoints)) {
                Long value = asLong(rawPoints);
                if (value == null) {
                    problems.add(new Problem(path + ".points", "is out of range: " + rawPoints));
                } else {
                    points = new Points.Constant(value);
                }
            } else {
                problems.add(new Problem(path + ".points", "must be an integer or a CEL expression string; got "
                        + rawPoints));
            }
        }
        Expression when = null;
        Object rawWhen = map.get("when");
        if (rawWhen != null) {
            if (!(rawWhen instanceof String text)) {
                problems.add(new Problem(path + ".when", "must be a CEL expression string; got " + rawWhen));
            } else {
                Object compiled = Expression.compile(path + ".when", text, Expression.Scope.EVENT,
                        Set.of(CelKind.BOOL), "a bool expression");
                if (compiled instanceof Expression e) {
                    when = e;
                } else {
                    problems.add(new Problem(path + ".when", (String) compiled));
                }
            }
        }
        IsoDuration expires = duration(map, "expires", path, true);
        if (rawPoints != null && !map.containsKey("expires")) {
            problems.add(new Problem(path + ".expires", "is required whenever points is given: nothing counts"
                    + " against anyone without an expiry"));
        } else if (rawPoints == null && map.containsKey("expires")) {
            warnings.add(new Problem(path + ".expires", "has no effect: " + typeName + " has no points"));
        }
        if (rawPoints == null && when != null) {
            warnings.add(new Problem(path + ".when", "has no effect: " + typeName + " has no points"));
        }
        Cap cap = null;
        Object rawCap = map.get("cap");
        if (rawCap != null) {
            Map<?, ?> capMap = mapping(rawCap, path + ".cap", true);
            if (capMap != null) {
                unknownKeys(capMap, path + ".cap", CAP_KEYS);
                Long max = integer(capMap, "max", path + ".cap", true);
                if (max != null && max <= 0) {
                    problems.add(new Problem(path + ".cap.max", "must be positive; got " + max));
                }
                String per = text(capMap, "per", path + ".cap");
                CapPeriod period = null;
                if (per != null) {
                    for (CapPeriod p : CapPeriod.values()) {
                        if (p.wireName().equals(per)) {
                            period = p;
                        }
                    }
                    if (period == null) {
                        problems.add(new Problem(path + ".cap.per", "must be one of day, week, month, year; got \""
                                + per + "\""));
                    }
                }
                if (max != null && max > 0 && period != null) {
                    cap = new Cap(max, period);
                }
                if (rawPoints == null) {
                    problems.add(new Problem(path + ".cap", "needs points: a cap limits the points of " + typeName));
                }
            }
        }
        boolean supersede = false;
        Object rawSupersede = map.get("supersede");
        if (rawSupersede != null) {
            if (rawSupersede instanceof Boolean b) {
                supersede = b;
            } else {
                problems.add(new Problem(path + ".supersede", "must be true or false; got " + rawSupersede));
            }
        }
        IsoDuration repairAfter = duration(map, "repair_after", path, false);
        if (problems.size() > before) {
            return null;
        }
        return new EventType(typeName, category, sources, points, when, expires, cap, supersede, repairAfter);
    }

    private Map<String, ListDefinition> lists(Object node, Map<String, EventType> types) {
        Map<String, ListDefinition> lists = new LinkedHashMap<>();
        Map<?, ?> map = mapping(node, "lists", false);
        if (map == null) {
            return lists;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String listName = String.valueOf(entry.getKey());
            String path = "lists." + listName;
            int before = problems.size();
            if (!NAME.matcher(listName).matches()) {
                problems.add(new Problem(path, "a list name must match [a-z0-9_-]{1,64}"));
            }
            Map<?, ?> def = mapping(entry.getValue(), path, true);
            if (def == null) {
                continue;
            }
            unknownKeys(def, path, LIST_KEYS);
            String description = optionalText(def, "description", path);
            String enter = text(def, "enter", path);
            if (enter != null && !types.containsKey(enter) && !problems.stream().anyMatch(p -> p.path().startsWith(
                    "events." + enter))) {
                problems.add(new Problem(path + ".enter", "names \"" + enter + "\", which is not a declared event type"));
            }
            String leave = optionalText(def, "leave", path);
            if (leave != null && !types.containsKey(leave) && !problems.stream().anyMatch(p -> p.path().startsWith(
                    "events." + leave))) {
                problems.add(new Problem(path + ".leave", "names \"" + leave + "\", which is not a declared event type"));
            }
            String match = optionalText(def, "match", path);
            if (match != null && leave == null) {
                warnings.add(new Problem(path + ".match", "has no effect without leave"));
            }
            IsoDuration maxDuration = duration(def, "max_duration", path, true);
            if (!def.containsKey("max_duration")) {
                problems.add(new Problem(path + ".max_duration", "is required: no listing may last indefinitely"));
            }
            if (problems.size() == before) {
                lists.put(listName, new ListDefinition(listName, description == null ? "" : description, enter, leave,
                        match, maxDuration));
            }
        }
        return lists;
    }

    private Map<String, Domain> domains(Object node) {
        Map<String, Domain> domains = new LinkedHashMap<>();
        Map<?, ?> map = mapping(node, "domains", false);
        if (map == null) {
            return domains;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String domainName = String.valueOf(entry.getKey());
            String path = "domains." + domainName;
            int before = problems.size();
            if (!NAME.matcher(domainName).matches()) {
                problems.add(new Problem(path, "a domain name must match [a-z0-9_-]{1,64}"));
            }
            Map<?, ?> def = mapping(entry.getValue(), path, true);
            if (def == null) {
                continue;
            }
            unknownKeys(def, path, DOMAIN_KEYS);
            String description = optionalText(def, "description", path);
            List<DomainRule> deny = rules(def.get("deny"), path + ".deny", DENY_KEYS, "reason");
            List<DomainRule> grant = rules(def.get("grant"), path + ".grant", GRANT_KEYS, "benefit");
            if (problems.size() == before) {
                domains.put(domainName, new Domain(domainName, description == null ? "" : description, deny, grant));
            }
        }
        return domains;
    }

    private List<DomainRule> rules(Object node, String path, Set<String> keys, String textKey) {
        List<DomainRule> rules = new ArrayList<>();
        if (node == null) {
            return rules;
        }
        if (!(node instanceof List<?> list)) {
            problems.add(new Problem(path, "must be a list of rules, each with when and " + textKey));
            return rules;
        }
        for (int i = 0; i < list.size(); i++) {
            String rulePath = path + "[" + i + "]";
            Map<?, ?> rule = mapping(list.get(i), rulePath, true);
            if (rule == null) {
                continue;
            }
            unknownKeys(rule, rulePath, keys);
            Expression when = null;
            Object rawWhen = rule.get("when");
            if (rawWhen == null) {
                problems.add(new Problem(rulePath + ".when", "is required: a rule without a condition"));
            } else if (!(rawWhen instanceof String text)) {
                problems.add(new Problem(rulePath + ".when", "must be a CEL expression string; got " + rawWhen));
            } else {
                Object compiled = Expression.compile(rulePath + ".when", text, Expression.Scope.STANDING,
                        Set.of(CelKind.BOOL), "a bool expression");
                if (compiled instanceof Expression e) {
                    when = e;
                } else {
                    problems.add(new Problem(rulePath + ".when", (String) compiled));
                }
            }
            Object rawText = rule.get(textKey);
            String text = null;
            if (rawText == null) {
                problems.add(new Problem(rulePath + "." + textKey, "is required: every "
                        + (textKey.equals("reason") ? "denial must give its reason" : "grant must name its benefit")));
            } else if (!(rawText instanceof String s) || s.isBlank()) {
                problems.add(new Problem(rulePath + "." + textKey, "must be a non-empty string"));
            } else {
                text = s;
            }
            if (when != null && text != null) {
                rules.add(new DomainRule(rulePath, when, text));
            }
        }
        return rules;
    }

    private Process process(Object node) {
        Map<?, ?> map = mapping(node, "process", false);
        if (map == null) {
            return Process.NONE;
        }
        unknownKeys(map, "process", PROCESS_KEYS);
        IsoDuration notice = duration(map, "notice", "process", false);
        IsoDuration deadline = duration(map, "dispute_deadline", "process", false);
        int dailyLimit = 0;
        Map<?, ?> reports = mapping(map.get("reports"), "process.reports", false);
        if (reports != null) {
            unknownKeys(reports, "process.reports", REPORTS_KEYS);
            Long limit = integer(reports, "daily_limit", "process.reports", false);
            if (limit != null && (limit < 0 || limit > 10_000)) {
                problems.add(new Problem("process.reports.daily_limit", "must be between 0 and 10000; got " + limit));
            } else if (limit != null) {
                dailyLimit = limit.intValue();
            }
        }
        boolean strict = false;
        Object proportionality = map.get("proportionality");
        if (proportionality != null) {
            if ("strict".equals(proportionality)) {
                strict = true;
            } else if (!"off".equals(proportionality)) {
                problems.add(new Problem("process.proportionality", "must be strict or off; got " + proportionality));
            }
        }
        return new Process(notice, deadline, dailyLimit, strict, ratings(map.get("ratings")));
    }

    private Process.Ratings ratings(Object node) {
        Map<?, ?> map = mapping(node, "process.ratings", false);
        if (map == null) {
            return Process.Ratings.DEFAULT;
        }
        String path = "process.ratings";
        unknownKeys(map, path, RATINGS_KEYS);
        Process.Ratings d = Process.Ratings.DEFAULT;
        IsoDuration window = map.containsKey("window") ? duration(map, "window", path, true) : d.window();
        double prior = number(map, "prior", path, d.prior(), 1, 5);
        double priorWeight = number(map, "prior_weight", path, d.priorWeight(), 0, 1e6);
        double damping = number(map, "damping", path, d.damping(), 1e-6, 1 - 1e-6);
        List<String> preTrusted = new ArrayList<>();
        Object raw = map.get("pre_trusted");
        if (raw instanceof List<?> list) {
            for (Object s : list) {
                preTrusted.add(String.valueOf(s));
            }
        } else if (raw != null) {
            problems.add(new Problem(path + ".pre_trusted", "must be a list of subject ids"));
        }
        return new Process.Ratings(window == null ? d.window() : window, prior, priorWeight, damping, preTrusted);
    }

    private double number(Map<?, ?> map, String key, String path, double fallback, double min, double max) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
            problems.add(new Problem(path + "." + key, "must be a number from " + min + " to " + max + "; got " + value));
            return fallback;
        }
        return n.doubleValue();
    }

    /**
     * Proportionality (the EU AI Act's ban on detriment in unrelated contexts): a domain may declare
     * the categories of conduct relevant to it ({@code evidence}); a deny rule that rests on lists or
     * scores built from other categories is refused under {@code process.proportionality: strict}
     * and warned about otherwise. {@code score} and {@code tier} rest on every scoring category; a
     * list rests on the category of its entering type.
     */
    private void proportionality(Object node, Map<String, Domain> domains, Map<String, EventType> types,
            Map<String, ListDefinition> lists, boolean strict) {
        if (!(node instanceof Map<?, ?> raw)) {
            return;
        }
        for (Domain domain : domains.values()) {
            String path = "domains." + domain.name();
            Object evidenceNode = raw.get(domain.name()) instanceof Map<?, ?> m ? m.get("evidence") : null;
            Set<Category> evidence = new java.util.TreeSet<>();
            if (evidenceNode instanceof List<?> declared) {
                for (int i = 0; i < declared.size(); i++) {
                    Object c = declared.get(i);
                    java.util.Optional<Category> category = c instanceof String name ? Category.of(name)
                            : java.util.Optional.empty();
                    if (category.isEmpty()) {
                        problems.add(new Problem(path + ".evidence[" + i + "]", "must be one of "
                                + Category.allowedList() + "; got " + c));
                    } else {
                        evidence.add(category.get());
                    }
                }
            } else if (evidenceNode != null) {
                problems.add(new Problem(path + ".evidence", "must be a list of categories"));
                continue;
            } else if (strict && !domain.deny().isEmpty()) {
                problems.add(new Problem(path + ".evidence", "is required under process.proportionality: strict:"
                        + " name the categories of conduct relevant to " + domain.name()));
                continue;
            } else {
                continue;
            }
            for (DomainRule rule : domain.deny()) {
                Set<Category> used = new java.util.TreeSet<>();
                String text = rule.when().text();
                if (text.matches("(?s).*\\b(score|tier)\\b.*")) {
                    types.values().stream().filter(EventType::scores).forEach(t -> used.add(t.category()));
                }
                for (ListDefinition list : lists.values()) {
                    if (text.contains("'" + list.name() + "'") || text.contains("\"" + list.name() + "\"")) {
                        EventType enter = types.get(list.enter());
                        if (enter != null) {
                            used.add(enter.category());
                        }
                    }
                }
                used.removeAll(evidence);
                if (!used.isEmpty()) {
                    String names = String.join(", ", used.stream().map(Category::wireName).toList());
                    String message = "rests on conduct outside this domain's evidence (" + names + ")";
                    if (strict) {
                        problems.add(new Problem(rule.path() + ".when", message + ": refused under"
                                + " process.proportionality: strict, which bans detriment in unrelated contexts"));
                    } else {
                        warnings.add(new Problem(rule.path() + ".when", message));
                    }
                }
            }
        }
    }

    // ---- helpers that read one value and record a problem when it is missing or malformed ----

    private void unknownKeys(Map<?, ?> map, String path, Set<String> allowed) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                problems.add(new Problem(join(path, String.valueOf(key)), "unknown key; allowed here: "
                        + String.join(", ", allowed.stream().sorted().toList())));
            }
        }
    }

    private Map<?, ?> mapping(Object node, String path, boolean required) {
        if (node == null) {
            if (required) {
                problems.add(new Problem(path, "is required"));
            }
            return null;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problems.add(new Problem(path, "must be a mapping"));
            return null;
        }
        return map;
    }

    private String text(Map<?, ?> map, String key, String path) {
        Object value = map.get(key);
        if (value == null) {
            problems.add(new Problem(join(path, key), "is required"));
            return null;
        }
        if (!(value instanceof String s) || s.isEmpty()) {
            problems.add(new Problem(join(path, key), "must be a non-empty string; got " + value));
            return null;
        }
        return s;
    }

    private String optionalText(Map<?, ?> map, String key, String path) {
        return map.get(key) == null ? null : text(map, key, path);
    }

    private Long integer(Map<?, ?> map, String key, String path, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                problems.add(new Problem(join(path, key), "is required"));
            }
            return null;
        }
        Long result = isInteger(value) ? asLong(value) : null;
        if (result == null) {
            problems.add(new Problem(join(path, key), "must be an integer; got " + value));
        }
        return result;
    }

    private IsoDuration duration(Map<?, ?> map, String key, String path, boolean tenYearLimit) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        String where = join(path, key);
        if (!(value instanceof String text)) {
            problems.add(new Problem(where, "must be an ISO-8601 duration such as P2Y; got " + value));
            return null;
        }
        try {
            IsoDuration duration = IsoDuration.parse(text);
            if (duration.isZero()) {
                problems.add(new Problem(where, "must be longer than zero; got " + text));
                return null;
            }
            if (tenYearLimit && duration.isOverTenYears()) {
                problems.add(new Problem(where, "must be at most ten years (P10Y); got " + text));
                return null;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(where, e.getMessage()));
            return null;
        }
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger;
    }

    private static Long asLong(Object value) {
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : null;
        }
        return ((Number) value).longValue();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
