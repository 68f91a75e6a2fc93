package io.rtda.functions.rules;

import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.functions.alert.AlertTracker;
import io.rtda.models.score.AnomalyScore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine knows of one stream: its latest snapshot, when it was last seen, the rules that select it
 * and one alert tracker per rule. Guarded by its own monitor; the engine locks it for every evaluation.
 */
final class StreamState {
    static final int JUDGED_KEPT = 16;
    final String stream;
    final Map<String, AlertTracker> trackers = new HashMap<>();
    /** Sequence rules: when condition A last held without B, per rule id. */
    final Map<String, Long> sequenceMarks = new HashMap<>();
    StreamSnapshot<AnomalyScore> snapshot;
    Map<String, String> tags = Map.of();
    long lastSeenAt;
    double rate = Double.NaN;
    /** The readings the latest verdicts judged, oldest first: a late batch's verdict on one of them is not new. */
    private final ArrayDeque<AnomalyScore.Reading> judged = new ArrayDeque<>();
    private int matchedVersion = -1;
    private List<Rule> matched = List.of();

    StreamState(String stream, long lastSeenAt) {
        this.stream = stream;
        this.lastSeenAt = lastSeenAt;
    }

    /** Remembers the reading a verdict evaluated here judged (the last {@value #JUDGED_KEPT}). */
    void judged(AnomalyScore.Reading reading) {
        if (reading != null && !judged.contains(reading)) {
            judged.addLast(reading);
            if (judged.size() > JUDGED_KEPT) {
                judged.removeFirst();
            }
        }
    }

    boolean wasJudged(AnomalyScore.Reading reading) {
        return judged.contains(reading);
    }

    /** Takes a new snapshot; returns false if it is not newer than the one held. */
    boolean observe(StreamSnapshot<AnomalyScore> next, long now) {
        StreamSnapshot<AnomalyScore> prev = snapshot;
        if (prev == next || prev != null && next.readings() < prev.readings()) {
            return false;
        }
        if (prev != null && next.stats().lastTimestamp() > prev.stats().lastTimestamp()) {
            rate = (next.stats().last() - prev.stats().last())
                    / ((next.stats().lastTimestamp() - prev.stats().lastTimestamp()) / 1000.0);
        }
        snapshot = next;
        lastSeenAt = now;
        if (!next.tags().equals(tags)) {
            tags = next.tags();
            matchedVersion = -1;
        }
        return true;
    }

    /** The rules selecting this stream, recomputed when the rule set or the tags change. */
    List<Rule> matched(RuleSet rules) {
        if (matchedVersion != rules.version()) {
            List<Rule> m = new ArrayList<>();
            for (Rule r : rules.rules().values()) {
                if (r.selector().matches(stream, tags) || r.expected().contains(stream)) {
                    m.add(r);
                }
            }
            matched = m;
            matchedVersion = rules.version();
        }
        return matched;
    }
}
