package io.rtda.models.score;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The per-stream states of a detector whose streams do not share a model: each reading is scored from its
 * own stream's state, created on the stream's first reading. This is the loop of
 * {@link StreamingDetector#observe} for such detectors. Not thread-safe: the owning detector serializes calls.
 *
 * @param <S> one stream's state
 */
public final class PerStream<S> {
    /** Scores one reading from its stream's state, then learns it. */
    @FunctionalInterface
    public interface Step<S> {
        AnomalyScore observe(S state, long timestamp, double value);
    }

    private final Map<String, S> states = new HashMap<>();
    private final Function<String, S> create;

    /** @param create the state of a stream seen for the first time, given its id */
    public PerStream(Function<String, S> create) {
        this.create = create;
    }

    /** Scores the first {@code count} readings in order, each with its stream's state. */
    public AnomalyScore[] observe(String[] ids, long[] timestamps, double[] values, int count, Step<S> step) {
        AnomalyScore[] out = new AnomalyScore[count];
        for (int i = 0; i < count; i++) {
            out[i] = step.observe(states.computeIfAbsent(ids[i], create), timestamps[i], values[i]);
        }
        return out;
    }

    /** The states by stream id, for a checkpoint (a read-only view). */
    public Map<String, S> states() {
        return Collections.unmodifiableMap(states);
    }

    /** Replaces every state with {@code restored}, for a restore. */
    public void replaceAll(Map<String, S> restored) {
        states.clear();
        states.putAll(restored);
    }
}
