package io.rtda.functions.history;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.export.InfluxLineExporter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** The application's history: records window updates, owns the writer, serves reads. */
@ApplicationScoped
public class HistoryService {
    private static final Logger LOG = Logger.getLogger(HistoryService.class);

    private final HistoryRecorder recorder;
    private final HistoryWriter writer;
    private final HistoryReader reader;
    private final JdbcHistoryStore store;
    private final ScheduledExecutorService exportThread;

    @Inject
    public HistoryService(RtdaConfig config, MeterRegistry registry) {
        RtdaConfig.History h = config.history();
        List<HistoryLevel> levels = List.of(new HistoryLevel(Duration.ofSeconds(1), h.secondRetention()),
                new HistoryLevel(Duration.ofMinutes(1), h.minuteRetention()),
                new HistoryLevel(Duration.ofHours(1), h.hourRetention()));
        if (!h.enabled()) {
            recorder = null;
            store = null;
            writer = null;
            reader = null;
            exportThread = null;
            LOG.info("RTDA-HIST-000 history off (rtda.history.enabled=false)");
            return;
        }
        store = new JdbcHistoryStore(h.jdbcUrl(), h.user().orElse(null),
                h.password().orElse(null));
        recorder = new HistoryRecorder(levels.get(0));
        writer = new HistoryWriter(store, recorder, levels, h.maxPending(), System::currentTimeMillis);
        reader = new HistoryReader(store, levels);
        Gauge.builder("rtda.history.pending", writer, HistoryWriter::pending)
                .description("History buckets waiting for the database").register(registry);
        FunctionCounter.builder("rtda.history.dropped", writer, HistoryWriter::dropped)
                .description("History points dropped because the pending buffer was full").register(registry);
        FunctionCounter.builder("rtda.history.written", writer, HistoryWriter::written)
                .description("History buckets written").register(registry);
        FunctionCounter.builder("rtda.history.failures", writer, HistoryWriter::failures)
                .description("History flushes that failed").register(registry);
        exportThread = h.influx().url().map(url -> startExport(h, url, registry)).orElse(null);
        writer.start(h.flushInterval());
        // Migrates the schema now so reads work from the start; a database that is down is retried each flush.
        writer.flushNow();
        LOG.infof("RTDA-HIST-006 history at %s, flushed every %s", store.url(), h.flushInterval());
    }

    private ScheduledExecutorService startExport(RtdaConfig.History h, String url, MeterRegistry registry) {
        InfluxLineExporter exporter = new InfluxLineExporter(url, h.influx().database(), h.influx().token(),
                h.influx().maxQueued());
        writer.exportTo(exporter);
        Gauge.builder("rtda.export.influx.queued", exporter, InfluxLineExporter::queued)
                .description("Lines waiting for InfluxDB").register(registry);
        FunctionCounter.builder("rtda.export.influx.sent", exporter, InfluxLineExporter::sent)
                .description("Lines InfluxDB accepted").register(registry);
        FunctionCounter.builder("rtda.export.influx.dropped", exporter, InfluxLineExporter::dropped)
                .description("Lines dropped: queue full, or refused by InfluxDB as invalid").register(registry);
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtda-influx-export");
            t.setDaemon(true);
            return t;
        });
        long every = h.flushInterval().toMillis();
        thread.scheduleWithFixedDelay(exporter::send, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("RTDA-EXP-003 exporting history to InfluxDB at %s, database %s", url, h.influx().database());
        return thread;
    }

    public boolean enabled() {
        return writer != null;
    }

    /** On the ingest path: one window update of {@code stream}; {@code score} NaN when none. */
    public void record(String stream, WindowStats stats, double score) {
        if (recorder != null) {
            recorder.record(stream, stats, score);
        }
    }

    /** Off the evaluation path: one alert transition, written with the next flush. */
    public void recordTransition(TransitionRow row) {
        if (writer != null) {
            writer.recordTransition(row);
        }
    }

    /** Stored alert transitions, newest first; empty when history is off. */
    public Optional<List<TransitionRow>> transitions(String stream, String rule, long from, long to, int limit)
            throws SQLException {
        return store == null ? Optional.empty() : Optional.of(store.readTransitions(stream, rule, from, to, limit));
    }

    /** Writes what was recorded so far; true when the database took it. */
    public boolean flush() {
        return writer != null && writer.flushNow();
    }

    /** History of one stream; empty when history is off. */
    public Optional<HistoryReader.Page> read(String stream, long from, long to, long step) throws SQLException {
        return reader == null ? Optional.empty()
                : Optional.of(reader.read(stream, from, to, step, System.currentTimeMillis()));
    }

    public Optional<HistoryWriter> writer() {
        return Optional.ofNullable(writer);
    }

    @PreDestroy
    void close() {
        if (writer != null) {
            writer.close();
        }
        if (exportThread != null) {
            exportThread.shutdown();
            try {
                if (!exportThread.awaitTermination(10, TimeUnit.SECONDS)) {
                    exportThread.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
