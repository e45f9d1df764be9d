package io.credence.rulebook;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.credence.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One compiled CEL expression from a rulebook, with its text and path. Immutable and thread-safe:
 * a CEL program holds no state between evaluations.
 */
public final class Expression {
    /** What an expression may see: an event (points, when) or a standing (domain rules). */
    enum Scope { EVENT, STANDING }

    private static final CelCompiler EVENT_COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("event", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();
    private static final CelCompiler STANDING_COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("subject", SimpleType.STRING)
            .addVar("score", SimpleType.INT)
            .addVar("tier", SimpleType.STRING)
            .addVar("lists", ListType.create(SimpleType.STRING))
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final String path;
    private final String text;
    private final CelRuntime.Program program;
    private final CelKind resultKind;
    /** The same expression evaluated in Java, when it is simple enough; else null. */
    private final DirectExpression direct;
    /** Whether the expression names the variable {@code subject} (a domain rule about who, not what). */
    private final boolean readsSubject;

    private Expression(String path, String text, CelRuntime.Program program, CelKind resultKind,
            DirectExpression direct, boolean readsSubject) {
        this.path = path;
        this.text = text;
        this.program = program;
        this.resultKind = resultKind;
        this.direct = direct;
        this.readsSubject = readsSubject;
    }

    /**
     * Compiles and type-checks {@code text}; the result must be one of {@code kinds}.
     *
     * @return the expression, or a message for the problem list
     */
    static Object compile(String path, String text, Scope scope, Set<CelKind> kinds, String expected) {
        CelCompiler compiler = scope == Scope.EVENT ? EVENT_COMPILER : STANDING_COMPILER;
        CelValidationResult result = compiler.compile(text);
        if (result.hasError()) {
            String issues = result.getAllIssues().stream()
                    .filter(issue -> issue.getSeverity() == CelIssue.Severity.ERROR)
                    .map(issue -> issue.getMessage() + columnOf(issue))
                    .collect(Collectors.joining("; "));
            return "does not compile as CEL: " + issues + " (in \"" + text + "\")";
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            CelKind kind = ast.getResultType().kind();
            if (!kinds.contains(kind)) {
                return "must be " + expected + "; \"" + text + "\" is " + ast.getResultType().name();
            }
            boolean readsSubject = scope == Scope.STANDING
                    && ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals("subject"));
            return new Expression(path, text, RUNTIME.createProgram(ast), kind,
                    scope == Scope.EVENT ? DirectExpression.of(ast.getExpr()) : null, readsSubject);
        } catch (dev.cel.common.CelValidationException | CelEvaluationException e) {
            return "does not compile as CEL: " + e.getMessage();
        }
    }

    private static String columnOf(CelIssue issue) {
        int column = issue.getSourceLocation().getColumn();
        return column >= 0 ? " at column " + (column + 1) : "";
    }

    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    /**
     * Whether a domain rule's condition names {@code subject}. One that does not decides the same for
     * every subject with the same score, tier and lists, so its outcome can be shared.
     */
    public boolean readsSubject() {
        return readsSubject;
    }

    CelKind resultKind() {
        return resultKind;
    }

    /** Evaluates against an activation built by {@link #eventActivation} or {@link #standingActivation}. */
    Object evaluate(Map<String, ?> activation) {
        try {
            // A resolver, not the map: eval(Map) copies the activation into an immutable map first.
            return program.eval((dev.cel.runtime.CelVariableResolver) name -> java.util.Optional.ofNullable(
                    activation.get(name)));
        } catch (CelEvaluationException e) {
            throw new EvaluationException(path, path + " could not be evaluated: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new EvaluationException(path, path + " could not be evaluated: " + e);
        }
    }

    /** The Java form used when it can decide, or null when the expression has none (for tests). */
    DirectExpression directForm() {
        return direct;
    }

    /** Evaluates against an event: directly when the expression allows it, else through CEL. */
    Object evaluate(EventInput input) {
        if (direct != null) {
            try {
                return direct.evaluate(input.event());
            } catch (DirectExpression.Unsupported e) {
                // CEL decides this one, errors included.
            }
        }
        return evaluate(input.activation());
    }

    /** Evaluates through CEL only, even when a direct form exists (for tests). */
    Object evaluateWithCel(Event event) {
        return evaluate(eventActivation(event));
    }

    boolean test(EventInput input) {
        return asBoolean(evaluate(input));
    }

    boolean test(Map<String, ?> activation) {
        return asBoolean(evaluate(activation));
    }

    private boolean asBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new EvaluationException(path, path + " gave " + value + ", not true or false");
    }

    /** An event, and its CEL activation built only if some evaluation needs CEL. Not thread-safe. */
    static final class EventInput {
        private final Event event;
        private Map<String, Object> activation;

        EventInput(Event event) {
            this.event = event;
        }

        Event event() {
            return event;
        }

        Map<String, Object> activation() {
            if (activation == null) {
                activation = eventActivation(event);
            }
            return activation;
        }
    }

    /**
     * The variable {@code event} as spec section 2 defines it. JSON numbers become doubles and JSON
     * null becomes CEL null, as CEL's JSON mapping has it.
     */
    static Map<String, Object> eventActivation(Event event) {
        Map<String, Object> value = new HashMap<>(8);
        value.put("id", event.id());
        value.put("source", event.source());
        value.put("subject", event.subject());
        value.put("type", event.type());
        value.put("at", event.at());
        value.put("data", toCel(event.data()));
        return Map.of("event", value);
    }

    static Map<String, Object> standingActivation(String subject, long score, String tier, List<String> lists) {
        return Map.of("subject", subject, "score", score, "tier", tier, "lists", lists);
    }

    private static Object toCel(Object json) {
        return switch (json) {
            case null -> NullValue.NULL_VALUE;
            case Long l -> l.doubleValue();
            case Integer i -> i.doubleValue();
            case Number n -> n.doubleValue();
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
                map.forEach((k, v) -> out.put(k.toString(), toCel(v)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(toCel(v)));
                yield out;
            }
            default -> json;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
