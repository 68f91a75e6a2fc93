package io.rtda.functions.checkpoint;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rtda.functions.config.RtdaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes a checkpoint of every {@link CheckpointContributor}'s part every {@code rtda.checkpoint.interval} on
 * its own thread, and one at shutdown. Each owner restores its own part when it is built.
 */
@ApplicationScoped
public class CheckpointScheduler {
    private static final Logger LOG = Logger.getLogger(CheckpointScheduler.class);

    private final Instance<CheckpointContributor> contributors;
    private final CheckpointFile file;
    private final RtdaConfig.Checkpoint config;
    private final Timer writes;
    private final AtomicLong lastTakenAt = new AtomicLong();
    private ScheduledExecutorService thread;

    @Inject
    public CheckpointScheduler(Instance<CheckpointContributor> contributors, RtdaConfig config,
            MeterRegistry registry, CheckpointDirectory directory) {
        this.contributors = contributors;
        this.config = config.checkpoint();
        this.file = new CheckpointFile(directory.path());
        this.writes = Timer.builder("rtda.checkpoint.write").description("Time to write one checkpoint")
                .register(registry);
        Gauge.builder("rtda.checkpoint.last", lastTakenAt, AtomicLong::get).baseUnit("epoch-ms")
                .description("When the newest checkpoint was started").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("RTDA-CKP-000 checkpoints off (rtda.checkpoint.enabled=false)");
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtda-checkpoint");
            t.setDaemon(true);
            return t;
        });
        long every = config.interval().toMillis();
        thread.scheduleWithFixedDelay(this::checkpoint, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
    }

    private void checkpoint() {
        long start = System.nanoTime();
        long takenAt = System.currentTimeMillis();
        try {
            List<CheckpointPart> parts = new ArrayList<>();
            contributors.forEach(c -> parts.addAll(c.checkpointParts()));
            long bytes = file.write(parts, takenAt);
            parts.forEach(CheckpointPart::committed);
            lastTakenAt.set(takenAt);
            LOG.debugf("RTDA-CKP-004 checkpoint of %s: %d bytes in %d ms", parts.stream().map(CheckpointPart::name)
                    .toList(), bytes, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "RTDA-CKP-005 checkpoint to %s failed; the previous one stays", config.directory());
        } finally {
            writes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
