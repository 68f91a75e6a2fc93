package io.rtda.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An SQS event source batch, as AWS documents it ("Using Lambda with Amazon SQS"); fields RTDA does not read
 * are ignored.
 *
 * @param records the messages
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqsEvent(@JsonProperty("Records") List<Message> records) {
    /**
     * @param messageId  the id to name in {@code batchItemFailures}
     * @param body       the message body: one reading or an array of readings (JSON)
     * @param attributes system attributes, e.g. {@code ApproximateReceiveCount}
     * @param eventSource {@code aws:sqs}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String messageId, String body, Map<String, String> attributes, String eventSource) {
        /** When SQS took the message ({@code SentTimestamp}, epoch ms), or {@code fallback} if absent. */
        public long sentMillis(long fallback) {
            String sent = attributes == null ? null : attributes.get("SentTimestamp");
            try {
                return sent == null ? fallback : Long.parseLong(sent);
            } catch (NumberFormatException e) {
                return fallback;
            }
        }

        /** How often SQS has delivered this message, 1 on the first delivery. */
        public int receiveCount() {
            String n = attributes == null ? null : attributes.get("ApproximateReceiveCount");
            try {
                return n == null ? 1 : Integer.parseInt(n);
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }
}
