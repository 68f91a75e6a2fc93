package io.rtda.functions.analysis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.rtda.accelerator.backend.Backends;
import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.ingest.StreamPage;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.models.baseline.RobustZDetector;
import io.rtda.models.score.AnomalyDetector;
import io.rtda.models.score.AnomalyScore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Ingest and query over the in-process analytics core. Thread-safe. */
@Startup
@ApplicationScoped
public class AnalysisService {
    private static final Logger LOG = Logger.getLogger(AnalysisService.class);

    private final WindowEngine<AnomalyScore> engine;
    private final String backend;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter windowsUpdated;
    private final MeterRegistry registry;
    private final Timer batchLatency;
    @Inject
    Instance<BatchObserver> observers;

    @Inject
    public AnalysisService(RtdaConfig config, MeterRegistry registry) {
        RtdaConfig.Window w = config.window();
        WindowConfig windows = new WindowConfig(w.countSize(), w.timeSpan(), w.lateTolerance(), w.maxSamples(),
                w.maxStreams(), config.ingest().maxClockSkew().orElse(null));
        Backends.Backend selection = Backends.select(config.accelerator().backend(), w.countSize(), 1024);
        AnomalyDetector detector = new RobustZDetector(config.model().rangeK(), config.model().warmup());
        this.engine = new WindowEngine<>(windows, selection.kernel(), selection.device(),
                (stream, stats, window, previous) -> detector.score(stream, stats, window),
                System::currentTimeMillis, config.accelerator().quantilesEveryBatch());
        this.backend = selection.name();
        this.registry = registry;
        this.accepted = Counter.builder("rtda.readings.accepted").description("Readings stored in a window")
                .register(registry);
        this.duplicates = Counter.builder("rtda.readings.duplicate")
                .description("Readings identical to a stored one, kept once").register(registry);
        this.windowsUpdated = Counter.builder("rtda.windows.updated")
                .description("Stream windows whose statistics were recomputed").register(registry);
        this.batchLatency = Timer.builder("rtda.ingest.batch").description("Time to apply one batch to the windows")
                .publishPercentileHistogram().register(registry);
        registry.gauge("rtda.streams", engine, WindowEngine::streamCount);
        LOG.infof("RTDA-APP-001 analytics ready: backend=%s, count window=%d, time window=%s, late tolerance=%s, "
                + "detector=%s", backend, w.countSize(), w.timeSpan(), w.lateTolerance(), detector.name());
    }

    /** Frees the statistics device, if one is in use. */
    @PreDestroy
    void close() {
        engine.close();
    }

    /** Applies a batch of valid readings; per-record outcomes are in the result. */
    public BatchResult ingest(ReadingBatch batch) {
        long start = System.nanoTime();
        BatchResult result = engine.apply(batch);
        batchLatency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        accepted.increment(result.accepted());
        duplicates.increment(result.duplicates());
        windowsUpdated.increment(result.windowsUpdated());
        result.rejected().forEach(r -> countRejected(r.field()));
        if (observers != null && result.accepted() > 0) {
            observers.forEach(o -> o.applied(batch, result));
        }
        return result;
    }

    /** Counts a refused record by the field at fault (also for records refused before reaching the engine). */
    public void countRejected(String field) {
        registry.counter("rtda.readings.rejected", "field", field).increment();
    }

    public Optional<StreamSnapshot<AnomalyScore>> snapshot(String stream) {
        return engine.snapshot(stream);
    }

    public Optional<WindowStats> stats(String stream, WindowKind kind) {
        return engine.stats(stream, kind);
    }

    public boolean timeWindowTruncated(String stream) {
        return engine.timeWindowTruncated(stream);
    }

    public StreamPage streams(String after, int limit) {
        return engine.streams(after, limit);
    }

    public WindowConfig windows() {
        return engine.config();
    }

    /** The statistics backend in use. */
    public String backend() {
        return backend;
    }

    public int streamCount() {
        return engine.streamCount();
    }
}
