package io.rtda.functions.alert;

import java.util.Map;

/**
 * One state change of one alert: the unit of notification. Immutable.
 *
 * @param alertId     stable id of the alert, {@code <rule-id>/<stream>}
 * @param sequence    1 for the alert's first transition, then consecutive; with {@code alertId} a unique,
 *                    ordered event id ({@link #eventId()}) consumers dedup on
 * @param ruleId      the rule
 * @param stream      the stream
 * @param from        the previous state, null for the first transition of the alert's life
 * @param to          the new state
 * @param at          when, epoch ms of the evaluation clock
 * @param severity    the rule's severity
 * @param value       the value of the condition's metric at the transition (NaN if undefined)
 * @param reason      why, in words ({@code "p95 > 80 held 10.0 s over 3 evaluations"})
 * @param metrics     the stream's metrics that the decision saw
 * @param expectation the anomaly model's view, or null when the stream has none
 * @param labels      the rule's labels
 * @param annotations the rule's annotations, with {@code {stream}}, {@code {value}} and {@code {rule}} filled in
 */
public record AlertTransition(String alertId, long sequence, String ruleId, String stream, AlertState from,
        AlertState to, long at, String severity, double value, String reason, Map<String, Double> metrics,
        Expectation expectation, Map<String, String> labels, Map<String, String> annotations) {
    public AlertTransition {
        metrics = Map.copyOf(metrics);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A globally unique id of this transition: {@code <alert-id>#<sequence>}. */
    public String eventId() {
        return alertId + "#" + sequence;
    }
}
