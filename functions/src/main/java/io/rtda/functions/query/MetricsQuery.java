package io.rtda.functions.query;

import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.functions.analysis.AnalysisService;
import io.rtda.models.score.AnomalyScore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * The latest metrics of one stream as every transport answers them (REST, Funqy, Lambda). The caller has
 * validated the stream id. Thread-safe.
 */
@ApplicationScoped
public class MetricsQuery {
    private final AnalysisService analysis;

    @Inject
    public MetricsQuery(AnalysisService analysis) {
        this.analysis = analysis;
    }

    /** The stream's metrics for the given window, or empty when no reading of it has been stored here. */
    public Optional<MetricsView> latest(String id, WindowKind kind) {
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
