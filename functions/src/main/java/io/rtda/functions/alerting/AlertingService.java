package io.rtda.functions.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.functions.alert.AlertListener;
import io.rtda.functions.alert.AlertState;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.functions.analysis.AnalysisService;
import io.rtda.functions.analysis.BatchObserver;
import io.rtda.functions.checkpoint.AlertsPart;
import io.rtda.functions.checkpoint.CheckpointContributor;
import io.rtda.functions.checkpoint.CheckpointDirectory;
import io.rtda.functions.checkpoint.CheckpointFile;
import io.rtda.functions.checkpoint.CheckpointPart;
import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.groupcommit.GroupCommit;
import io.rtda.functions.history.HistoryService;
import io.rtda.functions.history.TransitionRow;
import io.rtda.functions.rules.Rule;
import io.rtda.functions.rules.RuleEngine;
import io.rtda.functions.rules.RuleStatus;
import io.rtda.models.score.AnomalyScore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Owns the rule engine in the application: evaluates rules over the streams each ingested batch updated, ticks
 * absence rules and watches the rules file on one owned thread, persists rule changes and broadcasts transitions
 * (SSE, listeners). Thread-safe.
 */
@Startup
@ApplicationScoped
public class AlertingService implements BatchObserver, CheckpointContributor {
    private static final Logger LOG = Logger.getLogger(AlertingService.class);

    private final RuleEngine engine = new RuleEngine(System::currentTimeMillis);
    private final BroadcastProcessor<AlertMessage> live = BroadcastProcessor.create();
    private final AnalysisService analysis;
    private final RtdaConfig.Rules config;
    private final RuleStore store;
    private ScheduledExecutorService ticker;
    private volatile String fileError;
    /** Transitions since the latest checkpoint, replayed onto it after a crash; null without checkpoints. */
    private final AlertJournal journal;
    private List<AlertTransition> journaled = List.of();

    @Inject
    public AlertingService(AnalysisService analysis, RtdaConfig config, HistoryService history,
            ObjectMapper json, CheckpointDirectory directory) {
        this.analysis = analysis;
        this.config = config.rules();
        this.store = this.config.file().map(RuleStore::new).orElse(null);
        this.journal = config.checkpoint().enabled() ? openJournal(directory.path()) : null;
        if (journal != null) {
            engine.addListener(journal::append); // first: on disk before anything sends the transition
        }
        engine.addListener(t -> {
            synchronized (live) {
                live.onNext(AlertMessage.of(t));
            }
        });
        engine.addListener(t -> history.recordTransition(row(t, json)));
        engine.addListener(t -> LOG.infof("RTDA-ALERT-001 %s %s -> %s: %s", t.alertId(),
                t.from() == null ? "none" : t.from().wire(), t.to().wire(), t.reason()));
        if (store != null) {
            try {
                engine.replaceAll(store.load());
            } catch (IOException e) {
                throw new IllegalStateException("RTDA-RULE-001 cannot read rules file " + store.file() + ": "
                        + e.getMessage() + "; fix the file or unset rtda.rules.file", e);
            }
            LOG.infof("RTDA-RULE-001 %d rule(s) loaded from %s", engine.rules().size(), store.file());
        }
        if (config.checkpoint().enabled()) {
            restoreAlerts(new CheckpointFile(directory.path()));
        }
    }

    private static AlertJournal openJournal(Path checkpoints) {
        Path file = checkpoints.resolve("alerts.journal");
        try {
            return new AlertJournal(file, new ObjectMapper());
        } catch (IOException e) {
            LOG.errorf("RTDA-CKP-009 cannot open alert journal %s; after a crash alerts resume from the last "
                    + "checkpoint only: %s", file, e);
            return null;
        }
    }

    /** A transition as the history stores it: its columns and its wire JSON. */
    private static TransitionRow row(AlertTransition t, ObjectMapper json) {
        String body;
        try {
            body = json.writeValueAsString(AlertMessage.of(t));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert transition " + t.eventId() + " is not serializable", e);
        }
        return new TransitionRow(t.eventId(), t.alertId(), t.sequence(), t.ruleId(), t.stream(),
                t.from() == null ? null : t.from().wire(), t.to().wire(), t.at(), t.severity(), body);
    }

    /** Alert state from the newest checkpoint, before the first evaluation; a broken one is logged, not fatal. */
    private void restoreAlerts(CheckpointFile checkpoints) {
        AlertsPart alerts = new AlertsPart(engine);
        try {
            checkpoints.restore(List.of(alerts)).filter(r -> r.restored().contains(alerts.name())).ifPresent(r ->
                    LOG.infof("RTDA-CKP-006 restored alert state of %d streams from %s", alerts.streams(), r.file()));
            if (journal != null) {
                Map<String, AlertTransition> latest = new LinkedHashMap<>();
                int replayed = journal.replay(t -> {
                    boolean applied = engine.replay(t);
                    if (applied) {
                        latest.remove(t.alertId()); // in the order of each alert's latest transition
                        latest.put(t.alertId(), t);
                    }
                    return applied;
                });
                journaled = List.copyOf(latest.values());
                if (replayed > 0) {
                    LOG.infof("RTDA-CKP-008 replayed %d alert transition(s) made after the checkpoint", replayed);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "RTDA-CKP-007 could not restore alert state from %s; alerts start fresh",
                    checkpoints.directory());
        }
    }

    /**
     * Each alert's latest transition replayed from the journal at start (made after the checkpoint, before a
     * crash): a crash between the journal line and an outbox's entry leaves it journaled but never sent, so each
     * outbox queues those it does not know.
     */
    public List<AlertTransition> journaledSinceCheckpoint() {
        return journaled;
    }

    /** The alerts' share of each checkpoint. */
    @Override
    public List<CheckpointPart> checkpointParts() {
        return List.of(journal == null ? new AlertsPart(engine) : new AlertsPart(engine, journal::mark,
                journal::dropBefore));
    }

    void start(@Observes StartupEvent event) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtda-rules-tick");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, config.tick().toMillis());
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Once every listener is registered (after the other start-up observers: the alert channels register theirs
     * then), the rules look at each stream the readings log replay touched: the replay tells no observer, so a
     * reading stored and logged just before a crash would otherwise never be evaluated (its retry is a
     * duplicate), and a stream first seen after the checkpoint would stay unknown to absence rules.
     */
    void evaluateReplayed(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        Set<String> streams = analysis.takeReplayedStreams();
        int transitions = GroupCommit.call(() -> streams.stream()
                .mapToInt(s -> analysis.snapshot(s).map(engine::evaluate).map(List::size).orElse(0)).sum());
        if (!streams.isEmpty()) {
            LOG.infof("RTDA-CKP-013 rules evaluated on the %d stream(s) the readings log replay touched: %d "
                    + "transition(s)", streams.size(), transitions);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdown(); // not shutdownNow: an interrupt in a journal or outbox write closes that file
        }
    }

    private void tick() {
        try {
            GroupCommit.run(() -> {
                engine.tick();
                reloadIfEdited();
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "RTDA-RULE-900 rule tick failed; retrying on the next tick");
        }
    }

    private synchronized void reloadIfEdited() {
        if (store == null) {
            return;
        }
        try {
            if (store.changedOnDisk() && !store.exists()) {
                store.load(); // notes the file as absent, so this is said once
                fileError = "the rules file was deleted or moved; the " + engine.rules().size() + " rule(s) in "
                        + "memory stay active and are written back on the next PUT or DELETE";
                LOG.warnf("RTDA-RULE-004 rules file %s is gone: %s", store.file(), fileError);
            } else if (store.changedOnDisk()) {
                List<Rule> rules = store.load();
                engine.replaceAll(rules);
                fileError = null;
                LOG.infof("RTDA-RULE-003 rules file %s edited: %d rule(s) reloaded, alert state kept", store.file(),
                        rules.size());
            }
        } catch (IOException | RuntimeException e) {
            fileError = e.getMessage();
            LOG.errorf("RTDA-RULE-002 rules file %s edited but refused, the previous rules stay active: %s",
                    store.file(), e.getMessage());
        }
    }

    @Override
    public void applied(List<StreamSnapshot<AnomalyScore>> published) {
        // Evaluated even without rules: the engine then knows every stream's last reading, so an absence rule
        // added later covers streams seen before it.
        // One force of the alert journal and of each outbox for all the batch's transitions, before the answer.
        GroupCommit.run(() -> published.forEach(engine::evaluate));
    }

    /** Adds or replaces a rule and persists the rule set; returns whether it was new. */
    public synchronized boolean put(Rule rule) {
        boolean created = engine.rule(rule.id()).isEmpty();
        GroupCommit.run(() -> engine.put(rule));
        persist();
        return created;
    }

    /** Removes a rule (resolving its alerts) and persists the rule set. */
    public synchronized Optional<Rule> delete(String id) {
        Optional<Rule> removed = GroupCommit.call(() -> engine.remove(id));
        removed.ifPresent(r -> persist());
        return removed;
    }

    private void persist() {
        if (store == null) {
            return;
        }
        try {
            store.save(engine.rules().values());
        } catch (IOException e) {
            throw new UncheckedIOException("RTDA-RULE-004 rule applied but not saved to " + store.file() + ": "
                    + e.getMessage(), e);
        }
    }

    public Map<String, Rule> rules() {
        return engine.rules();
    }

    public Optional<Rule> rule(String id) {
        return engine.rule(id);
    }

    public List<AlertTransition> alerts(AlertState state) {
        return engine.alerts(state);
    }

    public List<RuleStatus> status(Rule rule, String stream) {
        return engine.status(rule, stream);
    }

    /** Live transitions from now on (hot: no replay). */
    public Multi<AlertMessage> live() {
        return live;
    }

    /** Registers an in-process listener (the embedding API). */
    public void addListener(AlertListener listener) {
        engine.addListener(listener);
    }

    public void removeListener(AlertListener listener) {
        engine.removeListener(listener);
    }

    /** Why the latest edit of the rules file was refused (the previous rules stay active), or null. */
    public String fileError() {
        return fileError;
    }

    /** The rules file changes are saved to, if one is configured. */
    public Optional<java.nio.file.Path> storeFile() {
        return Optional.ofNullable(store).map(RuleStore::file);
    }
}
