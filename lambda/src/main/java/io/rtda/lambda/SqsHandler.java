package io.rtda.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.rtda.functions.serverless.EventIngest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * SQS batches ({@code QUARKUS_LAMBDA_HANDLER=sqs}). Each message body is one reading or an array of readings.
 * Refused readings and unreadable messages are reported in the log and metrics and not retried (retrying
 * cannot fix them); only messages that failed for a transient reason are listed in {@code batchItemFailures},
 * until they have been received {@code rtda.lambda.max-receives} times, after which they too are reported
 * once as poison instead of being retried forever.
 */
@Named("sqs")
public class SqsHandler implements RequestHandler<SqsEvent, BatchResponse> {
    private static final Logger LOG = Logger.getLogger(SqsHandler.class);

    @Inject
    EventIngest ingest;

    @ConfigProperty(name = "rtda.lambda.max-receives", defaultValue = "5")
    int maxReceives;

    @Override
    public BatchResponse handleRequest(SqsEvent event, Context context) {
        List<BatchResponse.ItemFailure> failures = new ArrayList<>();
        for (SqsEvent.Message m : event == null || event.records() == null ? List.<SqsEvent.Message>of()
                : event.records()) {
            if (m.body() == null) {
                ingest.poison("sqs", m.messageId(), "the message has no body");
                continue;
            }
            try {
                ingest.record("sqs", m.messageId(), m.body().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                if (m.receiveCount() >= maxReceives) {
                    ingest.poison("sqs", m.messageId(), "failed on " + m.receiveCount() + " deliveries "
                            + "(rtda.lambda.max-receives), last: " + e);
                } else {
                    LOG.warnf("RTDA-LMB-001 sqs message %s failed (delivery %d), left for retry: %s", m.messageId(),
                            m.receiveCount(), e);
                    failures.add(new BatchResponse.ItemFailure(m.messageId()));
                }
            }
        }
        return new BatchResponse(failures);
    }
}
