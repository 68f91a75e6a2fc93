package io.rtda.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.rtda.functions.serverless.EventIngest;
import io.rtda.functions.serverless.RecordOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * SQS batches ({@code QUARKUS_LAMBDA_HANDLER=sqs}). Each message body is one reading or an array of readings.
 * Refused readings are reported in the log and metrics and not retried (retrying cannot fix them, and the
 * message's other readings are stored). A message that cannot be read at all (poison), or that failed for a
 * transient reason, is listed in {@code batchItemFailures}: SQS delivers it again, and after the queue's
 * {@code maxReceiveCount} its redrive policy moves it to the dead-letter queue, where it can be inspected and
 * redriven, rather than being deleted. Readings without {@code ts} take the message's {@code SentTimestamp},
 * so a redelivered message is a duplicate, stored once.
 */
@Named("sqs")
public class SqsHandler implements RequestHandler<SqsEvent, BatchResponse> {
    private static final Logger LOG = Logger.getLogger(SqsHandler.class);

    @Inject
    EventIngest ingest;

    @Override
    public BatchResponse handleRequest(SqsEvent event, Context context) {
        List<BatchResponse.ItemFailure> failures = new ArrayList<>();
        for (SqsEvent.Message m : event == null || event.records() == null ? List.<SqsEvent.Message>of()
                : event.records()) {
            if (m.body() == null) {
                ingest.poison("sqs", m.messageId(), "the message has no body (delivery " + m.receiveCount()
                        + "; the dead-letter queue takes it after the queue's maxReceiveCount)");
                failures.add(new BatchResponse.ItemFailure(m.messageId()));
                continue;
            }
            try {
                RecordOutcome outcome = ingest.record("sqs", m.messageId(), m.body().getBytes(StandardCharsets.UTF_8),
                        false, m.sentMillis(System.currentTimeMillis()));
                if (outcome.isPoison()) {
                    failures.add(new BatchResponse.ItemFailure(m.messageId()));
                }
            } catch (RuntimeException e) {
                LOG.warnf("RTDA-LMB-001 sqs message %s failed (delivery %d), left for retry: %s", m.messageId(),
                        m.receiveCount(), e);
                failures.add(new BatchResponse.ItemFailure(m.messageId()));
            }
        }
        return new BatchResponse(failures);
    }
}
