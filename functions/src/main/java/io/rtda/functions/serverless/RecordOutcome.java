package io.rtda.functions.serverless;

import io.rtda.functions.ingest.IngestResponse;

/**
 * What became of one event record (an SQS message, a Kinesis record, a CloudEvent): its readings' result,
 * or why the record as a whole can never be ingested (poison: retrying it cannot help).
 *
 * @param response per-reading result; null when the record is poison
 * @param poison   why the record cannot be read; null when it was read
 */
public record RecordOutcome(IngestResponse response, String poison) {
    /** A record that was read (some of its readings may still have been refused). */
    public static RecordOutcome read(IngestResponse response) {
        return new RecordOutcome(response, null);
    }

    /** A record that can never be ingested. */
    public static RecordOutcome poison(String reason) {
        return new RecordOutcome(null, reason);
    }

    public boolean isPoison() {
        return poison != null;
    }
}
