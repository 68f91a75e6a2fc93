package io.rtda.functions.rules;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test on one metric: {@code metric > x}, {@code >=}, {@code <}, {@code <=}, {@code metric outside [a, b]}
 * or {@code metric inside [a, b]} (bounds inclusive for inside, exclusive for outside). An undefined (NaN)
 * value satisfies no condition.
 *
 * @param metric the metric tested
 * @param op     the comparison
 * @param a      the threshold, or the lower bound
 * @param b      the upper bound (ranges only), else NaN
 * @param text   the condition as written, normalized
 */
public record Condition(Metric metric, Op op, double a, double b, String text) {
    private static final Pattern COMPARE = Pattern.compile(
            "\\s*([A-Za-z0-9_]+)\\s*(>=|<=|>|<)\\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s*");
    private static final Pattern RANGE = Pattern.compile("\\s*([A-Za-z0-9_]+)\\s+(outside|inside)\\s*\\[\\s*"
            + "([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s*,\\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s*\\]\\s*",
            Pattern.CASE_INSENSITIVE);

    /** Comparison operators. */
    public enum Op {
        GT(">"), GE(">="), LT("<"), LE("<="), OUTSIDE("outside"), INSIDE("inside");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equalsIgnoreCase(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /** A condition on the seconds since a stream's last reading; used by absence rules. */
    static Condition silence(double seconds) {
        return new Condition(Metric.SILENCE, Op.GE, seconds, Double.NaN, "silence >= " + seconds + " s");
    }

    /**
     * Parses a condition.
     *
     * @param field the rule field it came from, for errors
     * @param text  the condition text
     * @throws RuleViolation naming the field and the expected form
     */
    static Condition parse(String field, String text) {
        String form = "write '<metric> > <number>' (also >=, <, <=) or '<metric> outside [<low>, <high>]' "
                + "(or inside), with metric one of " + Metric.names();
        if (text == null || text.isBlank()) {
            throw new RuleViolation(field, "is required: " + form);
        }
        Matcher m = COMPARE.matcher(text);
        if (m.matches()) {
            Metric metric = metric(field, m.group(1));
            double x = number(field, m.group(3));
            Op op = Op.of(m.group(2));
            return new Condition(metric, op, x, Double.NaN, metric.wire() + " " + op.symbol + " " + m.group(3));
        }
        m = RANGE.matcher(text);
        if (m.matches()) {
            Metric metric = metric(field, m.group(1));
            double low = number(field, m.group(3));
            double high = number(field, m.group(4));
            if (!(low < high)) {
                throw new RuleViolation(field, "range [" + m.group(3) + ", " + m.group(4)
                        + "] must have its lower bound first and below the upper bound");
            }
            Op op = Op.of(m.group(2).toLowerCase(Locale.ROOT));
            return new Condition(metric, op, low, high,
                    metric.wire() + " " + op.symbol + " [" + m.group(3) + ", " + m.group(4) + "]");
        }
        throw new RuleViolation(field, "cannot read condition '" + text + "': " + form);
    }

    private static Metric metric(String field, String name) {
        Metric metric = Metric.parse(name);
        if (metric == null) {
            throw new RuleViolation(field, "unknown metric '" + name + "'; use one of " + Metric.names());
        }
        return metric;
    }

    private static double number(String field, String text) {
        try {
            double x = Double.parseDouble(text);
            if (Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RuleViolation(field, "'" + text + "' is not a finite number");
    }

    /** Whether {@code x} satisfies the condition; never for NaN. */
    public boolean test(double x) {
        if (Double.isNaN(x)) {
            return false;
        }
        return switch (op) {
            case GT -> x > a;
            case GE -> x >= a;
            case LT -> x < a;
            case LE -> x <= a;
            case OUTSIDE -> x < a || x > b;
            case INSIDE -> x >= a && x <= b;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
