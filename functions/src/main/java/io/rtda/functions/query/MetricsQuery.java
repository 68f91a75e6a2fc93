package io.rtda.functions.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.functions.analysis.AnalysisService;
import io.rtda.functions.distributed.DistributedRuntime;
import io.rtda.functions.distributed.QueryRequester;
import io.rtda.models.score.AnomalyScore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The latest metrics of one stream as every transport answers them (REST, Funqy, Lambda). The caller has
 * validated the stream id. In front mode the answer comes from the worker that owns the stream (a query
 * broadcast to the workers over the broker; see {@code QueryRequester}); otherwise from this process's
 * windows. Thread-safe.
 */
@ApplicationScoped
public class MetricsQuery {
    private final AnalysisService analysis;
    private final Instance<DistributedRuntime> runtime;
    private final ObjectMapper mapper;

    @Inject
    public MetricsQuery(AnalysisService analysis, Instance<DistributedRuntime> runtime, ObjectMapper mapper) {
        this.analysis = analysis;
        this.runtime = runtime;
        this.mapper = mapper;
    }

    /** The stream's metrics for the given window, or empty when no reading of it has been stored. */
    public Optional<MetricsView> latest(String id, WindowKind kind) {
        Optional<QueryRequester> remote = runtime.get().requester();
        if (remote.isEmpty()) {
            return local(id, kind);
        }
        return remote.get().ask(id, kind.name().toLowerCase(Locale.ROOT)).map(this::read);
    }

    private MetricsView read(byte[] json) {
        try {
            return mapper.readValue(json, MetricsView.class);
        } catch (IOException e) {
            throw new IllegalStateException("RTDA-DST-014 a worker answered unreadable metrics: " + e.getMessage(), e);
        }
    }

    /** The stream's metrics from this process's windows, or empty when none of its readings are here. */
    public Optional<MetricsView> local(String id, WindowKind kind) {
        Optional<StreamSnapshot<AnomalyScore>> found = analysis.snapshot(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StreamSnapshot<AnomalyScore> snapshot = found.get();
        WindowConfig config = analysis.windows();
        WindowStats stats;
        MetricsView.Window described;
        if (kind == WindowKind.COUNT) {
            stats = snapshot.stats();
            if (Double.isNaN(stats.p50()) && stats.count() > 0) {
                stats = analysis.stats(id, kind).orElse(stats);
            }
            described = new MetricsView.Window("count", config.countSize(), "samples", false);
        } else {
            stats = analysis.stats(id, kind).orElse(WindowStats.EMPTY);
            described = new MetricsView.Window("time", config.timeSpan().toMillis(), "ms",
                    analysis.timeWindowTruncated(id));
        }
        return Optional.of(MetricsView.of(id, Instant.ofEpochMilli(snapshot.updatedAt()), described, stats,
                snapshot.analysis()));
    }
}
