package io.rtda.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A Kinesis Data Streams event source batch, as AWS documents it ("Using Lambda with Kinesis"); fields RTDA
 * does not read are ignored.
 *
 * @param records the records
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KinesisEvent(@JsonProperty("Records") List<Record> records) {
    /**
     * @param kinesis     the Kinesis part of the record
     * @param eventID     {@code shardId:sequenceNumber}
     * @param eventSource {@code aws:kinesis}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Record(Data kinesis, String eventID, String eventSource) {
    }

    /**
     * @param partitionKey   the producer's partition key
     * @param sequenceNumber the id to name in {@code batchItemFailures}
     * @param data           base64 of the record's bytes: one reading or an array of readings (JSON)
     * @param approximateArrivalTimestamp when Kinesis took the record, epoch seconds with a fraction; null if
     *                       absent
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String partitionKey, String sequenceNumber, String data, Double approximateArrivalTimestamp) {
        public Data(String partitionKey, String sequenceNumber, String data) {
            this(partitionKey, sequenceNumber, data, null);
        }

        /** The arrival time in epoch ms, or {@code fallback} when the record does not carry one. */
        public long arrivalMillis(long fallback) {
            return approximateArrivalTimestamp == null ? fallback : Math.round(approximateArrivalTimestamp * 1000);
        }
    }
}
