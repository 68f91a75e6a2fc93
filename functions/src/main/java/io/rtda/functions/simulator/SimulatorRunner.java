package io.rtda.functions.simulator;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.functions.analysis.AnalysisService;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.ingest.IngestUnavailableException;
import io.rtda.functions.ingest.UnavailableProblemMapper;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs the simulator when {@code rtda.simulator.enabled}: ticks it every 200 ms on its own thread and
 * feeds the batch through the same analysis service as HTTP ingest. Owns that thread; stops it on
 * shutdown.
 */
@ApplicationScoped
public class SimulatorRunner {
    private static final Logger LOG = Logger.getLogger(SimulatorRunner.class);
    private static final long TICK_MS = 200;

    private final AnalysisService analysis;
    private final RtdaConfig.Simulator config;
    private final AtomicLong late = new AtomicLong();
    private SensorSimulator simulator;
    private ScheduledExecutorService executor;

    @Inject
    public SimulatorRunner(AnalysisService analysis, RtdaConfig config) {
        this.analysis = analysis;
        this.config = config.simulator();
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        simulator = new SensorSimulator(config.streams(), config.rate(), config.seed(),
                config.scenarioEvery().toMillis(), config.scenarioLength().toMillis());
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtda-simulator");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.infof("RTDA-SIM-001 simulator on: %d sensors at %.1f readings/s each, seed %d, a scenario every %s",
                config.streams(), config.rate(), config.seed(), config.scenarioEvery());
    }

    /**
     * First at shutdown, before the window service drains its batches: no interrupt (one during a readings-log
     * write would close the log's file), and no tick after.
     */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the simulator is running. */
    public boolean running() {
        return simulator != null;
    }

    /** The injected scenarios so far, oldest first. */
    public synchronized List<ScenarioEvent> scenarios() {
        return simulator == null ? List.of() : simulator.scenarios();
    }

    /** Simulated readings refused as late so far (the LATE scenario). */
    public long lateRefused() {
        return late.get();
    }

    private void tick() {
        try {
            ReadingBatch batch = new ReadingBatch(config.streams() * 2);
            synchronized (this) {
                simulator.tick(System.currentTimeMillis(), batch);
            }
            BatchResult result = analysis.ingest(batch);
            late.addAndGet(result.rejected().stream().filter(r -> r.reason().startsWith("late")).count());
        } catch (IngestUnavailableException e) {
            UnavailableProblemMapper.logSometimes(e); // as a client would get it: a 503, retried next tick
        } catch (RuntimeException e) {
            LOG.errorf(e, "RTDA-SIM-002 simulator tick failed; continuing");
        }
    }
}
