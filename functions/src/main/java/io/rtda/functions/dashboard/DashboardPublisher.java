package io.rtda.functions.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.functions.analysis.BatchObserver;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.models.score.AnomalyScore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Feeds the {@link StreamBoard}: marks the streams each ingested batch touched (on the ingest thread, cheap and
 * independent of connected browsers) and publishes the changes on its own thread every
 * {@code rtda.dashboard.publish-interval}. Owns that thread.
 */
@Startup
@ApplicationScoped
public class DashboardPublisher implements BatchObserver {
    private static final Logger LOG = Logger.getLogger(DashboardPublisher.class);

    private final RtdaConfig.Dashboard config;
    private final StreamBoard board;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter skipped;
    private ScheduledExecutorService executor;

    @Inject
    public DashboardPublisher(RtdaConfig config, MeterRegistry registry) {
        this.config = config.dashboard();
        if (!(this.config.maxRate() > 0)) {
            throw new IllegalArgumentException("rtda.dashboard.max-rate must be above 0 messages per second, was "
                    + this.config.maxRate());
        }
        if (this.config.publishInterval().toMillis() < 10) {
            throw new IllegalArgumentException("rtda.dashboard.publish-interval must be at least PT0.01S, was "
                    + this.config.publishInterval());
        }
        this.board = new StreamBoard(this.config.maxStreams(), this.config.sparklinePoints());
        registry.gauge("rtda.dashboard.connections", connections);
        registry.gauge("rtda.dashboard.streams", board, StreamBoard::streams);
        this.skipped = Counter.builder("rtda.dashboard.sends.skipped")
                .description("Dashboard sends skipped because the client had not taken the previous one").register(
                        registry);
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtda-dashboard");
            t.setDaemon(true);
            return t;
        });
        long every = config.publishInterval().toMillis();
        executor.scheduleWithFixedDelay(this::publish, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void publish() {
        try {
            board.publish();
        } catch (RuntimeException e) {
            LOG.errorf(e, "RTDA-DASH-001 dashboard publish failed; retrying on the next interval");
        }
    }

    @Override
    public void applied(List<StreamSnapshot<AnomalyScore>> published) {
        published.forEach(board::observe);
    }

    public StreamBoard board() {
        return board;
    }

    /** Shortest time between two messages to one connection. */
    public Duration minSendInterval(double requestedRate) {
        double rate = Math.min(requestedRate, config.maxRate());
        return Duration.ofNanos((long) Math.ceil(1e9 / rate));
    }

    /** Counts a connection while its stream is open. */
    public void connected(boolean open) {
        connections.addAndGet(open ? 1 : -1);
    }

    /** Counts sends skipped for a slow client. */
    public void skipped() {
        skipped.increment();
    }

    public double maxRate() {
        return config.maxRate();
    }
}
