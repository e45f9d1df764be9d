package io.credence.rulebook;

import dev.cel.common.types.CelKind;

/** What an event of a type is worth before caps: a constant, or a CEL expression over the event. */
public sealed interface Points {
    /** A constant number of points; evaluated without CEL. */
    record Constant(long value) implements Points {}

    /** A CEL expression of type int, double or dyn. */
    record Computed(Expression expression) implements Points {
        /** The expression's value rounded to an integer, half away from zero. */
        long evaluate(Expression.EventInput input) {
            return toPoints(expression.evaluate(input));
        }

        private long toPoints(Object value) {
            return switch (value) {
                case Long l -> l;
                case Double d -> roundHalfAwayFromZero(d, expression);
                case Number n when !(n instanceof Float) -> n.longValue(); // CEL uint
                default -> throw new EvaluationException(expression.path(), expression.path() + " gave " + value
                        + (expression.resultKind() == CelKind.DYN ? ", not a number" : ""));
            };
        }
    }

    static long roundHalfAwayFromZero(double value, Expression expression) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new EvaluationException(expression.path(), expression.path() + " gave " + value + ", not a number");
        }
        double rounded = Math.floor(Math.abs(value) + 0.5);
        if (rounded >= 0x1p63) {
            throw new EvaluationException(expression.path(), expression.path() + " gave " + value + ", too large");
        }
        return value < 0 ? -(long) rounded : (long) rounded;
    }
}
