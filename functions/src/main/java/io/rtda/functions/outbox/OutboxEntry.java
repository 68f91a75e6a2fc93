package io.rtda.functions.outbox;

/**
 * One message waiting for delivery. No field may contain a tab or a line break (the journal format).
 *
 * @param seq     position in the outbox, increasing; assigned on append
 * @param address where it goes (a RabbitMQ routing key, an MQTT topic)
 * @param id      the message's unique id (consumers dedup on it)
 * @param type    the message type (CloudEvents {@code type})
 * @param time    ISO-8601 time of the event
 * @param payload the body, compact JSON
 */
public record OutboxEntry(long seq, String address, String id, String type, String time, String payload) {
    public OutboxEntry {
        for (String s : new String[] {address, id, type, time, payload}) {
            if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("outbox fields may not contain tabs or line breaks: " + s);
            }
        }
    }
}
