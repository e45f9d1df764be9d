package io.credence.rulebook;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import io.credence.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * A CEL expression over an event evaluated directly in Java, without building CEL's activation or
 * running its interpreter: the common shapes of rulebook conditions and points, such as
 * {@code event.data.hours > 0.0} and {@code int(event.data.hours) * 2}. Covers constants,
 * {@code event.<field>}, {@code event.data.<key>}, {@code int()} and {@code double()}, arithmetic,
 * comparisons, {@code !}, {@code &&} and {@code ||}. Anything else, at compile time or at run time (a
 * value of another type, a missing key, an overflow, a division by zero), is not decided here:
 * {@link #evaluate} throws {@link Unsupported} and the caller runs CEL, so every error and every
 * unusual case has exactly CEL's behaviour. {@code DirectExpressionTest} compares both on random
 * data. Immutable and thread-safe.
 */
final class DirectExpression {
    /** This evaluation is CEL's to do. Carries no stack trace: it is control flow, and frequent. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    private sealed interface Node {
        Object eval(Event event);
    }

    private record Constant(Object value) implements Node {
        public Object eval(Event event) {
            return value;
        }
    }

    private record EventField(String name) implements Node {
        public Object eval(Event event) {
            return switch (name) {
                case "id" -> event.id();
                case "source" -> event.source();
                case "subject" -> event.subject();
                case "type" -> event.type();
                default -> throw Unsupported.INSTANCE;
            };
        }
    }

    private record DataField(String key) implements Node {
        public Object eval(Event event) {
            Object value = event.data().get(key);
            // JSON numbers are doubles in CEL (Expression.toCel); other kinds are left to CEL.
            return switch (value) {
                case Long l -> l.doubleValue();
                case Integer i -> i.doubleValue();
                case Double d -> d;
                case String s -> s;
                case Boolean b -> b;
                case null, default -> throw Unsupported.INSTANCE;
            };
        }
    }

    private record Call(String function, Node[] args) implements Node {
        public Object eval(Event event) {
            return switch (function) {
                case "_&&_" -> {
                    boolean left = bool(args[0].eval(event));
                    yield left ? bool(args[1].eval(event)) : false;
                }
                case "_||_" -> {
                    boolean left = bool(args[0].eval(event));
                    yield left ? true : bool(args[1].eval(event));
                }
                case "!_" -> !bool(args[0].eval(event));
                case "-_" -> switch (args[0].eval(event)) {
                    case Long l when l != Long.MIN_VALUE -> -l;
                    case Double d -> -d;
                    default -> throw Unsupported.INSTANCE;
                };
                case "int" -> switch (args[0].eval(event)) {
                    case Long l -> l;
                    case Double d when d > -0x1p63 && d < 0x1p63 -> (long) (double) d;
                    default -> throw Unsupported.INSTANCE;
                };
                case "double" -> switch (args[0].eval(event)) {
                    case Long l -> l.doubleValue();
                    case Double d -> d;
                    default -> throw Unsupported.INSTANCE;
                };
                default -> binary(args[0].eval(event), args[1].eval(event));
            };
        }

        private Object binary(Object a, Object b) {
            if (a instanceof Long x && b instanceof Long y) {
                try {
                    return switch (function) {
                        case "_+_" -> Math.addExact(x, y);
                        case "_-_" -> Math.subtractExact(x, y);
                        case "_*_" -> Math.multiplyExact(x, y);
                        case "_<_" -> x < y;
                        case "_<=_" -> x <= y;
                        case "_>_" -> x > y;
                        case "_>=_" -> x >= y;
                        case "_==_" -> x.longValue() == y.longValue();
                        case "_!=_" -> x.longValue() != y.longValue();
                        default -> throw Unsupported.INSTANCE;
                    };
                } catch (ArithmeticException overflow) {
                    throw Unsupported.INSTANCE;
                }
            }
            if (a instanceof Double x && b instanceof Double y) {
                double p = x;
                double q = y;
                return switch (function) {
                    case "_+_" -> p + q;
                    case "_-_" -> p - q;
                    case "_*_" -> p * q;
                    case "_/_" -> p / q;
                    case "_<_" -> p < q;
                    case "_<=_" -> p <= q;
                    case "_>_" -> p > q;
                    case "_>=_" -> p >= q;
                    case "_==_" -> p == q;
                    case "_!=_" -> p != q;
                    default -> throw Unsupported.INSTANCE;
                };
            }
            if (a instanceof String x && b instanceof String y) {
                return switch (function) {
                    case "_==_" -> x.equals(y);
                    case "_!=_" -> !x.equals(y);
                    default -> throw Unsupported.INSTANCE;
                };
            }
            if (a instanceof Boolean x && b instanceof Boolean y) {
                return switch (function) {
                    case "_==_" -> x.equals(y);
                    case "_!=_" -> !x.equals(y);
                    default -> throw Unsupported.INSTANCE;
                };
            }
            throw Unsupported.INSTANCE;
        }

        private static boolean bool(Object value) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw Unsupported.INSTANCE;
        }
    }

    private static final java.util.Set<String> UNARY = java.util.Set.of("!_", "-_", "int", "double");
    private static final java.util.Set<String> BINARY = java.util.Set.of("_&&_", "_||_", "_+_", "_-_", "_*_",
            "_/_", "_<_", "_<=_", "_>_", "_>=_", "_==_", "_!=_");

    private final Node root;

    private DirectExpression(Node root) {
        this.root = root;
    }

    /** The direct form of a checked expression over {@code event}, or null when it has none. */
    static DirectExpression of(CelExpr expr) {
        Node root = node(expr);
        return root == null ? null : new DirectExpression(root);
    }

    /**
     * The expression's value: Long, Double, String or Boolean, as CEL would give it.
     *
     * @throws Unsupported when CEL must decide this evaluation
     */
    Object evaluate(Event event) {
        return root.eval(event);
    }

    private static Node node(CelExpr expr) {
        switch (expr.getKind()) {
            case CONSTANT -> {
                CelConstant c = expr.constant();
                return switch (c.getKind()) {
                    case INT64_VALUE -> new Constant(c.int64Value());
                    case DOUBLE_VALUE -> new Constant(c.doubleValue());
                    case STRING_VALUE -> new Constant(c.stringValue());
                    case BOOLEAN_VALUE -> new Constant(c.booleanValue());
                    default -> null;
                };
            }
            case SELECT -> {
                CelExpr.CelSelect select = expr.select();
                if (select.testOnly()) {
                    return null;
                }
                CelExpr operand = select.operand();
                if (isEvent(operand)) {
                    return "data".equals(select.field()) || "at".equals(select.field()) ? null
                            : new EventField(select.field());
                }
                if (operand.getKind() == CelExpr.ExprKind.Kind.SELECT && !operand.select().testOnly()
                        && "data".equals(operand.select().field()) && isEvent(operand.select().operand())) {
                    return new DataField(select.field());
                }
                return null;
            }
            case CALL -> {
                CelExpr.CelCall call = expr.call();
                int arity = call.args().size();
                if (call.target().isPresent()
                        || !(arity == 1 && UNARY.contains(call.function()) || arity == 2 && BINARY.contains(
                                call.function()))) {
                    return null;
                }
                List<Node> args = new ArrayList<>(arity);
                for (CelExpr arg : call.args()) {
                    Node n = node(arg);
                    if (n == null) {
                        return null;
                    }
                    args.add(n);
                }
                return new Call(call.function(), args.toArray(Node[]::new));
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isEvent(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && "event".equals(expr.ident().name());
    }
}
