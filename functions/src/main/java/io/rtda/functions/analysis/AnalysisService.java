package io.rtda.functions.analysis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.rtda.accelerator.backend.Backends;
import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.ingest.StreamPage;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.ingest.WindowAnalyzer;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.functions.checkpoint.CheckpointContributor;
import io.rtda.functions.checkpoint.CheckpointDirectory;
import io.rtda.functions.checkpoint.CheckpointFile;
import io.rtda.functions.checkpoint.CheckpointPart;
import io.rtda.functions.checkpoint.ModelPart;
import io.rtda.functions.checkpoint.ReadingLogPart;
import io.rtda.functions.checkpoint.WindowsPart;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.history.HistoryService;
import io.rtda.functions.readinglog.InFlightBatches;
import io.rtda.functions.readinglog.LogReplay;
import io.rtda.functions.readinglog.ReadingLog;
import io.rtda.functions.readinglog.ReadingLogUnavailableException;
import io.rtda.models.baseline.RobustZDetector;
import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.AnomalyDetector;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.StreamingDetectorAdapter;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/** Ingest and query over the in-process analytics core. Thread-safe. */
@Startup
@ApplicationScoped
public class AnalysisService implements CheckpointContributor {
    private static final Logger LOG = Logger.getLogger(AnalysisService.class);

    private final WindowEngine<AnomalyScore> engine;
    private final String backend;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter windowsUpdated;
    private final MeterRegistry registry;
    private final Timer batchLatency;
    private final CheckpointFile checkpoints;
    /** The learning detector, when one is configured (its state goes into checkpoints). */
    private final StreamingDetectorAdapter learning;
    /** Every applied batch since the latest checkpoint, durable before it is answered; null when off. */
    private final ReadingLog log;
    private final Timer logWait;
    private final Counter logFailures;
    private volatile boolean logFailing;
    private volatile boolean logFull;
    /** Batches between being applied and their rules having run: a checkpoint replays from the oldest. */
    private final InFlightBatches inFlight;
    /** True while the readings log is replayed at start: the history already holds those updates. */
    private volatile boolean replaying;
    /** Streams the replay touched, until the alert rules have looked at them once. */
    private volatile Set<String> replayedStreams = Set.of();
    @Inject
    Instance<BatchObserver> observers;

    @Inject
    public AnalysisService(RtdaConfig config, MeterRegistry registry, HistoryService history,
            CheckpointDirectory directory) {
        RtdaConfig.Window w = config.window();
        WindowConfig windows = new WindowConfig(w.countSize(), w.timeSpan(), w.lateTolerance(), w.maxSamples(),
                w.maxStreams(), config.ingest().maxClockSkew().orElse(null));
        Backends.Backend selection = Backends.select(config.accelerator().backend(), w.countSize(), 1024);
        AnomalyDetector detector = detector(config.model());
        this.learning = detector instanceof StreamingDetectorAdapter a ? a : null;
        // A learning detector scores each batch's touched streams together (batched across streams); the
        // stateless robust-z scores each stream's window on its own.
        LearnedAnalyzer.Recorder recorder = (stream, stats, score) -> {
            if (!replaying) {
                history.record(stream, stats, score);
            }
        };
        WindowAnalyzer<AnomalyScore> analyzer = learning != null ? new LearnedAnalyzer(learning, recorder)
                : (stream, stats, window, fresh, previous) -> {
                    AnomalyScore score = detector.score(stream, stats, window, fresh);
                    recorder.record(stream, stats, score == null ? Double.NaN : score.score());
                    return score;
                };
        this.engine = new WindowEngine<>(windows, selection.kernel(), selection.device(), analyzer,
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
        this.checkpoints = config.checkpoint().enabled()
                ? new CheckpointFile(directory.path()) : null;
        this.log = checkpoints == null ? null : openLog(config.checkpoint(), directory.path());
        this.inFlight = new InFlightBatches(log);
        this.logWait = Timer.builder("rtda.readings.log.wait").description("Time a batch waits for the readings "
                + "log to be durable before it is answered").register(registry);
        this.logFailures = Counter.builder("rtda.readings.log.failures").description("Batches answered 503 "
                + "because the readings log could not be written or was at its size bound").register(registry);
        if (log != null) {
            registry.gauge("rtda.readings.log.bytes", log, ReadingLog::bytesOnDisk);
            FunctionCounter.builder("rtda.readings.log.forces", log, ReadingLog::forces).description("fsyncs of the "
                    + "readings log; each covers every batch written before it").register(registry);
        }
        restore();
        LOG.infof("RTDA-APP-001 analytics ready: backend=%s, count window=%d, time window=%s, late tolerance=%s, "
                + "detector=%s", backend, w.countSize(), w.timeSpan(), w.lateTolerance(), detector.name());
    }

    private static ReadingLog openLog(RtdaConfig.Checkpoint config, Path checkpoints) {
        if (config.readingsLog() == RtdaConfig.Checkpoint.ReadingsLog.OFF) {
            LOG.warn("RTDA-CKP-010 readings log off (rtda.checkpoint.readings-log=off): a crash loses the readings "
                    + "accepted since the last checkpoint");
            return null;
        }
        Path directory = checkpoints.resolve("readings");
        try {
            return new ReadingLog(directory, config.readingsLog() == RtdaConfig.Checkpoint.ReadingsLog.FSYNC
                    ? ReadingLog.Sync.FSYNC : ReadingLog.Sync.WRITE, config.readingsLogMaxSize().asLongValue());
        } catch (IOException e) {
            throw new IllegalStateException("RTDA-CKP-010 cannot open the readings log in " + directory + ": " + e
                    + "; make it writable, or set rtda.checkpoint.readings-log=off to run without one", e);
        }
    }

    /**
     * Restores the newest intact checkpoint and replays the readings log onto it, before any reading is taken
     * (this bean is built before the first request can reach it). A checkpoint that cannot be read is logged and
     * the service starts from the log alone.
     */
    private void restore() {
        if (checkpoints == null) {
            return;
        }
        WindowsPart windows = new WindowsPart(engine);
        ReadingLogPart logPart = new ReadingLogPart(log);
        long replayFrom = -1; // every segment there is, unless a checkpoint is restored whole
        long start = System.nanoTime();
        try {
            // Parts are read in file order, windows before the model: whatever restoring the windows feeds the
            // detector is then replaced by its checkpointed state and positions.
            List<CheckpointPart> parts = learning == null ? List.of(logPart, windows)
                    : List.of(logPart, windows, new ModelPart(learning));
            checkpoints.restore(parts).ifPresentOrElse(r -> LOG.infof("RTDA-CKP-001 restored %d streams "
                    + "(%d samples) from %s taken at %s, in %d ms", windows.streams(), windows.samples(), r.file(),
                    Instant.ofEpochMilli(r.takenAt()), (System.nanoTime() - start) / 1_000_000),
                    () -> LOG.infof("RTDA-CKP-002 no checkpoint in %s: starting empty", checkpoints.directory()));
            replayFrom = logPart.mark();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "RTDA-CKP-003 could not restore from %s; starting empty (the broken files are "
                    + "replaced by the next checkpoint)", checkpoints.directory());
        }
        if (log != null) {
            replayedStreams = new LogReplay(engine, log, on -> replaying = on).replay(replayFrom).streams();
        }
    }

    private static AnomalyDetector detector(RtdaConfig.Model model) {
        if (model.detector().equals("robust-z")) {
            return new RobustZDetector(model.rangeK(), model.warmup());
        }
        try {
            return new StreamingDetectorAdapter(Detectors.create(model.detector(),
                    DetectorOptions.parse(model.options().orElse(List.of()))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RTDA-APP-002 " + e.getMessage() + " (rtda.model.detector is "
                    + "robust-z or one of " + Detectors.NAMES + ")", e);
        }
    }

    /**
     * The windows' (and a learning detector's) share of each checkpoint, after the readings log's mark: the
     * windows are copied once every batch before the mark was applied.
     */
    @Override
    public List<CheckpointPart> checkpointParts() {
        List<CheckpointPart> parts = new ArrayList<>();
        if (log != null) {
            parts.add(new ReadingLogPart(log, inFlight::mark));
        }
        parts.add(new WindowsPart(engine));
        if (learning != null) {
            parts.add(new ModelPart(learning));
        }
        return parts;
    }

    /**
     * The streams the readings log replay touched at start, once (later calls get none): the rules have not seen
     * those readings, and a stream first seen after the checkpoint is unknown to them.
     */
    public synchronized Set<String> takeReplayedStreams() {
        Set<String> streams = replayedStreams;
        replayedStreams = Set.of();
        return streams;
    }

    /** Frees the statistics device, if one is in use. */
    @PreDestroy
    void close() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.warnf("RTDA-CKP-010 closing the readings log: %s", e);
            }
        }
        engine.close();
        if (learning != null) {
            learning.close();
        }
    }

    /**
     * Applies a batch of valid readings; per-record outcomes are in the result. With the readings log on, returns
     * once the stored readings are in it (alert rules see the batch after that, and also when it fails: the
     * windows hold the readings either way).
     *
     * @throws ReadingLogUnavailableException when the log could not be written: the readings are in the windows
     *                                        but would not survive a crash, so the caller answers "not stored"
     *                                        and a retry stores them once
     */
    public BatchResult ingest(ReadingBatch batch) {
        long segment = enter();
        try {
            return apply(batch);
        } finally {
            inFlight.leave(segment);
        }
    }

    private long enter() {
        try {
            return inFlight.enter();
        } catch (InFlightBatches.StoppingException stopping) {
            throw new ReadingLogUnavailableException("RTDA-APP-003 the server is stopping; nothing of this batch "
                    + "was stored", stopping);
        }
    }

    /**
     * At shutdown, before the final checkpoint (whose observer has the default priority): takes no more batches
     * (503) and waits up to 10 s for those in flight to run their rules.
     */
    void drain(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) ShutdownEvent event) {
        try {
            int left = inFlight.drain(10_000);
            if (left > 0) {
                LOG.warnf("RTDA-APP-003 stopping with %d batch(es) still running their rules; the readings log "
                        + "replays them at the next start", left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private BatchResult apply(ReadingBatch batch) {
        requireLogRoom();
        long start = System.nanoTime();
        List<StreamSnapshot<AnomalyScore>> published = new ArrayList<>();
        BatchResult result = engine.apply(batch, published);
        batchLatency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        ReadingLogUnavailableException notLogged = null;
        if (log != null) {
            try {
                logged(batch, result);
            } catch (ReadingLogUnavailableException e) {
                notLogged = e;
            }
        }
        accepted.increment(result.accepted());
        duplicates.increment(result.duplicates());
        windowsUpdated.increment(result.windowsUpdated());
        result.rejected().forEach(r -> countRejected(r.field()));
        if (observers != null && result.accepted() > 0) {
            // Also when the log failed: the windows hold the readings, and the retry the 503 asks for finds them
            // all duplicates, so the rules would otherwise never see them.
            observers.forEach(o -> o.applied(published));
        }
        if (notLogged != null) {
            throw notLogged;
        }
        return result;
    }

    /**
     * Refuses a batch, before anything of it is applied, while the readings log is at its size bound.
     *
     * @throws ReadingLogUnavailableException naming the size, the bound and the last committed checkpoint
     */
    private void requireLogRoom() {
        if (log == null) {
            return;
        }
        try {
            log.requireRoom();
            if (logFull) {
                logFull = false;
                LOG.infof("RTDA-CKP-014 readings log %s is below its size bound again; batches are accepted",
                        log.directory());
            }
        } catch (ReadingLog.LogFullException e) {
            logFailures.increment();
            if (!logFull) {
                logFull = true;
                LOG.errorf("RTDA-CKP-014 %s; batches are answered 503 until it is below the bound again",
                        e.getMessage());
            }
            throw new ReadingLogUnavailableException("RTDA-CKP-014 " + e.getMessage(), e);
        }
    }

    private void logged(ReadingBatch batch, BatchResult result) {
        long start = System.nanoTime();
        try {
            log.awaitDurable(log.append(batch, result.rejected(), System.currentTimeMillis()));
            if (logFailing) {
                logFailing = false;
                LOG.infof("RTDA-CKP-010 readings log %s writable again", log.directory());
            }
        } catch (IOException e) {
            logFailures.increment();
            if (!logFailing) {
                logFailing = true;
                LOG.errorf("RTDA-CKP-010 cannot write the readings log in %s; batches are answered 503 until it "
                        + "can: %s", log.directory(), e);
            }
            throw new ReadingLogUnavailableException("RTDA-CKP-010 readings log " + log.directory() + ": " + e, e);
        } finally {
            logWait.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Every retained sample, with its stream's tags, of the streams {@code selected} accepts, oldest first per
     * stream: the windows a worker sends along with a partition it hands over.
     */
    public ReadingBatch export(Predicate<String> selected) {
        ReadingBatch batch = new ReadingBatch(64);
        int[] index = {0};
        engine.exportStreams((id, tags, readings, times, values, count) -> {
            if (selected.test(id)) {
                for (int i = 0; i < count; i++) {
                    batch.add(index[0]++, id, times[i], values[i], tags);
                }
            }
        });
        return batch;
    }

    /**
     * Merges samples another worker held for a partition it handed over ({@link WindowEngine#replay}: placed by
     * event time however old, exact duplicates kept once), in the readings log before it returns. The rules are
     * not told: these readings were evaluated where they arrived.
     *
     * @throws ReadingLogUnavailableException as {@link #ingest}
     */
    public BatchResult adopt(ReadingBatch batch) {
        // Tags: a stream this worker already holds keeps its own, set by readings newer than the sender's copy.
        ReadingBatch merged = new ReadingBatch(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Map<String, String> tags = batch.tags(i);
            if (tags != null && hasTags(batch.stream(i))) {
                tags = null;
            }
            merged.add(batch.sourceIndex(i), batch.stream(i), batch.timestamp(i), batch.value(i), tags);
        }
        batch = merged;
        long segment = enter();
        try {
            requireLogRoom();
            BatchResult result = engine.replay(batch);
            if (log != null) {
                logged(batch, result);
            }
            return result;
        } finally {
            inFlight.leave(segment);
        }
    }

    private boolean hasTags(String stream) {
        return engine.snapshot(stream).map(s -> s.tags() != null && !s.tags().isEmpty()).orElse(false);
    }

    /**
     * Counts a refused record by the field at fault (also for records refused before reaching the engine). The
     * label is one of a fixed set: a client's unknown field names and tag keys would otherwise each make a new
     * time series, and one request could make thousands.
     */
    public void countRejected(String field) {
        String label = switch (field) {
            case "stream", "ts", "value", "tags" -> field;
            default -> field.startsWith("tags.") ? "tags" : "other";
        };
        registry.counter("rtda.readings.rejected", "field", label).increment();
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
