package io.rtda.functions.serverless;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.rtda.accelerator.ingest.Rejection;
import io.rtda.functions.ingest.IngestResponse;
import io.rtda.functions.ingest.IngestService;
import io.rtda.functions.ingest.MalformedBodyException;
import io.rtda.functions.ingest.TooManyRecordsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The ingest path of event transports: one record (a reading, or an array of readings) at a time through
 * {@link IngestService}, so validation and per-reading results are those of {@code POST /api/v1/readings}.
 * A record that is not readable at all is poison: logged once with the source and record id, counted in
 * {@code rtda.events.poison{source}}, and reported as such, never thrown, so it cannot fail its neighbours.
 * Transient failures ({@code BrokerUnavailableException} in front mode) propagate so the caller can have the
 * event source retry. Thread-safe.
 */
@ApplicationScoped
public class EventIngest {
    private static final Logger LOG = Logger.getLogger(EventIngest.class);

    private final IngestService ingest;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;

    @Inject
    public EventIngest(IngestService ingest, ObjectMapper mapper, MeterRegistry registry) {
        this.ingest = ingest;
        this.mapper = mapper;
        this.registry = registry;
    }

    /**
     * Ingests one record's raw bytes (JSON: one reading object or an array of them).
     *
     * @param source   the event source for logs and metrics ({@code sqs}, {@code kinesis}, {@code cloudevent})
     * @param recordId the record's id at the source (message id, sequence number, event id)
     */
    public RecordOutcome record(String source, String recordId, byte[] body) {
        return record(source, recordId, body, false);
    }

    /** As {@link #record(String, String, byte[])}, for NDJSON when {@code ndjson} is true. */
    public RecordOutcome record(String source, String recordId, byte[] body, boolean ndjson) {
        return record(source, recordId, body, ndjson, System.currentTimeMillis());
    }

    /**
     * As {@link #record(String, String, byte[], boolean)}, with the time the source received the record (epoch
     * ms) as the event time of readings without {@code ts}, so that a redelivered record is a duplicate.
     */
    public RecordOutcome record(String source, String recordId, byte[] body, boolean ndjson, long arrival) {
        IngestResponse response;
        try {
            response = ingest.ingest(body, ndjson, arrival);
        } catch (MalformedBodyException | TooManyRecordsException e) {
            return poison(source, recordId, e.getMessage());
        }
        if (!response.rejected().isEmpty()) {
            Rejection first = response.rejected().get(0);
            LOG.warnf("RTDA-EVT-002 %s record %s: %d readings refused, first #%d %s: %s", source, recordId,
                    response.rejected().size(), first.index(), first.field(), first.reason());
        }
        return RecordOutcome.read(response);
    }

    /** Ingests readings that a transport has already read as JSON (Funqy, CloudEvents). */
    public RecordOutcome record(String source, String recordId, JsonNode readings) {
        if (readings == null || readings.isNull() || readings.isMissingNode()) {
            return poison(source, recordId, "the event carries no data; send one reading object or an array");
        }
        try {
            return record(source, recordId, mapper.writeValueAsBytes(readings));
        } catch (JsonProcessingException e) {
            return poison(source, recordId, "the data cannot be written back as JSON: " + e.getOriginalMessage());
        }
    }

    /** Reports a record that can never be ingested: logged once, counted. */
    public RecordOutcome poison(String source, String recordId, String reason) {
        LOG.errorf("RTDA-EVT-001 %s record %s is poison and is not retried: %s", source, recordId, reason);
        registry.counter("rtda.events.poison", "source", source).increment();
        return RecordOutcome.poison(reason);
    }

    /** A per-reading response for a poison record: nothing accepted, the record refused as a whole. */
    public static IngestResponse asResponse(RecordOutcome outcome) {
        if (!outcome.isPoison()) {
            return outcome.response();
        }
        return new IngestResponse(0, 0, List.of(new Rejection(0, "$", outcome.poison())));
    }
}
