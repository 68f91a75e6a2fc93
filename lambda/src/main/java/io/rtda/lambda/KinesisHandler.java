package io.rtda.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.rtda.functions.serverless.EventIngest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Kinesis batches ({@code QUARKUS_LAMBDA_HANDLER=kinesis}). Each record's base64 data is one reading or an
 * array of readings. Refused readings and unreadable records are reported in the log and metrics and not
 * retried. At the first record that fails for a transient reason the handler stops: that record and every
 * later one are listed by sequence number in {@code batchItemFailures}, unprocessed. Lambda retries the shard
 * from the lowest listed sequence number, so the records come again in their order: storing later records
 * first would make the retried one late (refused) for its streams. Readings without {@code ts} take the
 * record's {@code approximateArrivalTimestamp}, so a redelivered record is a duplicate, stored once. Bound the
 * retries with the event source mapping's {@code MaximumRetryAttempts} and an on-failure destination.
 */
@Named("kinesis")
public class KinesisHandler implements RequestHandler<KinesisEvent, BatchResponse> {
    private static final Logger LOG = Logger.getLogger(KinesisHandler.class);

    @Inject
    EventIngest ingest;

    @Override
    public BatchResponse handleRequest(KinesisEvent event, Context context) {
        List<BatchResponse.ItemFailure> failures = new ArrayList<>();
        for (KinesisEvent.Record r : event == null || event.records() == null ? List.<KinesisEvent.Record>of()
                : event.records()) {
            KinesisEvent.Data k = r.kinesis();
            String id = k == null ? r.eventID() : k.sequenceNumber();
            if (!failures.isEmpty()) {
                failures.add(new BatchResponse.ItemFailure(id)); // after a failure, in order on the retry
                continue;
            }
            if (k == null || k.data() == null) {
                ingest.poison("kinesis", id, "the record has no kinesis.data");
                continue;
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(k.data());
            } catch (IllegalArgumentException e) {
                ingest.poison("kinesis", id, "kinesis.data is not base64: " + e.getMessage());
                continue;
            }
            try {
                ingest.record("kinesis", id, bytes, false, k.arrivalMillis(System.currentTimeMillis()));
            } catch (RuntimeException e) {
                LOG.warnf("RTDA-LMB-002 kinesis record %s failed, left for retry with the %d record(s) after it: %s",
                        id, event.records().size() - 1 - event.records().indexOf(r), e);
                failures.add(new BatchResponse.ItemFailure(id));
            }
        }
        return new BatchResponse(failures);
    }
}
