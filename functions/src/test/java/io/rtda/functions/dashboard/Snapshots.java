package io.rtda.functions.dashboard;

import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Direction;
import java.util.Map;

/** Stream snapshots for board tests: a newest value at an event time with a given anomaly score. */
final class Snapshots {
    private Snapshots() {
    }

    static StreamSnapshot<AnomalyScore> of(String stream, long t, double value, double score) {
        return of(stream, t, value, score, value);
    }

    /** As {@link #of(String, long, double, double)} with the model expecting {@code expected} +- 3. */
    static StreamSnapshot<AnomalyScore> of(String stream, long t, double value, double score, double expected) {
        WindowStats stats = new WindowStats(10, value * 10, value, 1, value - 1, value + 1, value, 0, 0, value,
                value, value, value, 0.5, t - 9_000, t);
        AnomalyScore a = new AnomalyScore("robust-z", score, expected, expected - 3, expected + 3, Direction.NONE, 1);
        return new StreamSnapshot<>(stream, t, 10, stats, a, Map.of("site", "a"));
    }
}
