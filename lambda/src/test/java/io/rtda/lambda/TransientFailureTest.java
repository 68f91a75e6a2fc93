package io.rtda.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Which records a partial batch response lists: for SQS every message not read, transient failures and poison
 * alike (the queue's redrive policy bounds the retries and keeps the message); for Kinesis the first record
 * that failed and every record after it, unprocessed, so the retry replays them in order.
 */
class TransientFailureTest {
    /** Our own ingest service, failing transiently for the given record ids (the broker did not confirm). */
    private static final class FlakyIngest extends EventIngest {
        final Set<String> failing;
        final List<String> stored = new ArrayList<>();
        final List<Long> arrivals = new ArrayList<>();

        FlakyIngest(Set<String> failing) {
            super(null, null, new SimpleMeterRegistry());
            this.failing = failing;
        }

        @Override
        public RecordOutcome record(String source, String recordId, byte[] body, boolean ndjson, long arrival) {
            if (failing.contains(recordId)) {
                throw new BrokerUnavailableException("RTDA-DST-010 no confirm", null);
            }
            if (new String(body, StandardCharsets.UTF_8).startsWith("not json")) {
                return RecordOutcome.poison("not JSON");
            }
            stored.add(recordId);
            arrivals.add(arrival);
            return RecordOutcome.read(new IngestResponse(1, 0, List.of()));
        }

        @Override
        public RecordOutcome poison(String source, String recordId, String reason) {
            return RecordOutcome.poison(reason);
        }
    }

    private static SqsEvent.Message message(String id, String body) {
        return new SqsEvent.Message(id, body, Map.of("ApproximateReceiveCount", "2", "SentTimestamp",
                "1795000000123"), "aws:sqs");
    }

    @Test
    void shouldListTheSqsMessagesNotReadTransientOrPoisonAndTakeTheSentTimestampAsArrival() {
        SqsHandler handler = new SqsHandler();
        FlakyIngest ingest = new FlakyIngest(Set.of("m-2"));
        handler.ingest = ingest;
        String reading = "{\"stream\":\"s\",\"value\":1}";

        BatchResponse response = handler.handleRequest(new SqsEvent(List.of(message("m-1", reading),
                message("m-2", reading), message("m-3", "not json"), message("m-4", reading))), null);

        assertEquals(List.of(new BatchResponse.ItemFailure("m-2"), new BatchResponse.ItemFailure("m-3")),
                response.batchItemFailures());
        assertEquals(List.of("m-1", "m-4"), ingest.stored);
        assertEquals(List.of(1795000000123L, 1795000000123L), ingest.arrivals);
    }

    @Test
    void shouldStopAtTheFirstKinesisFailureAndListItAndEveryLaterRecordUnprocessed() {
        KinesisHandler handler = new KinesisHandler();
        FlakyIngest ingest = new FlakyIngest(Set.of("seq-2"));
        handler.ingest = ingest;
        String data = Base64.getEncoder().encodeToString("{\"stream\":\"s\",\"value\":1}"
                .getBytes(StandardCharsets.UTF_8));
        List<KinesisEvent.Record> records = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            records.add(new KinesisEvent.Record(new KinesisEvent.Data("s", "seq-" + i, data, 1545084650.987 + i),
                    "shard:seq-" + i, "aws:kinesis"));
        }

        assertEquals(List.of(new BatchResponse.ItemFailure("seq-2"), new BatchResponse.ItemFailure("seq-3"),
                new BatchResponse.ItemFailure("seq-4")),
                handler.handleRequest(new KinesisEvent(records), null).batchItemFailures());
        assertEquals(List.of("seq-1"), ingest.stored, "nothing after the failure is applied before its retry");
        assertEquals(List.of(1545084651987L), ingest.arrivals, "the record's arrival time, in ms");
    }
}
