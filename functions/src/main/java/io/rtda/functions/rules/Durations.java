package io.rtda.functions.rules;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations in rule documents: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or ISO-8601 {@code PT30S}. */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h|d)");
    private static final long MAX_MILLIS = Duration.ofDays(366).toMillis();

    private Durations() {
    }

    static long parseMillis(String field, Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new RuleViolation(field, "must be a duration such as \"30s\", \"500ms\", \"5m\" or \"PT30S\", was "
                    + describe(value));
        }
        long millis;
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double unit = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            millis = Math.round(n * unit);
        } else {
            try {
                millis = Duration.parse(text.trim()).toMillis();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new RuleViolation(field, "cannot read duration '" + text
                        + "': write a number and a unit (ms, s, m, h, d) such as \"30s\", or ISO-8601 \"PT30S\"");
            }
        }
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new RuleViolation(field, "must be between 0 and 366 days, was '" + text + "'");
        }
        return millis;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof String s ? "'" + s + "'" : value + " (a " + kind(value) + ")";
    }

    static String kind(Object value) {
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof java.util.Map) {
            return "object";
        }
        return value instanceof java.util.List ? "list" : value.getClass().getSimpleName();
    }

    static String format(long millis) {
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
    }
}
