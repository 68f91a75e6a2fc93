package io.rtda.functions.rules;

import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.functions.alert.AlertListener;
import io.rtda.functions.alert.AlertState;
import io.rtda.functions.alert.AlertTracker;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.models.score.AnomalyScore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Evaluates rules over stream snapshots (after each ingest) and over silence (on {@link #tick()}), and keeps one
 * alert per rule and stream. Thread-safe: evaluations of one stream are serialized on that stream's state, the
 * rule set is an immutable generation swapped on change, so changing rules never loses window or alert state.
 * Listeners receive each transition right after the evaluation that produced it, still under that stream's lock,
 * so they see every alert's transitions in order even when batches of one stream are ingested concurrently.
 */
public final class RuleEngine {
    private static final System.Logger LOG = System.getLogger(RuleEngine.class.getName());

    private final LongSupplier clock;
    private final ConcurrentHashMap<String, StreamState> streams = new ConcurrentHashMap<>();
    private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
    private final Object rulesLock = new Object();
    private volatile RuleSet rules = new RuleSet(Map.of(), 0);

    /** @param clock evaluation time in epoch ms (the wall clock in production, a controllable one in tests) */
    public RuleEngine(LongSupplier clock) {
        this.clock = clock;
    }

    public void addListener(AlertListener listener) {
        listeners.add(listener);
    }

    public void removeListener(AlertListener listener) {
        listeners.remove(listener);
    }

    /** Evaluates every rule selecting the snapshot's stream; returns (and notifies) the transitions. */
    public List<AlertTransition> evaluate(StreamSnapshot<AnomalyScore> snapshot) {
        long now = clock.getAsLong();
        StreamState state = streams.computeIfAbsent(snapshot.stream(), s -> new StreamState(s, now));
        List<AlertTransition> out = new ArrayList<>(0);
        RuleSet current = rules;
        synchronized (state) {
            StreamSnapshot<AnomalyScore> seen = withLateVerdict(state, snapshot);
            if (!state.observe(seen, now)) {
                return List.of();
            }
            state.judged(judged(seen));
            boolean late = seen != snapshot;
            for (Rule rule : state.matched(current)) {
                if (late && rule.kind() == Rule.Kind.SEQUENCE) {
                    continue; // a sequence needs its conditions in event order, which a late verdict is not
                }
                evaluate(state, rule, now, out);
            }
            dispatch(out, 0);
        }
        return out;
    }

    /**
     * {@code next} as the stream's state should see it. A snapshot older than the one seen (fewer readings: a
     * concurrent batch of the stream was evaluated first) is not a step back, but its verdict may judge a reading
     * the newer one did not (a spike its batch brought): when that verdict outranks the seen one, the seen
     * statistics are evaluated again with it (sequence rules excepted), unless that reading was judged here
     * already (a verdict repeated by a later batch). Otherwise the older snapshot is refused by
     * {@link StreamState}.
     */
    private static StreamSnapshot<AnomalyScore> withLateVerdict(StreamState state, StreamSnapshot<AnomalyScore> next) {
        StreamSnapshot<AnomalyScore> seen = state.snapshot;
        if (seen == null || next == seen || next.readings() >= seen.readings() || next.analysis() == null) {
            return next;
        }
        AnomalyScore late = next.analysis();
        AnomalyScore current = seen.analysis();
        AnomalyScore.Reading reading = judged(next);
        if (state.wasJudged(reading) || !late.outranks(reading.value(), current,
                current == null ? Double.NaN : judged(seen).value())) {
            return next;
        }
        AnomalyScore named = late.reading() != null ? late : late.on(reading.at(), reading.value());
        return new StreamSnapshot<>(seen.stream(), seen.updatedAt(), seen.readings(), seen.stats(), named,
                seen.tags());
    }

    /** The reading a snapshot's verdict judged: the one it names, else the newest; null without a verdict. */
    private static AnomalyScore.Reading judged(StreamSnapshot<AnomalyScore> s) {
        return s.analysis() == null ? null : s.analysis().readingOr(s.stats().lastTimestamp(), s.stats().last());
    }

    /** Evaluates absence rules on every known stream: call periodically (the engine owns no thread). */
    public List<AlertTransition> tick() {
        long now = clock.getAsLong();
        RuleSet current = rules;
        boolean any = current.rules().values().stream().anyMatch(r -> r.kind() == Rule.Kind.ABSENCE);
        if (!any) {
            return List.of();
        }
        List<AlertTransition> out = new ArrayList<>(0);
        for (StreamState state : streams.values()) {
            synchronized (state) {
                int from = out.size();
                for (Rule rule : state.matched(current)) {
                    if (rule.kind() == Rule.Kind.ABSENCE) {
                        evaluate(state, rule, now, out);
                    }
                }
                dispatch(out, from);
            }
        }
        return out;
    }

    private void evaluate(StreamState state, Rule rule, long now, List<AlertTransition> out) {
        AlertTracker tracker = state.trackers.computeIfAbsent(rule.id(), id -> new AlertTracker());
        double value;
        boolean when;
        boolean clear;
        switch (rule.kind()) {
            case ABSENCE -> {
                value = (now - state.lastSeenAt) / 1000.0;
                when = now - state.lastSeenAt >= rule.absentForMillis();
                clear = !when;
            }
            case SEQUENCE -> {
                if (state.snapshot == null) {
                    return;
                }
                value = metric(state, rule.then().metric());
                when = confident(state, rule) && sequence(state, rule, now);
                clear = !when;
            }
            default -> {
                if (state.snapshot == null) {
                    return;
                }
                value = metric(state, rule.when().metric());
                when = confident(state, rule) && rule.when().test(value);
                clear = rule.clear() == null ? !when : rule.clear().test(value) || !confident(state, rule);
            }
        }
        AlertState from = tracker.state();
        AlertState to = tracker.step(rule.policy(), now, when, clear, value);
        if (to != null) {
            AlertTransition t = Transitions.of(rule, state, tracker, from, to, now, value, null);
            tracker.record(t);
            out.add(t);
        }
    }

    private static boolean confident(StreamState state, Rule rule) {
        AnomalyScore score = state.snapshot.analysis();
        return rule.minConfidence() <= 0 || score != null && score.confidence() >= rule.minConfidence();
    }

    private static boolean sequence(StreamState state, Rule rule, long now) {
        boolean a = rule.when().test(metric(state, rule.when().metric()));
        boolean b = rule.then().test(metric(state, rule.then().metric()));
        Long mark = state.sequenceMarks.get(rule.id());
        if (mark != null && now - mark > rule.withinMillis()) {
            state.sequenceMarks.remove(rule.id());
            mark = null;
        }
        if (b && mark != null && now > mark) {
            state.sequenceMarks.remove(rule.id());
            return true;
        }
        if (a) {
            state.sequenceMarks.put(rule.id(), now);
        }
        return false;
    }

    static double metric(StreamState state, Metric metric) {
        return metric.of(state.snapshot.stats(), state.snapshot.analysis(), state.rate);
    }

    /**
     * Adds or replaces a rule. Alerts of a replaced rule keep their state; those on streams the new version
     * no longer selects are resolved. Returns (and notifies) those transitions.
     */
    public List<AlertTransition> put(Rule rule) {
        return replace(List.of(rule), Set.of());
    }

    /** Removes a rule, resolving its pending and firing alerts; empty if there was no such rule. */
    public Optional<Rule> remove(String id) {
        Rule old = rules.rules().get(id);
        if (old == null) {
            return Optional.empty();
        }
        replace(List.of(), Set.of(id));
        return Optional.of(old);
    }

    /** Makes {@code all} the whole rule set (a reload): puts each, removes the others. */
    public List<AlertTransition> replaceAll(Collection<Rule> all) {
        Set<String> ids = new HashSet<>();
        all.forEach(r -> ids.add(r.id()));
        Set<String> gone = new HashSet<>(rules.rules().keySet());
        gone.removeAll(ids);
        return replace(all, gone);
    }

    private List<AlertTransition> replace(Collection<Rule> puts, Set<String> removals) {
        long now = clock.getAsLong();
        RuleSet next;
        synchronized (rulesLock) {
            Map<String, Rule> map = new java.util.LinkedHashMap<>(rules.rules());
            removals.forEach(map::remove);
            puts.forEach(r -> map.put(r.id(), r));
            next = new RuleSet(map, rules.version() + 1);
            rules = next;
        }
        for (Rule r : puts) {
            for (String s : r.expected()) {
                streams.computeIfAbsent(s, id -> new StreamState(id, now));
            }
        }
        List<AlertTransition> out = new ArrayList<>(0);
        Set<String> touched = new HashSet<>(removals);
        puts.forEach(r -> touched.add(r.id()));
        for (StreamState state : streams.values()) {
            synchronized (state) {
                int from = out.size();
                List<Rule> matched = state.matched(next);
                for (String id : touched) {
                    AlertTracker tracker = state.trackers.get(id);
                    boolean deleted = !next.rules().containsKey(id);
                    boolean unselected = !deleted && !matched.contains(next.rules().get(id));
                    if (tracker != null && (deleted || unselected)) {
                        resolve(tracker, now, deleted ? "rule deleted" : "stream no longer selected by the rule", out);
                        state.trackers.remove(id);
                        state.sequenceMarks.remove(id);
                    }
                }
                dispatch(out, from);
            }
        }
        return out;
    }

    private static void resolve(AlertTracker tracker, long now, String why, List<AlertTransition> out) {
        AlertState from = tracker.state();
        AlertTransition last = tracker.lastTransition();
        if (tracker.forceResolve(now) && last != null) {
            AlertTransition t = Transitions.forced(last, from, tracker.sequence(), now, why);
            tracker.record(t);
            out.add(t);
        }
    }

    /** Notifies listeners of {@code out} from index {@code from}; called under the stream's lock (order per alert). */
    private void dispatch(List<AlertTransition> out, int from) {
        for (AlertTransition t : out.subList(from, out.size())) {
            for (AlertListener l : listeners) {
                try {
                    l.onTransition(t);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "RTDA-ALERT-900 listener " + l + " failed on " + t.eventId(), e);
                }
            }
        }
    }

    /** Rules by id, in insertion order. */
    public Map<String, Rule> rules() {
        return rules.rules();
    }

    public Optional<Rule> rule(String id) {
        return Optional.ofNullable(rules.rules().get(id));
    }

    /** Current alerts (their latest transition), optionally only those in {@code state}; ordered by id. */
    public List<AlertTransition> alerts(AlertState state) {
        List<AlertTransition> out = new ArrayList<>();
        for (StreamState s : streams.values()) {
            synchronized (s) {
                for (AlertTracker t : s.trackers.values()) {
                    AlertTransition last = t.lastTransition();
                    if (last != null && (state == null || last.to() == state)) {
                        out.add(last);
                    }
                }
            }
        }
        out.sort(Comparator.comparing(AlertTransition::alertId));
        return out;
    }

    /** Explains a rule on one stream, or on every stream it has evaluated when {@code stream} is null. */
    public List<RuleStatus> status(Rule rule, String stream) {
        long now = clock.getAsLong();
        Map<String, StreamState> which = new HashMap<>();
        if (stream != null) {
            StreamState s = streams.get(stream);
            if (s == null) {
                return List.of(Explanations.unknown(rule, stream));
            }
            which.put(stream, s);
        } else {
            streams.forEach((id, s) -> which.put(id, s));
        }
        List<RuleStatus> out = new ArrayList<>();
        for (StreamState s : which.values()) {
            synchronized (s) {
                boolean selected = s.matched(rules).contains(rule);
                AlertTracker tracker = s.trackers.get(rule.id());
                if (stream != null || tracker != null) {
                    out.add(Explanations.of(rule, s.stream, selected, tracker, now));
                }
            }
        }
        out.sort(Comparator.comparing(RuleStatus::stream));
        return out;
    }

    /**
     * One stream's alert state for checkpoints: when it was last seen (for absence rules), its tags (for
     * selectors), sequence-rule marks and a tracker per rule.
     */
    public record SavedStream(String stream, long lastSeenAt, Map<String, String> tags,
            Map<String, Long> sequenceMarks, Map<String, AlertTracker.Saved> trackers) {
    }

    /** Every stream's alert state, each copied under its lock. */
    public List<SavedStream> save() {
        List<SavedStream> out = new ArrayList<>(streams.size());
        for (StreamState s : streams.values()) {
            synchronized (s) {
                Map<String, AlertTracker.Saved> trackers = new HashMap<>();
                s.trackers.forEach((rule, t) -> trackers.put(rule, t.save()));
                out.add(new SavedStream(s.stream, s.lastSeenAt, Map.copyOf(s.tags), Map.copyOf(s.sequenceMarks),
                        trackers));
            }
        }
        return out;
    }

    /** Puts saved alert state back, before evaluation starts; alerts resume where they were, without notifying. */
    public void restore(List<SavedStream> saved) {
        for (SavedStream s : saved) {
            StreamState state = new StreamState(s.stream(), s.lastSeenAt());
            state.tags = s.tags();
            state.sequenceMarks.putAll(s.sequenceMarks());
            s.trackers().forEach((rule, t) -> state.trackers.put(rule, AlertTracker.restore(t)));
            streams.put(s.stream(), state);
        }
    }

    /**
     * Applies a transition read back from the alert journal (see {@link AlertTracker#replay}); before evaluation
     * starts. Returns whether it changed anything.
     */
    public boolean replay(AlertTransition t) {
        StreamState state = streams.computeIfAbsent(t.stream(), id -> new StreamState(id, t.at()));
        synchronized (state) {
            return state.trackers.computeIfAbsent(t.ruleId(), id -> new AlertTracker()).replay(t);
        }
    }

    /** Number of streams the engine knows. */
    public int streamCount() {
        return streams.size();
    }
}
