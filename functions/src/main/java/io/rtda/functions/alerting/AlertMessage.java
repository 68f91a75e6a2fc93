package io.rtda.functions.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.functions.alert.Expectation;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire form of an alert transition: HTTP, SSE, RabbitMQ and MQTT all carry exactly this JSON.
 *
 * @param id          unique event id {@code <alertId>#<sequence>}: consumers dedup on it
 * @param alertId     stable alert id {@code <rule>/<stream>}
 * @param sequence    per-alert transition number, 1, 2, ...: order per alert
 * @param rule        rule id
 * @param stream      stream id
 * @param from        previous state, absent on an alert's first transition
 * @param state       the new state: pending, firing or resolved
 * @param at          ISO-8601 time of the transition
 * @param severity    info, warning or critical
 * @param value       the condition metric's value, absent if undefined
 * @param reason      why, in words
 * @param metrics     the stream's metrics at the transition
 * @param expected    the anomaly model's expectation, absent if none
 * @param labels      the rule's labels
 * @param annotations the rule's annotations, filled in
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertMessage(String id, String alertId, long sequence, String rule, String stream, String from,
        String state, String at, String severity, Double value, String reason, Map<String, Double> metrics,
        Expectation expected, Map<String, String> labels, Map<String, String> annotations) {

    /** The message of {@code t}, its maps in key order: the same transition always serializes to the same bytes. */
    public static AlertMessage of(AlertTransition t) {
        return new AlertMessage(t.eventId(), t.alertId(), t.sequence(), t.ruleId(), t.stream(),
                t.from() == null ? null : t.from().wire(), t.to().wire(), Instant.ofEpochMilli(t.at()).toString(),
                t.severity(), Double.isFinite(t.value()) ? t.value() : null, t.reason(), new TreeMap<>(t.metrics()),
                t.expectation(), new TreeMap<>(t.labels()), new TreeMap<>(t.annotations()));
    }
}
