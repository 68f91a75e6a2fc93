package io.rtda.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtda.functions.distributed.BrokerUnavailableException;
import io.rtda.functions.ingest.IngestResponse;
import io.rtda.functions.serverless.EventIngest;
import io.rtda.functions.serverless.RecordOutcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which records a partial batch response lists: only those that failed for a transient reason, and for SQS
 * only until {@code rtda.lambda.max-receives}; then the record is reported once as poison instead.
 */
class TransientFailureTest {
    /** Our own ingest service, failing transiently for the given record ids (the broker did not confirm). */
    private static final class FlakyIngest extends EventIngest {
        final Set<String> failing;
        final List<String> poisoned = new ArrayList<>();

        FlakyIngest(Set<String> failing) {
            super(null, null, new SimpleMeterRegistry());
            this.failing = failing;
        }

        @Override
        public RecordOutcome record(String source, String recordId, byte[] body) {
            if (failing.contains(recordId)) {
                throw new BrokerUnavailableException("RTDA-DST-010 no confirm", null);
            }
            return RecordOutcome.read(new IngestResponse(1, 0, List.of()));
        }

        @Override
        public RecordOutcome poison(String source, String recordId, String reason) {
            poisoned.add(recordId + ": " + reason);
            return RecordOutcome.poison(reason);
        }
    }

    private static SqsEvent.Message message(String id, int receiveCount) {
        return new SqsEvent.Message(id, "{\"stream\":\"s\",\"value\":1}",
                Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)), "aws:sqs");
    }

    @Test
    void shouldListOnlyTheSqsMessageThatFailedTransientlyAndGiveUpAfterMaxReceives() {
        SqsHandler handler = new SqsHandler();
        FlakyIngest ingest = new FlakyIngest(Set.of("m-2", "m-3"));
        handler.ingest = ingest;
        handler.maxReceives = 5;

        BatchResponse response = handler.handleRequest(new SqsEvent(List.of(message("m-1", 1), message("m-2", 2),
                message("m-3", 5))), null);

        assertEquals(List.of(new BatchResponse.ItemFailure("m-2")), response.batchItemFailures());
        assertEquals(1, ingest.poisoned.size());
        assertTrue(ingest.poisoned.get(0).startsWith("m-3: failed on 5 deliveries"), ingest.poisoned.get(0));
    }

    @Test
    void shouldListTheKinesisRecordThatFailedTransientlyBySequenceNumber() {
        KinesisHandler handler = new KinesisHandler();
        handler.ingest = new FlakyIngest(Set.of("seq-2"));
        String data = Base64.getEncoder().encodeToString("{\"stream\":\"s\",\"value\":1}"
                .getBytes(StandardCharsets.UTF_8));
        KinesisEvent event = new KinesisEvent(List.of(
                new KinesisEvent.Record(new KinesisEvent.Data("s", "seq-1", data), "shard:seq-1", "aws:kinesis"),
                new KinesisEvent.Record(new KinesisEvent.Data("s", "seq-2", data), "shard:seq-2", "aws:kinesis")));

        assertEquals(List.of(new BatchResponse.ItemFailure("seq-2")),
                handler.handleRequest(event, null).batchItemFailures());
    }
}
