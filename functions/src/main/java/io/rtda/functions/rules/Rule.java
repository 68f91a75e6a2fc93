package io.rtda.functions.rules;

import io.rtda.functions.alert.AlertPolicy;
import java.util.List;
import java.util.Map;

/**
 * A validated rule; build one with {@link RuleParser}. Immutable.
 *
 * @param id              the rule id, {@code [A-Za-z0-9._-]}, 1-64 characters
 * @param description     free text, may be empty
 * @param kind            threshold, absence or sequence
 * @param selector        the streams it applies to
 * @param when            the firing condition; for sequences the first condition (A)
 * @param clear           the clear condition (hysteresis), or null: resolve when {@code when} stops holding
 * @param policy          for, keep-firing-for and cooldown
 * @param severity        severity of its alerts
 * @param labels          copied onto every alert
 * @param annotations     copied onto every alert, with {@code {stream}}, {@code {rule}}, {@code {value}} filled in
 * @param absentForMillis absence rules: silence that fires, else 0
 * @param expected        absence rules: streams expected even before their first reading
 * @param then            sequence rules: the second condition (B), else null
 * @param withinMillis    sequence rules: B must hold within this long after A, else 0
 * @param minConfidence   conditions count as not holding while the anomaly model's confidence is below this
 * @param definition      the document as accepted, for reading back and persisting
 */
public record Rule(String id, String description, Kind kind, StreamSelector selector, Condition when,
        Condition clear, AlertPolicy policy, Severity severity, Map<String, String> labels,
        Map<String, String> annotations, long absentForMillis, List<String> expected, Condition then,
        long withinMillis, double minConfidence, Map<String, Object> definition) {

    /** What a rule watches. */
    public enum Kind {
        /** A condition on the stream's metrics. */
        THRESHOLD,
        /** No reading for a duration. */
        ABSENCE,
        /** Condition A, then condition B within a duration. */
        SEQUENCE
    }

    public Rule {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        expected = List.copyOf(expected);
        definition = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(definition));
    }

    /** The metric that the alert's {@code value} reports. */
    public Metric valueMetric() {
        return kind == Kind.SEQUENCE ? then.metric() : when.metric();
    }
}
