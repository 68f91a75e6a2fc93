package io.rtda.functions.history;

/**
 * One alert transition as stored: the columns queries filter on, and the whole transition as JSON in
 * {@code body} (the wire form the API and the brokers carry).
 *
 * @param eventId  {@code <alert-id>#<sequence>}, unique: storing a transition twice keeps one row
 * @param alertId  {@code <rule>/<stream>}
 * @param sequence the alert's transition number
 * @param ruleId   the rule
 * @param stream   the stream
 * @param from     previous state, or null
 * @param to       new state
 * @param at       epoch ms
 * @param severity the rule's severity
 * @param body     the transition as JSON
 */
public record TransitionRow(String eventId, String alertId, long sequence, String ruleId, String stream,
        String from, String to, long at, String severity, String body) {
}
