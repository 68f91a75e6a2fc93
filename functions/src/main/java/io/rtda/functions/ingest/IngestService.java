package io.rtda.functions.ingest;

import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.ingest.Rejection;
import io.rtda.functions.analysis.AnalysisService;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.distributed.ReadingSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Parses a request body and applies it: the one ingest path for every transport that carries JSON. */
@ApplicationScoped
public class IngestService {
    /** NDJSON media type. */
    public static final String NDJSON = "application/x-ndjson";

    private final AnalysisService analysis;
    private final ReadingSink sink;
    private final ReadingParser parser;

    @Inject
    public IngestService(AnalysisService analysis, RtdaConfig config, ReadingSink sink) {
        this.analysis = analysis;
        this.sink = sink;
        this.parser = new ReadingParser(config.ingest().maxRecords());
    }

    /**
     * @param body   the raw body
     * @param ndjson true for NDJSON, false for a JSON array or object
     * @throws MalformedBodyException   when the body as a whole cannot be read
     * @throws TooManyRecordsException  when it holds more records than allowed
     * @throws io.rtda.functions.distributed.BrokerUnavailableException in front mode, when the broker did not
     *                                  take the readings (safe to retry)
     */
    public IngestResponse ingest(byte[] body, boolean ndjson) {
        return ingest(body, ndjson, System.currentTimeMillis());
    }

    /**
     * As {@link #ingest(byte[], boolean)}, with {@code arrival} (epoch ms) as the event time of readings without
     * {@code ts}: a queue's own arrival time for the record makes a redelivery a duplicate, not a new reading.
     */
    public IngestResponse ingest(byte[] body, boolean ndjson, long arrival) {
        ParsedBatch parsed = ndjson ? parser.parseNdjson(body, arrival) : parser.parseJson(body, arrival);
        parsed.rejected().forEach(r -> analysis.countRejected(r.field()));
        BatchResult result = sink.apply(parsed.batch());
        List<Rejection> rejected = parsed.rejected();
        if (!result.rejected().isEmpty()) {
            rejected = new ArrayList<>(parsed.rejected());
            rejected.addAll(result.rejected());
            rejected.sort(Comparator.comparingInt(Rejection::index));
        }
        return new IngestResponse(result.accepted(), result.duplicates(), rejected);
    }
}
