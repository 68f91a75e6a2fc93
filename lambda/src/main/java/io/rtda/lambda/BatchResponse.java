package io.rtda.lambda;

import java.util.List;

/**
 * A partial batch response (SQS and Kinesis event source mappings with {@code ReportBatchItemFailures}):
 * only the listed records are retried; an empty list means the whole batch succeeded.
 *
 * @param batchItemFailures the records to retry
 */
public record BatchResponse(List<ItemFailure> batchItemFailures) {
    /**
     * @param itemIdentifier SQS message id, or Kinesis sequence number
     */
    public record ItemFailure(String itemIdentifier) {
    }
}
