package io.rtda.functions.serverless;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.rtda.accelerator.reading.InvalidReadingException;
import io.rtda.accelerator.reading.Reading;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.functions.ingest.IngestResponse;
import io.rtda.functions.query.MetricsQuery;
import io.rtda.functions.query.MetricsView;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Funqy functions. Over HTTP (funqy-http): {@code POST /ingest}, {@code POST /ingestBatch},
 * {@code POST /metrics}. As Knative CloudEvents ({@code POST /}): type {@code io.rtda.readings.v1} runs
 * {@code ingest}, {@code io.rtda.readings.batch.v1} runs {@code ingestBatch}; both answer with a
 * {@code io.rtda.readings.result.v1} event (see application.properties). Thin adapters over
 * {@link EventIngest} and {@link MetricsQuery}.
 */
public class ReadingFunctions {
    /** Most streams one {@code metrics} call may ask for. */
    public static final int MAX_STREAMS = 1000;

    @Inject
    EventIngest ingest;

    @Inject
    MetricsQuery metrics;

    /** One reading or an array of readings; the per-reading result. */
    @Funq
    public IngestResponse ingest(JsonNode readings, @Context CloudEvent<?> event) {
        return EventIngest.asResponse(ingest.record("cloudevent", eventId(event), readings));
    }

    /** A batch envelope {@code {batchId, readings}}; the per-reading result with the batch id. */
    @Funq
    public BatchResultEvent ingestBatch(ReadingsBatch batch, @Context CloudEvent<?> event) {
        String id = batch == null ? null : batch.batchId();
        IngestResponse r = EventIngest.asResponse(ingest.record("cloudevent", id != null ? id : eventId(event),
                batch == null ? null : batch.readings()));
        return new BatchResultEvent(id, r.accepted(), r.duplicates(), r.rejected());
    }

    /** The latest metrics of each requested stream. */
    @Funq
    public MetricsAnswer metrics(MetricsRequest request) {
        List<String> streams = request == null || request.streams() == null ? List.of() : request.streams();
        if (streams.size() > MAX_STREAMS) {
            throw new IllegalArgumentException("streams: at most " + MAX_STREAMS + " per call, was "
                    + streams.size());
        }
        WindowKind kind = WindowKind.parse(request == null ? null : request.window());
        List<MetricsView> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<MetricsAnswer.Invalid> invalid = new ArrayList<>();
        for (String id : streams) {
            try {
                Reading.checkStream(id);
            } catch (InvalidReadingException e) {
                invalid.add(new MetricsAnswer.Invalid(id, "stream id " + e.reason()));
                continue;
            }
            Optional<MetricsView> view = metrics.latest(id, kind);
            if (view.isPresent()) {
                found.add(view.get());
            } else {
                unknown.add(id);
            }
        }
        return new MetricsAnswer(found, unknown, invalid);
    }

    private static String eventId(CloudEvent<?> event) {
        return event == null || event.id() == null ? "(no id)" : event.id();
    }
}
